import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/simulator/clock.ts';
import type { Identity } from '../../src/simulator/engine/build-record.ts';
import { createRelease } from '../../src/simulator/engine/release-create.ts';
import { RELEASE_QUEUE_MS } from '../../src/simulator/engine/release-plan.ts';
import { releaseTaskLogLines } from '../../src/simulator/engine/release-logs.ts';
import type {
  ReleaseEnvironmentRecord,
  ReleaseRecord,
} from '../../src/simulator/engine/release-record.ts';
import { computeReleaseState } from '../../src/simulator/engine/release-state.ts';
import type { EnvironmentState } from '../../src/simulator/engine/release-state-types.ts';
import type {
  ReleaseDeployScript,
  ReleaseStageTrigger,
} from '../../src/simulator/scenario/model.ts';
import { SimState } from '../../src/simulator/state.ts';
import {
  approval,
  project,
  releaseDefinition,
  releaseStage,
  scenario,
  task,
} from '../helpers/scenario-builder.ts';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const Q = RELEASE_QUEUE_MS;
const ada: Identity = { id: 'ada-id', displayName: 'Ada Admin', uniqueName: 'ada@contoso.com' };
const bob: Identity = { id: 'bob-id', displayName: 'Bob Ops', uniqueName: 'bob@contoso.com' };

/** One 10 s task that succeeds. */
const ONE_TASK: ReleaseDeployScript = { approval: null, tasks: [task({ name: 'Deploy' })] };

let nextId = 1;
function stage(
  name: string,
  trigger: ReleaseStageTrigger = { kind: 'afterRelease' },
  deploy: ReleaseDeployScript = ONE_TASK,
  overrides: Partial<ReleaseEnvironmentRecord> = {},
): ReleaseEnvironmentRecord {
  const id = nextId++;
  return {
    id: 3000 + id,
    definitionEnvironmentId: id,
    name,
    rank: id,
    trigger,
    deploy,
    variables: {},
    preApprovalId: 500 + 2 * id,
    postApprovalId: 501 + 2 * id,
    deploymentId: 4000 + id,
    deployPhaseId: 5000 + id,
    manualSince: null,
    deployRequest: null,
    cancelRequest: null,
    approvalDecision: null,
    forcedFinish: null,
    ...overrides,
  };
}

function release(
  environments: ReleaseEnvironmentRecord[],
  overrides: Partial<ReleaseRecord> = {},
): ReleaseRecord {
  return {
    id: 100,
    projectId: 'p',
    definitionId: 1,
    definitionRevision: 1,
    definitionReleaseIndex: 0,
    name: 'Release-1',
    createdAt: T0,
    createdBy: ada,
    description: '',
    reason: 'manual',
    artifacts: [],
    variables: {},
    manualEnvironments: [],
    status: 'active',
    activatedAt: T0,
    abandonedAt: null,
    keepForever: false,
    comment: '',
    modifiedAt: T0,
    modifiedBy: ada,
    environments,
    ...overrides,
  };
}

/** The named stage at T0 + ms. */
function stageAt(subject: ReleaseRecord, name: string, ms: number): EnvironmentState {
  const found = computeReleaseState(subject, T0 + ms).environments.find(
    (env) => env.record.name === name,
  );
  if (!found) throw new Error(`no stage ${name}`);
  return found;
}

/** `status/operationStatus` of the named stage at T0 + ms. */
function statusAt(subject: ReleaseRecord, name: string, ms: number): string {
  const env = stageAt(subject, name, ms);
  return `${env.status}/${env.deployment?.operationStatus ?? '-'}`;
}

const DAY = 24 * 3_600_000;

describe('a stage deployed after release creation', () => {
  const subject = release([stage('Dev')]);
  it.each([
    [0, 'queued/queued'],
    [Q - 1, 'queued/queued'],
    [Q, 'inProgress/phaseInProgress'],
    [Q + 9_999, 'inProgress/phaseInProgress'],
    [Q + 10_000, 'succeeded/approved'],
    [DAY, 'succeeded/approved'],
  ])('at +%i ms is %s', (ms, expected) => {
    expect(statusAt(subject, 'Dev', ms)).toBe(expected);
  });

  it('shows an automated pre-deploy approval once queued, and an automated post-deploy one at the end', () => {
    expect(stageAt(subject, 'Dev', Q - 1).deployment?.preApproval).toBeNull();
    const done = stageAt(subject, 'Dev', Q + 10_000).deployment;
    expect(done?.preApproval).toMatchObject({
      isAutomated: true,
      status: 'approved',
      createdAt: T0 + Q,
    });
    expect(done?.postApproval).toMatchObject({
      isAutomated: true,
      status: 'approved',
      createdAt: T0 + Q + 10_000,
    });
    expect(done).toMatchObject({
      status: 'succeeded',
      reason: 'automated',
      finishedAt: T0 + Q + 10_000,
    });
  });
});

