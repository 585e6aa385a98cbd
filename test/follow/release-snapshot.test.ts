import { describe, expect, it } from 'vitest';
import type { ReleaseEnvironment } from '../../src/azdo/types.ts';
import type { Result } from '../../src/outcome.ts';
import type { Caller } from '../../src/follow/approvals.ts';
import {
  nothingDeployed,
  releaseResult,
  snapshotOfRelease,
  type ReleaseSnapshotContext,
} from '../../src/follow/release-snapshot.ts';
import type { StageState } from '../../src/follow/snapshot.ts';
import { after, approval, attempt, env, release } from './fixtures.ts';

const URL = 'https://dev.azure.com/contoso/p/_release?releaseId=1&_a=release-summary';
const context: ReleaseSnapshotContext = { url: URL, caller: null, stagesToDeploy: null };

const dev = (status: ReleaseEnvironment['status']) => env({ id: 1, name: 'Dev', status });
const prod = (overrides: Partial<ReleaseEnvironment> = {}) =>
  env({ id: 2, name: 'Prod', conditions: after('Dev'), ...overrides });

function stages(envs: ReleaseEnvironment[], extra: Partial<ReleaseSnapshotContext> = {}) {
  return snapshotOfRelease(release(envs), { ...context, ...extra }).stages;
}

describe('stages that will not deploy are not waited for', () => {
  it('a manual stage nobody deployed is notDeployed, with a reason', () => {
    const [, manual] = stages([dev('succeeded'), env({ id: 2, name: 'Hotfix', conditions: [] })]);
    expect(manual).toMatchObject({ state: 'notDeployed', reason: expect.stringMatching(/manual/) });
  });

  it('a stage left out of --stages is notDeployed, whatever its conditions say', () => {
    const [, left] = stages([dev('inProgress'), prod()], { stagesToDeploy: ['dev'] });
    expect(left).toMatchObject({ state: 'notDeployed', reason: expect.stringMatching(/stages/) });
  });

  it.each(['rejected', 'canceled'] as const)(
    'a stage waiting for Dev to succeed is notDeployed once Dev ended %s',
    (status) => {
      const [, after] = stages([dev(status), prod()]);
      expect(after?.state).toBe('notDeployed');
      expect(after?.reason).toMatch(/'Dev'/);
    },
  );

  it.each(['notStarted', 'queued', 'inProgress', 'succeeded'] as const)(
    'a stage waiting for Dev still may deploy while Dev is %s',
    (status) => {
      expect(stages([dev(status), prod()])[1]?.state).toBe('notStarted');
    },
  );

  it('a condition that accepts partial success (132) is still met by it', () => {
    const partial = stages([dev('partiallySucceeded'), prod({ conditions: after('Dev', '132') })]);
    expect(partial[1]?.state).toBe('notStarted');
    const strict = stages([dev('partiallySucceeded'), prod()]);
    expect(strict[1]?.state).toBe('notDeployed');
  });

  it('a chain after a stage that will not deploy does not deploy either', () => {
    const qa = env({ id: 2, name: 'QA', conditions: after('Dev') });
    const last = env({ id: 3, name: 'Prod', conditions: after('QA') });
    const states = stages([dev('rejected'), qa, last]).map((stage) => stage.state);
    expect(states).toEqual(['failed', 'notDeployed', 'notDeployed']);
  });

  it('a stage waiting for a missing stage, or in a circle, is notDeployed', () => {
    expect(stages([prod({ conditions: after('Nowhere') })])[0]?.state).toBe('notDeployed');
    const a = env({ id: 1, name: 'A', conditions: after('B') });
    const b = env({ id: 2, name: 'B', conditions: after('A') });
    expect(stages([a, b]).map((stage) => stage.state)).toEqual(['notDeployed', 'notDeployed']);
  });

  it('an artifact filter that did not match keeps the stage from deploying', () => {
    const filtered = prod({
      conditions: [
        { name: 'ReleaseStarted', conditionType: 'event', value: '' },
        { name: 'web-ci', conditionType: 'artifact', value: '{}', result: false },
      ],
    });
    expect(stages([filtered])[0]?.state).toBe('notDeployed');
  });

  it('every stage not started in an abandoned release is notDeployed', () => {
    const snapshot = snapshotOfRelease(
      release([dev('canceled'), prod()], { status: 'abandoned' }),
      context,
    );
    expect(snapshot.stages[1]).toMatchObject({
      state: 'notDeployed',
      reason: expect.stringMatching(/abandoned/),
    });
    expect(snapshot).toMatchObject({ status: 'completed', result: 'canceled' });
  });
});

