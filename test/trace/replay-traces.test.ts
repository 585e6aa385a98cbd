/**
 * Every trace in test/fixtures/traces/ (added with `npm run trace:add`) replays to the end it had:
 * the command recorded next to it (NAME.json) runs against `aztm simulate --replay`'s server and
 * ends with the same exit code and `--json` result, asking nothing the trace does not hold.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startReplayServer,
  type RunningReplayServer,
} from '../../src/simulator/replay/replay-server.ts';
import { parseTraceLines, unredactedCredentials } from '../../src/trace/trace-lines.ts';
import { runInProcess } from '../helpers/run-in-process.ts';

const FOLDER = fileURLToPath(new URL('../fixtures/traces/', import.meta.url));

interface Sidecar {
  readonly argv: readonly string[];
  readonly exitCode: number;
  readonly result: string | null;
}

const names = readdirSync(FOLDER)
  .filter((file) => file.endsWith('.jsonl'))
  .map((file) => file.slice(0, -'.jsonl'.length))
  .sort();

const running: RunningReplayServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

describe('the traces of test/fixtures/traces replay to the same end', () => {
  it('holds at least one trace', () => {
    expect(names.length).toBeGreaterThan(0);
  });

  it.each(names)('%s', async (name) => {
    const file = `${FOLDER}${name}.jsonl`;
    const sidecar = JSON.parse(readFileSync(`${FOLDER}${name}.json`, 'utf8')) as Sidecar;
    const records = parseTraceLines(readFileSync(file, 'utf8'), file);
    expect(unredactedCredentials(records, file)).toEqual([]);
    const misses: string[] = [];
    const server = await startReplayServer({
      records,
      onMiss: (method, pathAndQuery) => misses.push(`${method} ${pathAndQuery}`),
    });
    running.push(server);

    const argv = sidecar.argv.includes('--json') ? sidecar.argv : [...sidecar.argv, '--json'];
    const result = await runInProcess(argv, {
      aztm_organization: server.organizationUrl,
      aztm_pat: 'any-token-replays',
      aztm_poll_interval: '0.1s',
      NO_COLOR: '1',
    });

    expect(result.code, result.stderr).toBe(sidecar.exitCode);
    if (sidecar.result !== null) {
      const last = JSON.parse(result.stdout.trimEnd().split('\n').at(-1) ?? '{}') as {
        result?: string;
      };
      expect(last.result).toBe(sidecar.result);
    }
    expect(misses).toEqual([]);
  });
});
