import { describe, expect, it } from 'vitest';
import type { ReleaseEnvironment } from '../../src/azdo/types.ts';
import { environmentStageState, releaseStepState } from '../../src/follow/release-stage.ts';
import type { StageState, StepState } from '../../src/follow/snapshot.ts';
import { approval, attempt, env } from './fixtures.ts';

const pending = approval();
const rejected = approval({ status: 'rejected' });
const automated = approval({ isAutomated: true, approver: {} });

/** EnvironmentStatus × approvals × the last attempt's status and operationStatus. */
const table: readonly [string, Partial<ReleaseEnvironment>, StageState][] = [
  ['undefined', { status: 'undefined' }, 'notStarted'],
  ['notStarted', { status: 'notStarted' }, 'notStarted'],
  ['queued', { status: 'queued', deploySteps: [attempt({ operationStatus: 'queued' })] }, 'queued'],
  ['queued, no attempt yet', { status: 'queued' }, 'queued'],
  [
    'inProgress, queuedForAgent',
    { status: 'inProgress', deploySteps: [attempt({ operationStatus: 'queuedForAgent' })] },
    'queued',
  ],
  [
    'inProgress, queuedForPipeline',
    { status: 'inProgress', deploySteps: [attempt({ operationStatus: 'queuedForPipeline' })] },
    'queued',
  ],
  [
    'inProgress, pending pre-deploy approval',
    {
      status: 'inProgress',
      preDeployApprovals: [pending],
      deploySteps: [attempt({ operationStatus: 'pending' })],
    },
    'waitingForApproval',
  ],
  [
    'queued, pending pre-deploy approval',
    { status: 'queued', preDeployApprovals: [pending] },
    'waitingForApproval',
  ],
  [
    'inProgress, operationStatus pending without listed approvals',
    { status: 'inProgress', deploySteps: [attempt({ operationStatus: 'pending' })] },
    'waitingForApproval',
  ],
  [
    'inProgress, pending post-deploy approval',
    {
      status: 'inProgress',
      postDeployApprovals: [approval({ approvalType: 'postDeploy' })],
      deploySteps: [attempt({ operationStatus: 'phaseSucceeded' })],
    },
    'waitingForApproval',
  ],
  [
    'inProgress, manual intervention pending',
    {
      status: 'inProgress',
      deploySteps: [attempt({ operationStatus: 'manualInterventionPending' })],
    },
    'waitingForApproval',
  ],
  [
    'inProgress, an automated approval is never waited for',
    {
      status: 'inProgress',
      preDeployApprovals: [automated],
      deploySteps: [attempt({ operationStatus: 'phaseInProgress' })],
    },
    'running',
  ],
  [
    'inProgress, evaluatingGates',
    { status: 'inProgress', deploySteps: [attempt({ operationStatus: 'evaluatingGates' })] },
    'waitingForChecks',
  ],
  [
    'inProgress, deferred',
    { status: 'inProgress', deploySteps: [attempt({ operationStatus: 'deferred' })] },
    'scheduled',
  ],
  [
    'inProgress, approved',
    { status: 'inProgress', deploySteps: [attempt({ operationStatus: 'approved' })] },
    'running',
  ],
  [
    'inProgress, phaseInProgress',
    { status: 'inProgress', deploySteps: [attempt({ operationStatus: 'phaseInProgress' })] },
    'running',
  ],
  [
    'inProgress, cancelling (even with an approval pending)',
    {
      status: 'inProgress',
      preDeployApprovals: [pending],
      deploySteps: [attempt({ operationStatus: 'cancelling' })],
    },
    'cancelling',
  ],
  ['scheduled', { status: 'scheduled' }, 'scheduled'],
  ['succeeded', { status: 'succeeded' }, 'succeeded'],
  ['partiallySucceeded', { status: 'partiallySucceeded' }, 'partiallySucceeded'],
  ['canceled', { status: 'canceled' }, 'canceled'],
  [
    'rejected by an approver (operationStatus rejected)',
    {
      status: 'rejected',
      preDeployApprovals: [rejected],
      deploySteps: [attempt({ status: 'notDeployed', operationStatus: 'rejected' })],
    },
    'rejected',
  ],
  [
    'rejected after a failed deployment (status failed)',
    {
      status: 'rejected',
      preDeployApprovals: [approval({ status: 'approved' })],
      deploySteps: [attempt({ status: 'failed', operationStatus: 'phaseFailed' })],
    },
    'failed',
  ],
  [
    'rejected with phaseFailed',
    {
      status: 'rejected',
      deploySteps: [attempt({ status: 'inProgress', operationStatus: 'phaseFailed' })],
    },
    'failed',
  ],
  [
    'rejected by failed gates',
    { status: 'rejected', deploySteps: [attempt({ operationStatus: 'gateFailed' })] },
    'failed',
  ],
  [
    'rejected, no attempt, a rejected approval',
    { status: 'rejected', preDeployApprovals: [rejected] },
    'rejected',
  ],
  ['rejected, nothing else known', { status: 'rejected' }, 'failed'],
  [
    'the last attempt counts',
    {
      status: 'rejected',
      deploySteps: [
        attempt({ attempt: 2, status: 'failed', operationStatus: 'phaseFailed' }),
        attempt({ attempt: 1, status: 'notDeployed', operationStatus: 'rejected' }),
      ],
    },
    'failed',
  ],
];

describe('release stage state', () => {
  it.each(table)('%s', (_name, overrides, expected) => {
    expect(environmentStageState(env({ id: 1, name: 'Prod', ...overrides }))).toBe(expected);
  });
});

describe('release task and phase status', () => {
  const steps: readonly [string | undefined, StepState][] = [
    [undefined, 'pending'],
    ['unknown', 'pending'],
    ['notStarted', 'pending'],
    ['pending', 'pending'],
    ['inProgress', 'running'],
    ['cancelling', 'running'],
    ['success', 'succeeded'],
    ['succeeded', 'succeeded'],
    ['partiallySucceeded', 'partiallySucceeded'],
    ['failure', 'failed'],
    ['failed', 'failed'],
    ['canceled', 'canceled'],
    ['skipped', 'skipped'],
  ];
  it.each(steps)('%s is %s', (status, expected) => {
    expect(releaseStepState(status)).toBe(expected);
  });
});
