import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/run-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'aztm-replay-options-'));
const GOOD_LINE = JSON.stringify({
  t: '2026-01-01T00:00:00.000Z',
  method: 'GET',
  url: 'http://127.0.0.1:41793/contoso/_apis/connectionData',
  status: 200,
  requestHeaders: { Authorization: '***' },
  requestBody: null,
  responseHeaders: {},
  responseBody: '{}',
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('aztm simulate --replay: what it refuses (exit 2, before serving)', () => {
  it.each([
    {
      what: 'a file that does not exist',
      args: () => ['--replay', join(dir, 'missing.jsonl')],
      message: `aztm: --replay: cannot read ${join(dir, 'missing.jsonl')}: it does not exist; expected a trace written by aztm --trace FILE\n`,
    },
    {
      what: 'a line that is not a trace record, by its line',
      args: () => ['--replay', file('bad.jsonl', `${GOOD_LINE}\n{"t": 1}\n`)],
      message: `aztm: --replay: ${join(dir, 'bad.jsonl')}:2: "t" must be a string (a trace is what aztm --trace FILE writes)\n`,
    },
    {
      what: '--scenario beside it',
      args: () => ['--replay', file('good.jsonl', GOOD_LINE), '--scenario', 'my.yaml'],
      message:
        'aztm: --replay serves the answers of a trace as recorded; --scenario does not go with it\n',
    },
    {
      what: '--speed beside it',
      args: () => ['--replay', file('good.jsonl', GOOD_LINE), '--speed', '60'],
      message:
        'aztm: --replay serves the answers of a trace as recorded; --speed does not go with it\n',
    },
  ])('$what', async ({ args, message }) => {
    const result = await runInProcess(['simulate', ...args()], {});
    expect(result).toEqual({ code: 2, stdout: '', stderr: message });
  });
});
