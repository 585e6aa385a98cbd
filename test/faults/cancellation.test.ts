/**
 * Cancellation passes on, inside the agent's grace time: the agent sends SIGINT, then SIGTERM
 * 7.5 s later, then kills the process tree (docs/design/azure-devops.md §10.2). aztm must have
 * asked Azure DevOps to cancel what it started and exited 3 (4 for --timeout) well within that.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { spawnCli } from '../helpers/cli-wait.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { markFileComplete, recordRow } from './reliability-table.ts';

const GRACE_MS = 7_000;
const WAITING = /waiting for approval/;

afterAll(() => markFileComplete(import.meta.url));

/** The write requests the CLI sent: cancels of builds and of release stages. */
function cancelRequests(sim: RunningSimulator): { method: string; url: string; body: unknown }[] {
  return sim.state.requests
    .filter((entry) => entry.method === 'PATCH')
    .map((entry) => ({ method: entry.method, url: entry.url, body: entry.body }));
}

describe('a signal cancels what aztm started, and it exits 3 inside the grace time', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s while a pipeline run waits for approval',
    async (signal) => {
      const sim = await startE2ESimulator();
      const cli = spawnCli(['pipeline', '--pipeline-id', '46'], { env: e2eEnv(sim) });
      await cli.waitFor('stderr', WAITING);
      const sent = Date.now();
      cli.child.kill(signal);
      const result = await cli.exited;
      const elapsed = Date.now() - sent;
      const cancels = cancelRequests(sim);
      recordRow(import.meta.url, {
        section: 'Cancellation',
        fault: `${signal} to aztm while the pipeline run waits for an approval`,
        expected: 'the build is set to cancelling; exit 3 within 7 s; says what it canceled',
        observed: `exit ${String(result.code)}; ${cancels.length} cancel request (${JSON.stringify(cancels[0]?.body)}); exited within 7 s: ${String(elapsed < GRACE_MS)}`,
      });
      expect(result.code).toBe(3);
      expect(elapsed).toBeLessThan(GRACE_MS);
      expect(cancels).toHaveLength(1);
      expect(cancels[0]?.url).toMatch(/\/_apis\/build\/builds\/\d+(\?|$)/);
      expect(cancels[0]?.body).toEqual({ status: 'cancelling' });
      expect(result.stderr).toMatch(/interrupted: canceling pipeline run \d+/);
    },
  );

  it('SIGTERM while a release stage waits for approval: the stage is canceled', async () => {
    const sim = await startE2ESimulator();
    const cli = spawnCli(['release', '--release-id', '14'], { env: e2eEnv(sim) });
    await cli.waitFor('stderr', WAITING);
    const sent = Date.now();
    cli.child.kill('SIGTERM');
    const result = await cli.exited;
    const elapsed = Date.now() - sent;
    const cancels = cancelRequests(sim);
    recordRow(import.meta.url, {
      section: 'Cancellation',
      fault: 'SIGTERM to aztm while a release stage waits for an approval',
      expected: 'in-progress stages are canceled; exit 3 within 7 s',
      observed: `exit ${String(result.code)}; ${cancels.length} stage cancel request (${JSON.stringify(cancels[0]?.body)}); exited within 7 s: ${String(elapsed < GRACE_MS)}`,
    });
    expect(result.code).toBe(3);
    expect(elapsed).toBeLessThan(GRACE_MS);
    expect(cancels).toHaveLength(1);
    expect(cancels[0]?.url).toMatch(/\/environments\/\d+(\?|$)/);
    expect(cancels[0]?.body).toMatchObject({ status: 'canceled' });
  });

  it('--timeout does the same with exit 4', async () => {
    const sim = await startE2ESimulator();
    const started = Date.now();
    const cli = spawnCli(['pipeline', '--pipeline-id', '46', '--timeout', '2s'], {
      env: e2eEnv(sim),
    });
    const result = await cli.exited;
    const elapsed = Date.now() - started;
    const cancels = cancelRequests(sim);
    recordRow(import.meta.url, {
      section: 'Cancellation',
      fault: '--timeout 2s reached while the run waits for an approval',
      expected: 'the build is set to cancelling; exit 4 within 7 s of the time-out',
      observed: `exit ${String(result.code)}; ${cancels.length} cancel request; exited within 7 s of the time-out: ${String(elapsed < 2_000 + GRACE_MS)}`,
    });
    expect(result.code).toBe(4);
    expect(elapsed).toBeLessThan(2_000 + GRACE_MS);
    expect(cancels).toHaveLength(1);
    expect(result.stderr).toMatch(/timed out: canceling pipeline run \d+/);
  });

  it('--on-interrupt leave: the run is left alone, and aztm says so', async () => {
    const sim = await startE2ESimulator();
    const cli = spawnCli(['pipeline', '--pipeline-id', '46', '--on-interrupt', 'leave'], {
      env: e2eEnv(sim),
    });
    await cli.waitFor('stderr', WAITING);
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    recordRow(import.meta.url, {
      section: 'Cancellation',
      fault: 'SIGINT with --on-interrupt leave',
      expected: 'no cancel request; exit 3; says the run was left running',
      observed: `exit ${String(result.code)}; ${cancelRequests(sim).length} cancel requests`,
    });
    expect(result.code).toBe(3);
    expect(cancelRequests(sim)).toEqual([]);
    expect(result.stderr).toMatch(/leaving pipeline run \d+ running/);
  });
});
