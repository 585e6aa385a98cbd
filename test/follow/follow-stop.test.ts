import { describe, expect, it } from 'vitest';
import { isAzureDevOpsError } from '../../src/azdo/errors.ts';
import type { FollowEvent } from '../../src/follow/events.ts';
import {
  job,
  pipeline,
  project,
  run,
  scenario,
  stage,
  task,
  token,
} from '../helpers/scenario-builder.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';
import { admin, eventsOf, followOnSimulator, runPipeline } from './harness.ts';

const START = Date.UTC(2026, 0, 1, 9, 0, 0);

async function start(expiresAt: number | null = null): Promise<TestSimulator> {
  const long = task({ name: 'Deploy', durationMs: 120_000 });
  return startTestSimulator(
    scenario({
      startTime: START,
      tokens: [token({ expiresAt })],
      projects: [
        project({
          pipelines: [
            pipeline({
              id: 1,
              name: 'slow',
              runs: [run({ stages: [stage({ name: 'Build', jobs: [job({ tasks: [long] })] })] })],
            }),
          ],
        }),
      ],
    }),
  );
}

interface AdminRun {
  status: string;
  result: string | null;
  cancelRequestedAt: string | null;
}
const runOf = async (sim: TestSimulator, id: number) =>
  (await admin(sim, `runs/${id}`)) as AdminRun;

const isRunning = (event: FollowEvent) => event.type === 'stage' && event.stage.state === 'running';

describe('interrupted', () => {
  it('cancels the run (the simulator shows it cancelling) and ends canceled', async () => {
    const sim = await start();
    const handle = await runPipeline(sim, 1);
    const controller = new AbortController();
    const { events, outcome } = await followOnSimulator(sim, handle, {
      signal: controller.signal,
      on: (event) => isRunning(event) && controller.abort(),
    });
    expect(eventsOf(events, 'stopping')).toEqual([
      { type: 'stopping', reason: 'interrupted', action: 'cancel', at: expect.any(String) },
    ]);
    expect(outcome).toMatchObject({
      result: 'canceled',
      stages: [{ name: 'Build', result: 'canceled' }],
      stopped: { reason: 'interrupted', canceled: true, lastSeen: 'cancelling' },
    });
    // One short read after the cancel shows it taking effect; aztm does not wait for the end.
    expect(eventsOf(events, 'status').at(-1)?.status).toBe('cancelling');
    const after = await runOf(sim, handle.id);
    expect(after.cancelRequestedAt).not.toBeNull();
    expect(after.status).toBe('cancelling');
    sim.manualClock.advance(10_000);
    expect(await runOf(sim, handle.id)).toMatchObject({ status: 'completed', result: 'canceled' });
  });

  it('with leave, says so and ends interrupted, the run last seen running, without touching it', async () => {
    const sim = await start();
    const handle = await runPipeline(sim, 1);
    const controller = new AbortController();
    const { events, outcome } = await followOnSimulator(sim, handle, {
      signal: controller.signal,
      onInterrupt: 'leave',
      on: (event) => isRunning(event) && controller.abort(),
    });
    expect(eventsOf(events, 'stopping')[0]).toMatchObject({
      reason: 'interrupted',
      action: 'leave',
    });
    expect(eventsOf(events, 'notice').map((event) => event.message)).toContainEqual(
      expect.stringContaining(`leaving the run running in Azure DevOps: ${handle.url}`),
    );
    // Never reported canceled: the stage and the run are said to be where they were last seen.
    expect(outcome).toMatchObject({
      result: 'interrupted',
      stages: [{ name: 'Build', result: 'running' }],
      stopped: { reason: 'interrupted', canceled: false, lastSeen: 'running' },
    });
    expect(await runOf(sim, handle.id)).toMatchObject({
      status: 'inProgress',
      cancelRequestedAt: null,
    });
  });

  it('with no time left to cancel, ends interrupted and names the run: never said canceled', async () => {
    const sim = await start();
    const handle = await runPipeline(sim, 1);
    const controller = new AbortController();
    const { events, outcome } = await followOnSimulator(sim, handle, {
      signal: controller.signal,
      // The shutdown's deadline already passed (a second signal): the cancel cannot be sent.
      stopSignal: AbortSignal.abort(),
      on: (event) => isRunning(event) && controller.abort(),
    });
    expect(eventsOf(events, 'notice').map((event) => [event.level, event.message])).toContainEqual([
      'error',
      `could not cancel the run: no time was left to cancel it; it may still be running: ${handle.url}`,
    ]);
    expect(outcome).toMatchObject({
      result: 'interrupted',
      stages: [{ name: 'Build', result: 'running' }],
      stopped: { reason: 'interrupted', canceled: false, lastSeen: 'running' },
    });
    expect((await runOf(sim, handle.id)).cancelRequestedAt).toBeNull();
  });

  it('stops at once when the signal was aborted before following began', async () => {
    const sim = await start();
    const handle = await runPipeline(sim, 1);
    const { events, outcome } = await followOnSimulator(sim, handle, {
      signal: AbortSignal.abort(),
    });
    expect(outcome.result).toBe('canceled');
    expect(events[0]).toMatchObject({ type: 'stopping', reason: 'interrupted' });
    expect((await runOf(sim, handle.id)).cancelRequestedAt).not.toBeNull();
  });
});

