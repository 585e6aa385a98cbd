import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli-wait.ts';
import { cleanEnv, startCli, type CliResult } from '../helpers/cli.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { withLeakyPipeline } from '../helpers/e2e-runs.ts';
import { runAztm } from '../helpers/run-in-process.ts';

const KEYS = [
  't',
  'method',
  'url',
  'status',
  'requestHeaders',
  'requestBody',
  'responseHeaders',
  'responseBody',
];
const PASSWORD = 'Tr4ce-pa55word';

function traceFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'aztm-trace-e2e-')), 'trace.jsonl');
}

function traceLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The `result` of the `--json` object, the last line of stdout. */
function jsonResult(result: CliResult): unknown {
  return (JSON.parse(result.stdout.trimEnd().split('\n').at(-1) ?? '{}') as { result?: unknown })
    .result;
}

/** `METHOD /path?query` of every request, sorted: what the simulator got, what the trace holds. */
const calls = (entries: { method: string; url: string }[]): string[] =>
  entries.map((entry) => `${entry.method} ${entry.url.replace(/^https?:\/\/[^/]+/, '')}`).sort();

/** Runs `args` against `aztm simulate --replay FILE` (a process), then stops it. */
async function replay(
  file: string,
  args: readonly string[],
): Promise<{ result: CliResult; server: CliResult }> {
  const server = await startCli(['simulate', '--replay', file, '--json'], /\}\n/);
  const info = JSON.parse(server.stdout()) as { organizationUrl: string; token: string };
  const result = await runAztm(args, {
    env: cleanEnv({
      aztm_organization: info.organizationUrl,
      aztm_project: 'DevOps',
      aztm_pat: info.token,
      aztm_poll_interval: '0.1s',
    }),
  });
  server.child.kill('SIGTERM');
  return { result, server: await server.exited };
}

describe('--trace and aztm simulate --replay', () => {
  it.each([
    {
      what: 'a succeeded run (--trace FILE)',
      scenario: undefined,
      args: ['pipeline', '--pipeline-id', '42', '--json'],
      traceBy: 'flag',
      code: 0,
      result: 'succeeded',
      redacted: [],
    },
    {
      what: 'a failed run whose log shows a secret variable (AZTM_TRACE)',
      scenario: withLeakyPipeline(`connecting with ${PASSWORD}`),
      args: [
        'pipeline',
        '--pipeline',
        'leaky',
        '--variables',
        JSON.stringify({ password: { value: PASSWORD, isSecret: true } }),
        '--json',
      ],
      traceBy: 'variable',
      code: 1,
      result: 'failed',
      // In the run request's body and in the failed task's log the trace read.
      redacted: ['\\"value\\":\\"***\\"', 'connecting with ***'],
    },
  ])('traces $what, and replays it offline to the same exit code and result', async (row) => {
    const sim = await startE2ESimulator(row.scenario ? { scenario: row.scenario } : {});
    const file = traceFile();
    const traced = await runAztm(
      row.traceBy === 'flag' ? [...row.args, '--trace', file] : row.args,
      {
        env: e2eEnv(sim, row.traceBy === 'flag' ? {} : { AZTM_TRACE: file }),
      },
    );
    expect(traced.code, traced.stderr).toBe(row.code);
    expect(jsonResult(traced)).toBe(row.result);

    // Every request the simulator got is in the trace, each with the contract's keys, signed in
    // with a token that is not there.
    const lines = traceLines(file);
    expect(calls(lines as { method: string; url: string }[])).toEqual(calls(sim.state.requests));
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(KEYS);
      expect(line.requestHeaders).toMatchObject({ Authorization: '***' });
    }
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(sim.token.value);
    expect(text).not.toContain(PASSWORD);
    for (const shown of row.redacted) expect(text).toContain(shown);

    const { result, server } = await replay(file, row.args);
    expect(result.code, result.stderr).toBe(row.code);
    expect(jsonResult(result)).toBe(row.result);
    expect(server.code).toBe(0);
    expect(server.stderr).not.toContain('holds no answer');
  });

  it('a command the trace does not hold gets the 404 that says so, and exits 5', async () => {
    const sim = await startE2ESimulator();
    const file = traceFile();
    const traced = await runAztm(['pipeline', '--pipeline-id', '42', '--trace', file], {
      env: e2eEnv(sim),
    });
    expect(traced.code).toBe(0);

    const { result, server } = await replay(file, ['pipeline', '--pipeline-id', '44']);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain(
      'The trace holds no answer for GET /contoso/DevOps/_apis/build/definitions/44',
    );
    expect(server.stderr).toContain(
      'the trace holds no answer for GET /contoso/DevOps/_apis/build/definitions/44',
    );
  });

  it('an interrupted run leaves a complete trace, down to the cancel it sent', async () => {
    const sim = await startE2ESimulator();
    const file = traceFile();
    const cli = spawnCli(['pipeline', '--pipeline-id', '46', '--trace', file], {
      env: e2eEnv(sim),
    });
    await cli.waitFor('stderr', /stage Production: waiting for approval/);
    cli.child.kill('SIGINT');
    const result = await cli.exited;

    expect(result.code).toBe(3);
    const lines = traceLines(file);
    expect(calls(lines as { method: string; url: string }[])).toEqual(calls(sim.state.requests));
    const cancel = lines.find((line) => line.method === 'PATCH');
    expect(cancel).toMatchObject({ status: 200, requestBody: '{"status":"cancelling"}' });
  });

  it.each([
    {
      what: 'in a folder that does not exist',
      path: join(tmpdir(), 'aztm-no-such-dir', 't.jsonl'),
      code: 'ENOENT',
    },
    { what: 'that is a folder', path: tmpdir(), code: 'EISDIR' },
  ])('a --trace path $what exits 2 before anything is sent', async ({ path, code }) => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['pipeline', '--pipeline-id', '42', '--trace', path], {
      env: e2eEnv(sim),
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `aztm: --trace: cannot write ${path} (${code}): give a file in a folder that exists and can be written\n`,
    );
    expect(result.stdout).toBe('');
    expect(sim.state.requests).toEqual([]);
  });
});
