import { describe, expect, it } from 'vitest';
import { createRelease, eventsOf, followOnSimulator } from './harness.ts';
import { devRuns, stageStatus, startReleases as start } from './release-scenario.ts';

describe('stopping a release', () => {
  it('cancels the deploying stage on abort and ends canceled', async () => {
    const sim = await start();
    const handle = await createRelease(sim, 26);
    const controller = new AbortController();
    const { events, outcome } = await followOnSimulator(sim, handle, {
      signal: controller.signal,
      on: (event) => devRuns(event) && controller.abort(),
    });
    expect(eventsOf(events, 'stopping')[0]).toMatchObject({
      reason: 'interrupted',
      action: 'cancel',
    });
    expect(outcome.result).toBe('canceled');
    expect(await stageStatus(sim, handle.id)).toEqual({ Dev: 'canceled', Prod: 'notStarted' });
  });

  it('cancels a stage waiting for approval when the time-out comes', async () => {
    const sim = await start();
    const handle = await createRelease(sim, 24);
    const { outcome } = await followOnSimulator(sim, handle, { timeoutMs: 60_000 });
    expect(outcome).toMatchObject({
      result: 'timedOut',
      stages: [{ result: 'succeeded' }, { name: 'Prod' }],
    });
    expect(await stageStatus(sim, handle.id)).toEqual({ Dev: 'succeeded', Prod: 'canceled' });
  });

  it('with leave, does not touch the release', async () => {
    const sim = await start();
    const handle = await createRelease(sim, 26);
    const controller = new AbortController();
    const { outcome } = await followOnSimulator(sim, handle, {
      signal: controller.signal,
      onInterrupt: 'leave',
      on: (event) => devRuns(event) && controller.abort(),
    });
    // Left running: each stage as it was last seen, the release not said to be canceled.
    expect(outcome).toMatchObject({
      result: 'interrupted',
      stages: [
        { name: 'Dev', result: 'running' },
        { name: 'Prod', result: 'notStarted' },
      ],
      stopped: { reason: 'interrupted', canceled: false, lastSeen: 'running' },
    });
    expect(await stageStatus(sim, handle.id)).toEqual({ Dev: 'inProgress', Prod: 'notStarted' });
  });
});
