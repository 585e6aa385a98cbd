import { describe, expect, it } from 'vitest';
import type { FollowEvent } from '../../src/follow/events.ts';
import type { TestSimulator } from '../helpers/simulator.ts';
import { admin, createRelease, eventsOf, followOnSimulator, PROJECT } from './harness.ts';
import { devRuns, releaseOf, startReleases as start } from './release-scenario.ts';

describe('following a release on the simulator', () => {
  it('does not wait for a manual stage nobody deployed', async () => {
    const sim = await start();
    const { events, outcome } = await followOnSimulator(sim, await createRelease(sim, 21));
    expect(outcome).toMatchObject({
      result: 'succeeded',
      stages: [
        { name: 'Dev', result: 'succeeded' },
        { name: 'Hotfix', result: 'notDeployed' },
      ],
    });
    const hotfix = eventsOf(events, 'stage').find((event) => event.stage.name === 'Hotfix');
    expect(hotfix?.stage).toMatchObject({
      state: 'notDeployed',
      reason: expect.stringMatching(/manual/),
    });
  });

  it('reports a stage after a failed one notDeployed and ends failed, with the failure detail', async () => {
    const sim = await start();
    const { events, outcome } = await followOnSimulator(sim, await createRelease(sim, 22));
    expect(outcome).toMatchObject({
      result: 'failed',
      stages: [
        { name: 'Dev', result: 'failed' },
        { name: 'Prod', result: 'notDeployed' },
      ],
    });
    expect(eventsOf(events, 'failures')[0]?.details).toEqual([
      {
        path: ['Dev', 'Agent job', 'Deploy web'],
        result: 'failed',
        issues: ['Process completed with exit code 1.'],
        logTail: expect.arrayContaining(['copying', '##[error]disk full']),
      },
    ]);
  });

  it.each([
    ['from the release alone', null],
    ['told the stages to deploy', ['Dev']],
  ] as const)('does not wait for a stage made manual by --stages (%s)', async (_name, stages) => {
    const sim = await start();
    const handle = await createRelease(sim, 23, ['Prod']);
    const { outcome } = await followOnSimulator(sim, handle, { stagesToDeploy: stages });
    expect(outcome.stages).toEqual([
      { name: 'Dev', result: 'succeeded' },
      { name: 'Prod', result: 'notDeployed' },
    ]);
    expect(outcome.result).toBe('succeeded');
  });

  it('warns when nothing was deployed', async () => {
    const sim = await start();
    const { events, outcome } = await followOnSimulator(sim, await createRelease(sim, 27));
    expect(outcome).toMatchObject({
      result: 'succeeded',
      stages: [{ name: 'Dev', result: 'notDeployed' }],
    });
    expect(eventsOf(events, 'notice')).toEqual([
      expect.objectContaining({
        level: 'warning',
        message: expect.stringMatching(/^nothing was deployed/),
      }),
    ]);
  });

  it('ends canceled when the release is abandoned, the open stages no longer waited for', async () => {
    const sim = await start();
    const handle = await createRelease(sim, 26);
    const abandon = () =>
      sim.releaseApi(`${PROJECT}/_apis/release/releases/${handle.id}?api-version=7.1`, {
        method: 'PATCH',
        json: { status: 'abandoned' },
      });
    const { outcome } = await followOnSimulator(sim, handle, {
      on: (event) => devRuns(event) && abandon(),
    });
    expect(outcome).toMatchObject({
      result: 'canceled',
      stages: [
        { name: 'Dev', result: 'canceled' },
        { name: 'Prod', result: 'notDeployed' },
      ],
    });
  });
});

describe('release approvals', () => {
  const answer = (sim: TestSimulator, status: 'approved' | 'rejected') => (event: FollowEvent) =>
    event.type === 'approvalPending' &&
    admin(sim, `release-approvals/${event.approval.id}`, { status, comments: 'by the test' });

  it('reports the pending approval with its approvers, then deploys once approved', async () => {
    const sim = await start();
    const handle = await createRelease(sim, 24);
    const { events, outcome } = await followOnSimulator(sim, handle, {
      on: answer(sim, 'approved'),
    });
    expect(eventsOf(events, 'approvalPending')).toEqual([
      expect.objectContaining({
        stage: 'Prod',
        approval: {
          id: expect.stringMatching(/^\d+$/),
          approvers: ['Ops Team'],
          url: handle.url,
          assignedToCaller: false,
        },
      }),
    ]);
    expect(outcome.result).toBe('succeeded');
  });

  it('ends failed with the stage rejected when the approval is rejected', async () => {
    const sim = await start();
    const { events, outcome } = await followOnSimulator(sim, await createRelease(sim, 24), {
      on: answer(sim, 'rejected'),
    });
    expect(outcome).toMatchObject({
      result: 'failed',
      stages: [{ result: 'succeeded' }, { name: 'Prod', result: 'rejected' }],
    });
    expect(eventsOf(events, 'failures')[0]?.details).toEqual([
      {
        path: ['Prod'],
        result: 'rejected',
        issues: ['rejected by Ada Admin: by the test'],
        logTail: [],
      },
    ]);
  });

  it('with --approve, approves only what is assigned to the signed-in identity', async () => {
    const sim = await start();
    const mine = await followOnSimulator(sim, await createRelease(sim, 25), {
      approve: { comment: 'LGTM' },
    });
    expect(eventsOf(mine.events, 'approvalGiven')).toHaveLength(1);
    expect(mine.outcome.result).toBe('succeeded');

    const handle = await createRelease(sim, 24);
    const theirs = await followOnSimulator(sim, handle, {
      approve: { comment: 'LGTM' },
      timeoutMs: 60_000,
      onTimeout: 'leave',
    });
    expect(eventsOf(theirs.events, 'approvalGiven')).toEqual([]);
    expect((await releaseOf(sim, handle.id)).stages[1]?.approval?.status).toBe('pending');
  });
});
