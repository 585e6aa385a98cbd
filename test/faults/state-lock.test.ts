/**
 * One `flow run` per state file (README, Flows: Resume): two processes on one `--state` would
 * each trigger the steps the other is triggering. The second is refused (exit 2, naming the
 * holder) before it sends any request; a lock left by a process that died is taken over. The
 * built CLI against the simulator; each case is a row of docs/reliability.md.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { spawnCli } from '../helpers/cli-wait.ts';
import { createRequests, e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { markFileComplete, recordRow } from './reliability-table.ts';

const SECTION = 'One flow run per state file';

afterAll(() => markFileComplete(import.meta.url));

/** A flow file of one step running `pipelineId`, and where its state file goes. */
function workDir(pipelineId: number): { flow: string; state: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aztm-state-lock-'));
  const flow = join(dir, 'flow.yaml');
  writeFileSync(
    flow,
    `project: DevOps\nsteps:\n  - { id: waits, pipeline: { pipelineId: ${pipelineId} } }\n`,
  );
  return { flow, state: join(dir, 'state.json') };
}

describe('flow run --state: one run per state file', () => {
  it('a second run on the same state file exits 2 naming the holder, before any request', async () => {
    const sim = await startE2ESimulator();
    // pipeline 46 waits for an approval: the first run holds the file meanwhile.
    const { flow, state } = workDir(46);
    const first = spawnCli(['flow', 'run', flow, '--state', state], { env: e2eEnv(sim) });
    await first.waitFor('stderr', /step waits: running/);
    const other = await startE2ESimulator();

    const second = await runCli(['flow', 'run', flow, '--state', state], { env: e2eEnv(other) });
    first.child.kill('SIGTERM');
    const firstResult = await first.exited;

    recordRow(import.meta.url, {
      section: SECTION,
      fault: 'a second flow run on the --state file of a flow run still going',
      expected:
        'the second exits 2 naming the holder (pid, host, since when) before any request; the first goes on, and frees the file on its way out',
      observed: `second: exit ${second.code}, ${other.state.requests.length} requests; first: exit ${firstResult.code} on SIGTERM, ${createRequests(sim).length} create; lock left: ${existsSync(`${state}.lock`)}`,
    });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(
      new RegExp(
        `--state ${state} is in use by another aztm flow run \\(pid ${first.child.pid} on \\S+, since \\d{4}-`,
      ),
    );
    expect(other.state.requests).toEqual([]);
    expect(createRequests(sim)).toHaveLength(1);
    // The first run released it on its way out.
    expect(existsSync(`${state}.lock`)).toBe(false);
  });

  it('a lock left by a process that died is taken over', async () => {
    const sim = await startE2ESimulator();
    const { flow, state } = workDir(47);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const pid = Number(dead.stdout.toString());
    writeFileSync(
      `${state}.lock`,
      JSON.stringify({ pid, host: hostname(), since: new Date().toISOString(), id: 'died' }),
    );
    const result = await runCli(['flow', 'run', flow, '--state', state], { env: e2eEnv(sim) });

    recordRow(import.meta.url, {
      section: SECTION,
      fault: 'a lock file left by a flow run that died (its pid no longer runs on this host)',
      expected: 'taken over: the flow runs to its end (exit 0), one run, the lock removed after',
      observed: `exit ${result.code}; ${createRequests(sim).length} create; lock left: ${existsSync(`${state}.lock`)}`,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(createRequests(sim)).toHaveLength(1);
    expect(existsSync(`${state}.lock`)).toBe(false);
  });
});