describe('a stage after other stages', () => {
  it('starts when all the named stages have succeeded, at the later finish', () => {
    const subject = release([
      stage('A'),
      stage(
        'B',
        { kind: 'afterRelease' },
        { approval: null, tasks: [task({ durationMs: 30_000 })] },
      ),
      stage('C', { kind: 'afterStages', stages: ['A', 'B'] }),
    ]);
    expect(statusAt(subject, 'C', Q + 10_000)).toBe('notStarted/-'); // A done, B still running
    expect(statusAt(subject, 'C', Q + 29_999)).toBe('notStarted/-');
    expect(stageAt(subject, 'C', Q + 30_000).deployment?.requestedAt).toBe(T0 + Q + 30_000);
    expect(statusAt(subject, 'C', Q + 30_000)).toBe('queued/queued');
    expect(statusAt(subject, 'C', 2 * Q + 40_000)).toBe('succeeded/approved');
  });

  it.each<[string, ReleaseDeployScript]>([
    ['failed', { approval: null, tasks: [task({ result: 'failed' })] }],
    ['partially succeeded', { approval: null, tasks: [task({ result: 'succeededWithIssues' })] }],
    ['rejected at approval', { approval: approval({ outcome: 'rejected' }), tasks: [task()] }],
    ['canceled by its script', { approval: null, tasks: [task({ result: 'canceled' })] }],
  ])('stays notStarted forever when the stage before it %s', (_what, deploy) => {
    const subject = release([
      stage('Dev', { kind: 'afterRelease' }, deploy),
      stage('Prod', { kind: 'afterStages', stages: ['Dev'] }),
    ]);
    expect(stageAt(subject, 'Dev', DAY).status).not.toBe('succeeded');
    expect(statusAt(subject, 'Prod', DAY)).toBe('notStarted/-');
    expect(stageAt(subject, 'Prod', 365 * DAY).deployment).toBeNull();
  });

  it('stays notStarted when it waits for a stage that does not exist or for itself', () => {
    const subject = release([
      stage('Ghost', { kind: 'afterStages', stages: ['Nowhere'] }),
      stage('Loop', { kind: 'afterStages', stages: ['Loop'] }),
    ]);
    expect(statusAt(subject, 'Ghost', DAY)).toBe('notStarted/-');
    expect(statusAt(subject, 'Loop', DAY)).toBe('notStarted/-');
  });
});

describe('a manual stage', () => {
  it('never starts by itself, and deploys from the moment it is requested', () => {
    const prod = stage('Prod', { kind: 'manual' });
    const subject = release([prod]);
    expect(statusAt(subject, 'Prod', DAY)).toBe('notStarted/-');
    prod.deployRequest = { at: T0 + DAY, by: bob, comment: 'go' };
    expect(statusAt(subject, 'Prod', DAY - 1)).toBe('notStarted/-');
    expect(statusAt(subject, 'Prod', DAY)).toBe('queued/queued');
    expect(stageAt(subject, 'Prod', DAY).deployment).toMatchObject({
      reason: 'manual',
      requestedBy: bob,
    });
    expect(statusAt(subject, 'Prod', DAY + Q + 10_000)).toBe('succeeded/approved');
  });

  it('is what manualEnvironments makes of an automatic stage, and of one after it', () => {
    const subject = release([
      stage('Dev', { kind: 'afterRelease' }, ONE_TASK, { manualSince: T0 }),
      stage('QA', { kind: 'afterStages', stages: ['Dev'] }),
    ]);
    expect(stageAt(subject, 'Dev', DAY)).toMatchObject({ status: 'notStarted', trigger: 'manual' });
    expect(statusAt(subject, 'QA', DAY)).toBe('notStarted/-');
  });

  it('made manual later keeps a deployment its trigger had already started', () => {
    const subject = release([
      stage('Dev', { kind: 'afterRelease' }, ONE_TASK, { manualSince: T0 + 5_000 }),
    ]);
    expect(statusAt(subject, 'Dev', DAY)).toBe('succeeded/approved');
  });

  it('of a draft release does not deploy until the release is activated', () => {
    const subject = release([stage('Dev')], { status: 'draft', activatedAt: null });
    expect(statusAt(subject, 'Dev', DAY)).toBe('notStarted/-');
    expect(computeReleaseState(subject, T0 + DAY).status).toBe('draft');
  });
});