describe('release status and result', () => {
  it('is finished when every stage that will deploy is final', () => {
    const snapshot = snapshotOfRelease(
      release([dev('succeeded'), env({ id: 2, name: 'Hotfix', conditions: [] })]),
      context,
    );
    expect(snapshot).toMatchObject({ status: 'completed', result: 'succeeded' });
  });

  it('is running while a stage that will deploy has not ended', () => {
    expect(snapshotOfRelease(release([dev('succeeded'), prod()]), context).status).toBe('running');
  });

  it('is queued until a stage starts, and cancelling while one cancels', () => {
    expect(snapshotOfRelease(release([dev('queued'), prod()]), context).status).toBe('queued');
    const cancelling = dev('inProgress');
    const withStep = { ...cancelling, deploySteps: [attempt({ operationStatus: 'cancelling' })] };
    expect(snapshotOfRelease(release([withStep]), context).status).toBe('cancelling');
  });

  const results: readonly [StageState[], boolean, Result][] = [
    [['succeeded', 'notDeployed'], false, 'succeeded'],
    [['succeeded', 'partiallySucceeded'], false, 'partiallySucceeded'],
    [['succeeded', 'failed'], false, 'failed'],
    [['rejected', 'notDeployed'], false, 'failed'],
    [['canceled', 'partiallySucceeded'], false, 'canceled'],
    [['failed', 'canceled'], false, 'failed'],
    [['succeeded', 'notDeployed'], true, 'canceled'],
    [['failed', 'notDeployed'], true, 'failed'],
    [['notDeployed', 'notDeployed'], false, 'succeeded'],
  ];
  it.each(results)('stages %j (abandoned: %s) give %s', (states, abandoned, expected) => {
    expect(releaseResult(states, abandoned)).toBe(expected);
  });

  it('knows when nothing was deployed', () => {
    const none = snapshotOfRelease(release([env({ id: 1, name: 'Dev', conditions: [] })]), context);
    expect(none).toMatchObject({ status: 'completed', result: 'succeeded' });
    expect(nothingDeployed(none)).toBe(true);
    expect(nothingDeployed(snapshotOfRelease(release([dev('succeeded')]), context))).toBe(false);
  });
});

describe('release approvals', () => {
  const caller: Caller = { id: 'ada-id' };
  const waiting = (approvals: ReturnType<typeof approval>[]) =>
    env({ id: 1, name: 'Prod', status: 'inProgress', preDeployApprovals: approvals });

  it('lists the pending approvals’ approvers, with the release URL', () => {
    const [stage] = stages([waiting([approval()])]);
    expect(stage).toMatchObject({
      state: 'waitingForApproval',
      approval: { id: '11', approvers: ['Ops Team'], url: URL, assignedToCaller: false },
    });
  });

  it('points at the approval assigned to the caller when there is one', () => {
    const mine = approval({ id: 12, approver: { id: 'ada-id', displayName: 'Ada A.' } });
    const [stage] = stages([waiting([approval(), mine])], { caller });
    expect(stage?.approval).toMatchObject({
      id: '12',
      approvers: ['Ops Team', 'Ada A.'],
      assignedToCaller: true,
    });
  });

  it('falls back on the approval snapshot while the attempt is pending without approvals', () => {
    const stage = env({
      id: 1,
      name: 'Prod',
      status: 'inProgress',
      deploySteps: [attempt({ operationStatus: 'pending' })],
      preApprovalsSnapshot: { approvals: [{ approver: { displayName: 'Ops Team' } }] },
    });
    expect(stages([stage])[0]?.approval).toMatchObject({
      id: 'preDeploy:1',
      approvers: ['Ops Team'],
      assignedToCaller: false,
    });
  });

  it('gives a scheduled stage the time it is scheduled for', () => {
    const at = '2026-01-02T03:00:00Z';
    const [stage] = stages([
      env({ id: 1, name: 'Prod', status: 'scheduled', scheduledDeploymentTime: at }),
    ]);
    expect(stage).toMatchObject({ state: 'scheduled', scheduledFor: at });
  });
});
