/**
 * A signal at any moment ends aztm within the agent's grace (SIGINT, then SIGTERM 7.5 s later,
 * then kill: docs/design/azure-devops.md §10.2): what it started is canceled, or named with its
 * URL; nothing is reported canceled that was not; never a stack trace. One test per phase, each
 * under the fault that made it hang or crash before (interrupt.ts).
 */
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli-wait.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { adminRuns, requestsTo } from '../helpers/e2e-runs.ts';
import {
  arrival,
  expectCleanStop,
  fault,
  faultMet,
  interrupt,
  interruptRows,
  SIGNALS,
} from './interrupt-helpers.ts';

const CREATE = /\/DevOps\/_apis\/pipelines\/42\/runs$/;

const record = interruptRows(import.meta.url, {
  section: 'Interrupted at every phase',
  expected: 'exit 3 within 7.5 s; the run canceled, or named with its URL; no stack trace',
});

describe('a signal at every phase', () => {
  it.each(SIGNALS)(
    '%s before the create (the read of recent runs stalls): nothing was triggered',
    async (_label, signals) => {
      const sim = await startE2ESimulator();
      await fault(sim, {
        kind: 'slow',
        method: 'GET',
        path: '/_apis/build/builds$',
        delay: '60s',
      });
      const cli = spawnCli(['pipeline', '--pipeline-id', '42'], { env: e2eEnv(sim) });
      await faultMet(sim);
      const stopped = await interrupt(cli, signals);
      record('before the create (a read stalls)', signals, stopped, 'nothing created');
      expectCleanStop(stopped);
      expect(stopped.stderr).toMatch(/nothing was triggered/);
      expect(requestsTo(sim, 'POST', CREATE)).toEqual([]);
    },
  );

  /** The create in flight: its answer slow, or lost after the service made the run. */
  const CREATE_FAULTS = [
    ['waits for a slow answer', { kind: 'slow', delay: '2s' }],
    ['is reset after the service acted', { kind: 'resetAfterCommit' }],
  ] as const;
  it.each(
    CREATE_FAULTS.flatMap(([what, spec]) =>
      SIGNALS.map(([label, signals]) => [label, what, spec, signals] as const),
    ),
  )('%s while the create %s: the run it made is canceled', async (_label, what, spec, signals) => {
    const sim = await startE2ESimulator({ speed: 1 });
    await fault(sim, { ...spec, method: 'POST', path: CREATE.source });
    const cli = spawnCli(['pipeline', '--pipeline-id', '42'], { env: e2eEnv(sim) });
    await arrival(sim, 'POST', CREATE);
    const stopped = await interrupt(cli, signals, 3_000);
    const runs = await adminRuns(sim);
    record(
      `while the create ${what}`,
      signals,
      stopped,
      `${runs.length} run, cancel requested: ${String(runs[0]?.cancelRequestedAt !== null)}`,
    );
    expectCleanStop(stopped);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.cancelRequestedAt).not.toBeNull();
  });

  it.each(SIGNALS)(
    '%s during an outage while following: the run is named with its URL',
    async (_label, signals) => {
      const sim = await startE2ESimulator({ speed: 1 });
      const cli = spawnCli(['pipeline', '--pipeline-id', '42'], { env: e2eEnv(sim) });
      const [, id] = (await cli.waitFor('stderr', /triggered pipeline run (\d+)/)) ?? [];
      await fault(sim, { kind: 'serverError', count: 'unlimited' });
      const stopped = await interrupt(cli, signals);
      record('during an outage', signals, stopped, 'named as maybe running');
      expectCleanStop(stopped);
      expect(stopped.stderr).toMatch(
        new RegExp(`may still be running: \\S+buildId=${id ?? 'none'}`),
      );
      expect(stopped.stderr).not.toMatch(/canceled: pipeline run/);
    },
  );

  it.each(SIGNALS)(
    '%s while throttled with Retry-After: 60: the run is named with its URL',
    async (_label, signals) => {
      const sim = await startE2ESimulator({ speed: 1 });
      const cli = spawnCli(['pipeline', '--pipeline-id', '42'], { env: e2eEnv(sim) });
      const [, id] = (await cli.waitFor('stderr', /triggered pipeline run (\d+)/)) ?? [];
      await fault(sim, { kind: 'throttle', count: 'unlimited', retryAfter: 60 });
      const stopped = await interrupt(cli, signals);
      record('while throttled (Retry-After: 60)', signals, stopped, 'named');
      expectCleanStop(stopped);
      expect(stopped.stderr).toMatch(
        new RegExp(`may still be running: \\S+buildId=${id ?? 'none'}`),
      );
    },
  );

  it.each(SIGNALS)(
    '%s while resolving a pipeline by name (the list read stalls): nothing was triggered',
    async (_label, signals) => {
      const sim = await startE2ESimulator();
      await fault(sim, { kind: 'slow', method: 'GET', path: '/_apis/pipelines$', delay: '60s' });
      const cli = spawnCli(['pipeline', '--pipeline', 'deploy-gateway'], { env: e2eEnv(sim) });
      await faultMet(sim);
      const stopped = await interrupt(cli, signals);
      record('while resolving names (a read stalls)', signals, stopped, 'nothing');
      expectCleanStop(stopped);
      expect(stopped.stderr).toMatch(/nothing was triggered/);
      expect(requestsTo(sim, 'POST', CREATE)).toEqual([]);
    },
  );

  it.each(SIGNALS)(
    '%s while following a healthy run: the run is canceled',
    async (_label, signals) => {
      const sim = await startE2ESimulator({ speed: 1 });
      const cli = spawnCli(['pipeline', '--pipeline-id', '42'], { env: e2eEnv(sim) });
      await cli.waitFor('stderr', /triggered pipeline run (\d+)/);
      const stopped = await interrupt(cli, signals);
      const runs = await adminRuns(sim);
      record('while following', signals, stopped, 'canceled');
      expectCleanStop(stopped);
      expect(runs[0]?.cancelRequestedAt).not.toBeNull();
      expect(stopped.stderr).not.toMatch(/may still be running/);
    },
  );

  it.each(SIGNALS)(
    '%s while the cancel waits for a slow answer: the run is named with its URL',
    async (_label, signals) => {
      const sim = await startE2ESimulator({ speed: 1 });
      const cli = spawnCli(['pipeline', '--pipeline-id', '42'], { env: e2eEnv(sim) });
      const [, id] = (await cli.waitFor('stderr', /triggered pipeline run (\d+)/)) ?? [];
      await fault(sim, { kind: 'slow', method: 'PATCH', delay: '60s' });
      const stopped = await interrupt(cli, signals);
      record('while the cancel waits for a slow answer', signals, stopped, 'named');
      expectCleanStop(stopped);
      expect(stopped.stderr).toMatch(
        new RegExp(`may still be running: \\S+buildId=${id ?? 'none'}`),
      );
    },
  );

  it('a cancel that fails once is sent again within the time left, and the run is canceled', async () => {
    const sim = await startE2ESimulator({ speed: 1 });
    const cli = spawnCli(['pipeline', '--pipeline-id', '42'], { env: e2eEnv(sim) });
    await cli.waitFor('stderr', /triggered pipeline run (\d+)/);
    await fault(sim, { kind: 'serverError', method: 'PATCH', count: 1 });
    const stopped = await interrupt(cli, ['SIGTERM']);
    const cancels = sim.state.requests.filter((entry) => entry.method === 'PATCH');
    record(
      'with the first cancel refused (503)',
      ['SIGTERM'],
      stopped,
      `${cancels.length} cancels`,
    );
    expectCleanStop(stopped);
    expect(cancels.map((entry) => entry.status)).toEqual([503, 200]);
    expect((await adminRuns(sim))[0]?.cancelRequestedAt).not.toBeNull();
  });
});