describe('a pre-deploy approval', () => {
  const withApproval = (script: Parameters<typeof approval>[0]) =>
    release([
      stage('Prod', { kind: 'afterRelease' }, { approval: approval(script), tasks: [task()] }),
    ]);

  it('waits as inProgress/pending with a pending approval (§12), then deploys once approved', () => {
    const subject = withApproval({
      outcome: 'approved',
      afterMs: 60_000,
      approvers: ['Ops'],
      comment: 'ok',
    });
    const waiting = stageAt(subject, 'Prod', Q + 59_999);
    expect(`${waiting.status}/${waiting.deployment?.operationStatus}`).toBe('inProgress/pending');
    expect(waiting.deployment?.preApproval).toMatchObject({
      status: 'pending',
      isAutomated: false,
      approvers: ['Ops'],
    });
    expect(waiting.deployment?.phase).toBeNull();
    const approved = stageAt(subject, 'Prod', Q + 60_000);
    expect(approved.deployment?.preApproval).toMatchObject({ status: 'approved', comments: 'ok' });
    expect(approved.deployment?.phase?.startedAt).toBe(T0 + Q + 60_000);
    expect(statusAt(subject, 'Prod', Q + 70_000)).toBe('succeeded/approved');
  });

  it('rejected ends the stage rejected without running a task', () => {
    const subject = withApproval({ outcome: 'rejected', afterMs: 5_000 });
    const env = stageAt(subject, 'Prod', DAY);
    expect(`${env.status}/${env.deployment?.operationStatus}`).toBe('rejected/rejected');
    expect(env.deployment).toMatchObject({
      status: 'notDeployed',
      phase: null,
      finishedAt: T0 + Q + 5_000,
    });
    expect(env.deployment?.preApproval?.status).toBe('rejected');
  });

  it('scripted pending waits forever', () => {
    expect(statusAt(withApproval({ outcome: 'pending' }), 'Prod', 365 * DAY)).toBe(
      'inProgress/pending',
    );
  });

  it.each([
    ['approved', 'succeeded/approved'],
    ['rejected', 'rejected/rejected'],
  ] as const)(
    'answered %s through the API before the script decides the other way',
    (answer, expected) => {
      const prod = stage(
        'Prod',
        { kind: 'afterRelease' },
        {
          approval: approval({
            outcome: answer === 'approved' ? 'rejected' : 'approved',
            afterMs: 60_000,
          }),
          tasks: [task()],
        },
      );
      prod.approvalDecision = {
        status: answer,
        at: T0 + Q + 1_000,
        by: bob.displayName,
        comment: 'by API',
        identity: bob,
      };
      const subject = release([prod]);
      expect(statusAt(subject, 'Prod', Q + 11_000)).toBe(expected);
      expect(stageAt(subject, 'Prod', Q + 11_000).deployment?.preApproval).toMatchObject({
        status: answer,
        comments: 'by API',
        apiDecision: { identity: bob },
      });
    },
  );
});