describe('timed out', () => {
  it('cancels the run at the time-out (measured on the injected clock) and ends timedOut', async () => {
    const sim = await start();
    const handle = await runPipeline(sim, 1);
    const { events, outcome } = await followOnSimulator(sim, handle, { timeoutMs: 30_000 });
    expect(eventsOf(events, 'stopping')[0]).toMatchObject({ reason: 'timedOut', action: 'cancel' });
    // The stage itself was canceled by the time of the one read after the cancel.
    expect(outcome).toMatchObject({
      result: 'timedOut',
      stages: [{ name: 'Build', result: 'canceled' }],
    });
    expect(Date.parse(outcome.finishedAt) - Date.parse(outcome.startedAt)).toBe(30_000);
    expect((await runOf(sim, handle.id)).cancelRequestedAt).not.toBeNull();
  });

  it('with leave, ends timedOut and leaves the run going', async () => {
    const sim = await start();
    const handle = await runPipeline(sim, 1);
    const { events, outcome } = await followOnSimulator(sim, handle, {
      timeoutMs: 30_000,
      onTimeout: 'leave',
    });
    expect(eventsOf(events, 'stopping')[0]).toMatchObject({ reason: 'timedOut', action: 'leave' });
    // A stage left running is reported as it was last seen, never as timed out or canceled.
    expect(outcome).toMatchObject({
      result: 'timedOut',
      stages: [{ name: 'Build', result: 'running' }],
      stopped: { reason: 'timedOut', canceled: false, lastSeen: 'running' },
    });
    expect(await runOf(sim, handle.id)).toMatchObject({
      status: 'inProgress',
      cancelRequestedAt: null,
    });
  });
});

describe('losing contact', () => {
  it('a fault window gives one lost and one back notice, and the right result', async () => {
    const sim = await start();
    const handle = await runPipeline(sim, 1);
    let faulted = false;
    const { events, outcome } = await followOnSimulator(sim, handle, {
      on: async (event) => {
        if (faulted || !isRunning(event)) return;
        faulted = true;
        // Six failed reads in a row: every build read answers 503 for a while.
        await admin(sim, 'faults', {
          kind: 'serverError',
          status: 503,
          path: '/_apis/build/builds/',
          count: 6,
        });
      },
    });
    const notices = eventsOf(events, 'notice');
    expect(notices.map((notice) => [notice.level, notice.message.split(':')[0]])).toEqual([
      ['warning', 'lost contact with Azure DevOps'],
      ['info', 'back in contact with Azure DevOps'],
    ]);
    expect(outcome).toMatchObject({
      result: 'succeeded',
      stages: [{ name: 'Build', result: 'succeeded' }],
    });
  });

  it('keeps trying while the token is refused, then gives up with the sign-in error', async () => {
    // The token expires 20 s into a two-minute run.
    const sim = await start(START + 20_000);
    const handle = await runPipeline(sim, 1);
    const events: FollowEvent[] = [];
    const following = followOnSimulator(sim, handle, {
      refusalGraceMs: 60_000,
      on: (event) => events.push(event),
    });
    const error: unknown = await following.catch((caught: unknown) => caught);
    // Still an AzureDevOpsError, with the kind of the refusal, for library callers.
    expect(isAzureDevOpsError(error) && error.kind).toBe('signIn');
    expect(error).toMatchObject({ refusedReads: 3 });
    const refused = eventsOf(events, 'notice');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      level: 'warning',
      message: expect.stringMatching(
        /^Azure DevOps refused to show pipeline run \d+: .*2 more times/,
      ),
    });
    expect(eventsOf(events, 'finished')).toEqual([]);
  });
});
