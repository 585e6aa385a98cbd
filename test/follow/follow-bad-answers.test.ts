/**
 * follow() against bad answers (fault-harness.ts): transient ones never end a follow, and values
 * it does not know never end it either; refusals are in follow-refusals.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { FollowEvent } from '../../src/follow/events.ts';
import { createRelease, eventsOf, followThrough, runPipeline } from './harness.ts';
import {
  BUILD_READ,
  faultOnceRunning,
  noticeStarts,
  RELEASE_READ,
  TIMELINE_READ,
} from './fault-harness.ts';
import { simulatorClient } from './simulator-client.ts';
import { startPipelines } from './pipeline-scenario.ts';
import { startReleases } from './release-scenario.ts';

describe('transient bad answers never end a follow', () => {
  it.each([
    ['a 503', { kind: 'serverError', status: 503 }],
    ['a 429', { kind: 'throttle', retryAfter: 0 }],
    ['a connection reset', { kind: 'resetBeforeHandling' }],
    ['an empty 200', { kind: 'emptyBody' }],
    ['an HTML page with 200', { kind: 'htmlBody' }],
    ['a 200 with truncated JSON', { kind: 'invalidJson' }],
  ])('%s on four reads in a row: one lost, one back notice, the run’s result', async (_, fault) => {
    const sim = await startPipelines();
    const handle = await runPipeline(sim, 3);
    const { events, outcome } = await followThrough(sim, simulatorClient(sim), handle, {
      on: faultOnceRunning(sim, { ...fault, path: BUILD_READ, count: 4 }),
    });
    expect(noticeStarts(events)).toEqual([
      ['warning', 'lost contact with Azure DevOps'],
      ['info', 'back in contact with Azure DevOps'],
    ]);
    expect(outcome).toMatchObject({
      result: 'failed',
      stages: [
        { name: 'Build', result: 'failed' },
        { name: 'Deploy', result: 'skipped' },
      ],
    });
  });

  it('an outage outlasting the time-out ends timedOut, not failed', async () => {
    const sim = await startPipelines();
    const handle = await runPipeline(sim, 1);
    const { events, outcome } = await followThrough(sim, simulatorClient(sim), handle, {
      timeoutMs: 60_000,
      on: faultOnceRunning(sim, { kind: 'serverError', path: BUILD_READ, count: 'unlimited' }),
    });
    expect(outcome.result).toBe('timedOut');
    expect(noticeStarts(events)).toContainEqual(['warning', 'lost contact with Azure DevOps']);
    expect(eventsOf(events, 'notice').filter((n) => n.message.startsWith('lost'))).toHaveLength(1);
  });
});

describe('values aztm does not know', () => {
  const unknownWarnings = (events: readonly FollowEvent[]) =>
    eventsOf(events, 'notice').filter((notice) => notice.message.includes('does not know'));

  it('an unknown build status: one warning naming it, no lost contact, the run’s result', async () => {
    const sim = await startPipelines();
    const handle = await runPipeline(sim, 1);
    const { events, outcome } = await followThrough(sim, simulatorClient(sim), handle, {
      on: faultOnceRunning(sim, { kind: 'unknownEnum', path: BUILD_READ, count: 3 }),
    });
    const warnings = unknownWarnings(events);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/"somethingNew" \(build status\)/);
    expect(warnings[0]?.message).toContain(`pipeline run ${handle.id} as not finished yet`);
    expect(noticeStarts(events)).toHaveLength(1);
    expect(outcome.result).toBe('succeeded');
  });

  it('a build status that stays unknown is never read as an end: the follow times out', async () => {
    const sim = await startPipelines();
    const handle = await runPipeline(sim, 1);
    const { events, outcome } = await followThrough(sim, simulatorClient(sim), handle, {
      timeoutMs: 120_000,
      onTimeout: 'leave',
      on: faultOnceRunning(sim, { kind: 'unknownEnum', path: BUILD_READ, count: 'unlimited' }),
    });
    expect(outcome.result).toBe('timedOut');
    expect(unknownWarnings(events)).toHaveLength(1);
    // The stages shown are the last ones known, never a guess.
    expect(eventsOf(events, 'status').map((event) => event.status)).not.toContain('completed');
  });

  it('unknown timeline values a few reads long: the stages at the end are still right', async () => {
    const sim = await startPipelines();
    const handle = await runPipeline(sim, 1);
    const { events, outcome } = await followThrough(sim, simulatorClient(sim), handle, {
      on: faultOnceRunning(sim, { kind: 'unknownEnum', path: TIMELINE_READ, count: 2 }),
    });
    expect(unknownWarnings(events)).toHaveLength(1);
    expect(outcome).toMatchObject({
      result: 'succeeded',
      stages: [
        { name: 'Build', result: 'succeeded' },
        { name: 'Deploy', result: 'succeeded' },
      ],
    });
  });

  it('a timeline that stays unknown does not hold the end: the Build API’s result stands', async () => {
    const sim = await startPipelines();
    const handle = await runPipeline(sim, 3);
    const { events, outcome } = await followThrough(sim, simulatorClient(sim), handle, {
      on: faultOnceRunning(sim, { kind: 'unknownEnum', path: TIMELINE_READ, count: 'unlimited' }),
    });
    expect(unknownWarnings(events)).toHaveLength(1);
    expect(outcome.result).toBe('failed');
  });

  it('an unknown release stage status: one warning, the release’s result', async () => {
    const sim = await startReleases();
    const handle = await createRelease(sim, 23);
    const { events, outcome } = await followThrough(sim, simulatorClient(sim), handle, {
      on: faultOnceRunning(sim, { kind: 'unknownEnum', path: RELEASE_READ, count: 3 }),
    });
    const warnings = unknownWarnings(events);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/"somethingNew" \(release status, stage status/);
    expect(outcome).toMatchObject({
      result: 'succeeded',
      stages: [
        { name: 'Dev', result: 'succeeded' },
        { name: 'Prod', result: 'succeeded' },
      ],
    });
  });
});