describe('deploying', () => {
  it('runs tasks one after another; after a failure the rest are skipped and the stage is rejected', () => {
    const subject = release([
      stage(
        'Dev',
        { kind: 'afterRelease' },
        {
          approval: null,
          tasks: [
            task({ name: 'one' }),
            task({ name: 'two', result: 'failed' }),
            task({ name: 'three' }),
          ],
        },
      ),
    ]);
    const mid = stageAt(subject, 'Dev', Q + 15_000).deployment?.phase?.tasks.map((t) => t.status);
    expect(mid).toEqual(['succeeded', 'inProgress', 'pending']);
    const end = stageAt(subject, 'Dev', Q + 20_000);
    expect(end.deployment?.phase?.tasks.map((t) => t.status)).toEqual([
      'succeeded',
      'failed',
      'skipped',
    ]);
    expect(`${end.status}/${end.deployment?.operationStatus}`).toBe('rejected/phaseFailed');
    expect(end.deployment).toMatchObject({ status: 'failed', postApproval: null });
    expect(end.deployment?.phase?.status).toBe('failed');
  });

  it('ends partiallySucceeded when a task succeeds with issues', () => {
    const subject = release([
      stage(
        'Dev',
        { kind: 'afterRelease' },
        {
          approval: null,
          tasks: [task({ result: 'succeededWithIssues' }), task()],
        },
      ),
    ]);
    const env = stageAt(subject, 'Dev', Q + 20_000);
    expect(`${env.status}/${env.deployment?.status}`).toBe('partiallySucceeded/partiallySucceeded');
    expect(env.deployment?.phase?.tasks[0]?.status).toBe('partiallySucceeded');
  });

  it('reveals a running task log in proportion to the elapsed time', () => {
    const log = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];
    const subject = release([
      stage(
        'Dev',
        { kind: 'afterRelease' },
        { approval: null, tasks: [task({ name: 'Run', log })] },
      ),
    ]);
    const half = stageAt(subject, 'Dev', Q + 5_000).deployment?.phase?.tasks[0];
    expect(half && releaseTaskLogLines(half)).toEqual([
      '##[section]Starting: Run',
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    const done = stageAt(subject, 'Dev', Q + 10_000).deployment?.phase?.tasks[0];
    expect(done && releaseTaskLogLines(done)).toEqual([
      '##[section]Starting: Run',
      ...log,
      '##[section]Finishing: Run',
    ]);
  });
});

describe('cancel', () => {
  const cases = [
    ['queued', 1_000, undefined],
    ['waiting for approval', Q + 1_000, 'canceled'],
    ['deploying', Q + 5_000, undefined],
  ] as const;
  it.each(cases)('while %s ends the stage canceled', (_what, at, approvalStatus) => {
    const withApproval = _what === 'waiting for approval';
    const dev = stage(
      'Dev',
      { kind: 'afterRelease' },
      {
        approval: withApproval ? approval({ outcome: 'pending' }) : null,
        tasks: [task({ name: 'Run', log: ['a', 'b', 'c', 'd'] }), task({ name: 'Next' })],
      },
    );
    dev.cancelRequest = { at: T0 + at, by: bob, comment: '' };
    const subject = release([dev, stage('After', { kind: 'afterStages', stages: ['Dev'] })]);
    expect(statusAt(subject, 'Dev', at - 1)).not.toBe('canceled/canceled'); // pure: not before the cancel
    const env = stageAt(subject, 'Dev', DAY);
    expect(`${env.status}/${env.deployment?.operationStatus}`).toBe('canceled/canceled');
    expect(env.deployment?.finishedAt).toBe(T0 + at);
    if (approvalStatus) expect(env.deployment?.preApproval?.status).toBe(approvalStatus);
    expect(statusAt(subject, 'After', DAY)).toBe('notStarted/-');
  });

  it('while deploying cancels the running task, keeps its log so far, and skips the rest', () => {
    const dev = stage(
      'Dev',
      { kind: 'afterRelease' },
      {
        approval: null,
        tasks: [task({ name: 'Run', log: ['a', 'b', 'c', 'd'] }), task({ name: 'Next' })],
      },
    );
    dev.cancelRequest = { at: T0 + Q + 5_000, by: bob, comment: '' };
    const tasks = stageAt(release([dev]), 'Dev', DAY).deployment?.phase?.tasks ?? [];
    expect(tasks.map((t) => t.status)).toEqual(['canceled', 'skipped']);
    expect(tasks[0] && releaseTaskLogLines(tasks[0])).toEqual([
      '##[section]Starting: Run',
      'a',
      'b',
      '##[section]Finishing: Run',
    ]);
  });
});

describe('abandon', () => {
  it('cancels open deployments, leaves finished ones, and nothing starts afterwards', () => {
    const subject = release(
      [
        stage('Done'),
        stage(
          'Running',
          { kind: 'afterRelease' },
          { approval: null, tasks: [task({ durationMs: 60_000 })] },
        ),
        stage('Later', { kind: 'afterStages', stages: ['Done'] }),
        stage('Manual', { kind: 'manual' }),
      ],
      { status: 'abandoned', abandonedAt: T0 + Q + 11_000 },
    );
    const state = computeReleaseState(subject, T0 + DAY);
    expect(state.status).toBe('abandoned');
    expect(state.environments.map((env) => env.status)).toEqual([
      'succeeded',
      'canceled',
      'canceled',
      'notStarted',
    ]);
    // Before the abandon, the release was active and Later was queued after Done.
    expect(computeReleaseState(subject, T0 + Q + 10_500).status).toBe('active');
    expect(statusAt(subject, 'Later', Q + 10_500)).toBe('queued/queued');
  });

  it('abandoned at the moment of creation cancels the deployment it had just queued', () => {
    const subject = release([stage('Dev')], { status: 'abandoned', abandonedAt: T0 });
    expect(statusAt(subject, 'Dev', 0)).toBe('canceled/canceled');
  });

  it('keeps a stage whose trigger would fire after the abandon notStarted', () => {
    const subject = release(
      [stage('Dev'), stage('Prod', { kind: 'afterStages', stages: ['Dev'] })],
      { status: 'abandoned', abandonedAt: T0 + 5_000 },
    );
    expect(statusAt(subject, 'Dev', DAY)).toBe('canceled/canceled');
    expect(statusAt(subject, 'Prod', DAY)).toBe('notStarted/-');
  });
});

describe('the admin forced finish', () => {
  it.each([
    ['succeeded', 'succeeded/approved', 'succeeded'],
    ['partiallySucceeded', 'partiallySucceeded/approved', 'partiallySucceeded'],
    ['rejected', 'rejected/phaseFailed', 'failed'],
    ['canceled', 'canceled/canceled', 'canceled'],
  ] as const)('to %s ends a running stage at once', (result, expected, taskStatus) => {
    const dev = stage(
      'Dev',
      { kind: 'afterRelease' },
      { approval: null, tasks: [task({ durationMs: 60_000 }), task()] },
    );
    dev.forcedFinish = { at: T0 + Q + 1_000, result };
    const env = stageAt(release([dev]), 'Dev', Q + 1_000);
    expect(`${env.status}/${env.deployment?.operationStatus}`).toBe(expected);
    expect(env.deployment?.phase?.tasks.map((t) => t.status)).toEqual([taskStatus, 'skipped']);
  });

  it('of a stage that never started deploys and ends it at that moment, triggering the next', () => {
    const prod = stage('Prod', { kind: 'manual' });
    prod.forcedFinish = { at: T0 + 1_000, result: 'succeeded' };
    const subject = release([prod, stage('After', { kind: 'afterStages', stages: ['Prod'] })]);
    expect(statusAt(subject, 'Prod', 1_000)).toBe('succeeded/approved');
    expect(stageAt(subject, 'After', 1_000).deployment?.requestedAt).toBe(T0 + 1_000);
  });
});

describe('creating releases of a definition', () => {
  it('deploys release n with deploys[min(n, length - 1)]', () => {
    const definition = releaseDefinition({
      id: 1,
      name: 'Web',
      stages: [
        releaseStage({
          id: 1,
          name: 'Dev',
          deploys: [
            { approval: null, tasks: [task({ result: 'failed' })] },
            { approval: null, tasks: [task()] },
          ],
        }),
      ],
    });
    const sc = scenario({ projects: [project({ releaseDefinitions: [definition] })] });
    const clock = new ManualClock(sc.startTime);
    const state = new SimState(sc, clock);
    const target = sc.projects[0];
    if (!target) throw new Error('no project');
    const releases = [0, 1, 2].map(() => createRelease(state, target, { definitionId: 1 }, ada));
    expect(releases.map((r) => r.name)).toEqual(['Release-1', 'Release-2', 'Release-3']);
    const results = releases.map(
      (r) => computeReleaseState(r, sc.startTime + DAY).environments[0]?.status,
    );
    expect(results).toEqual(['rejected', 'succeeded', 'succeeded']);
    // Release environment ids are unique and are not the definition environment id (§4.3).
    const ids = releases.map((r) => r.environments[0]?.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids).not.toContain(1);
  });
});
