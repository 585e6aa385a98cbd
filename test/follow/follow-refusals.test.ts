/**
 * follow() when Azure DevOps refuses to show the run it follows (fault-harness.ts): the run was
 * deleted, the token expired, was revoked or lost a permission. It gives up after a few reads with
 * a LostAccessError naming what happened and where the run is; a refusal that passes is survived.
 */
import { describe, expect, it } from 'vitest';
import { errorFromAnswer } from '../../src/azdo/errors.ts';
import type { FollowEvent } from '../../src/follow/events.ts';
import type { FollowClient } from '../../src/follow/follow.ts';
import { resolveFollowOptions } from '../../src/follow/follow-options.ts';
import { LostAccessError } from '../../src/follow/lost-access.ts';
import type { TestSimulator } from '../helpers/simulator.ts';
import {
  admin,
  adminDelete,
  createRelease,
  eventsOf,
  followThrough,
  runPipeline,
} from './harness.ts';
import { startPipelines } from './pipeline-scenario.ts';
import { BUILD_READ, faultOnceRunning, followUntilRefused, noticeStarts } from './fault-harness.ts';
import { startReleases } from './release-scenario.ts';
import { simulatorClient } from './simulator-client.ts';

const waitsForApproval = (event: FollowEvent) => event.type === 'approvalPending';

/** Does `act` once, on the first event `when` accepts. */
function once(when: (event: FollowEvent) => boolean, act: () => Promise<unknown>) {
  let done = false;
  return (event: FollowEvent): Promise<unknown> | undefined => {
    if (done || !when(event)) return undefined;
    done = true;
    return act();
  };
}

function lostAccess(error: unknown): LostAccessError {
  expect(error).toBeInstanceOf(LostAccessError);
  return error as LostAccessError;
}

describe('a refusal that lasts ends the follow after three reads', () => {
  it('a pipeline run deleted while it waits for approval: deleted or no access (404), with its URL', async () => {
    const sim = await startPipelines();
    const handle = await runPipeline(sim, 4);
    const { error, events } = await followUntilRefused(sim, handle, {
      on: once(waitsForApproval, () => adminDelete(sim, `runs/${handle.id}`)),
    });
    const lost = lostAccess(error);
    expect(lost.message).toBe(
      `pipeline run ${handle.id} can no longer be read: it was deleted, or the token lost access (HTTP 404) — it may still be running: ${handle.url}`,
    );
    expect(lost).toMatchObject({ kind: 'notFound', status: 404, refusedReads: 3, handle });
    expect(lost.typeKey).toBe('BuildNotFoundException');
    expect(noticeStarts(events)).toEqual([
      ['warning', `Azure DevOps refused to show pipeline run ${handle.id}`],
    ]);
    expect(eventsOf(events, 'finished')).toEqual([]);
  });

  it('a release deleted while it waits for approval: the same, for the release', async () => {
    const sim = await startReleases();
    const handle = await createRelease(sim, 24);
    const { error } = await followUntilRefused(sim, handle, {
      on: once(waitsForApproval, () => adminDelete(sim, `releases/${handle.id}`)),
    });
    expect(lostAccess(error).message).toBe(
      `release ${handle.id} can no longer be read: it was deleted, or the token lost access (HTTP 404) — it may still be running: ${handle.url}`,
    );
  });

  it('a token revoked mid-run: the token stopped working (401), with the run’s URL', async () => {
    const sim = await startPipelines();
    const handle = await runPipeline(sim, 4);
    const { error } = await followUntilRefused(sim, handle, {
      on: once(waitsForApproval, () => admin(sim, 'tokens/admin/revoke', {})),
    });
    const lost = lostAccess(error);
    expect(lost.message).toBe(
      `the token stopped working (expired or revoked) while following pipeline run ${handle.id}: ${handle.url}`,
    );
    expect(lost).toMatchObject({ kind: 'signIn', status: 401, refusedReads: 3 });
  });

  it('a sign-in page (203) on every read, as a proxy gives: the token stopped working', async () => {
    const sim = await startPipelines();
    const handle = await runPipeline(sim, 1);
    const { error } = await followUntilRefused(sim, handle, {
      on: faultOnceRunning(sim, { kind: 'signInPage', path: BUILD_READ, count: 'unlimited' }),
    });
    expect(lostAccess(error)).toMatchObject({ kind: 'signIn', status: 203 });
  });

  it('a permission taken away (403): says so, with the run’s URL', async () => {
    const sim = await startPipelines();
    const handle = await runPipeline(sim, 4);
    let refuse = false;
    const client = simulatorClient(sim);
    const forbidden: FollowClient = {
      ...client,
      builds: {
        ...client.builds,
        get: (project, buildId, options) =>
          refuse
            ? Promise.reject(
                errorFromAnswer(
                  { method: 'GET', url: `${sim.organizationUrl}/build/builds/${handle.id}` },
                  403,
                  '{"typeKey":"AccessDeniedException","message":"TF215106: Access denied."}',
                ),
              )
            : client.builds.get(project, buildId, options),
      },
    };
    const { error } = await followUntilRefused(sim, handle, {
      client: forbidden,
      on: once(waitsForApproval, () => Promise.resolve((refuse = true))),
    });
    expect(lostAccess(error).message).toBe(
      `the token lost the permission to read pipeline run ${handle.id} (HTTP 403) while following it — it may still be running: ${handle.url}`,
    );
  });

  it('with a long poll interval, refusalGraceMs ends it sooner', async () => {
    const sim = await startPipelines();
    const handle = await runPipeline(sim, 4);
    const { error } = await followUntilRefused(sim, handle, {
      maxRefusedReads: 100,
      refusalGraceMs: 12_000,
      on: once(waitsForApproval, () => admin(sim, 'tokens/admin/revoke', {})),
    });
    // Reads 5 s apart: refused at 0, 5, 10 and 15 s; the fourth is past the 12 s grace.
    expect(lostAccess(error).refusedReads).toBe(4);
  });

  it('refuses a maxRefusedReads below 1', () => {
    expect(() => resolveFollowOptions({ maxRefusedReads: 0 })).toThrow(/maxRefusedReads/);
  });
});

describe('a refusal that passes is survived', () => {
  it('two sign-in pages, then good answers: one warning, back in contact, the run’s result', async () => {
    const sim: TestSimulator = await startPipelines();
    const handle = await runPipeline(sim, 1);
    const { events, outcome } = await followThrough(sim, simulatorClient(sim), handle, {
      on: faultOnceRunning(sim, { kind: 'signInPage', path: BUILD_READ, count: 2 }),
    });
    expect(noticeStarts(events)).toEqual([
      ['warning', `Azure DevOps refused to show pipeline run ${handle.id}`],
      ['info', 'back in contact with Azure DevOps'],
    ]);
    expect(outcome.result).toBe('succeeded');
  });
});
