import { assignedApproverIdentity } from '../engine/approvers.ts';
import type {
  ApprovalScript,
  ReleaseDefinitionSpec,
  ReleaseStageTrigger,
  TaskScript,
} from '../scenario/model.ts';
import type { SimState } from '../state.ts';
import { identityRef } from './common.ts';
import { approverIdentity, releaseGuid } from './release-refs.ts';

/** Pieces a definition's stage and a release's stage both show. */

/** `ApprovalOptions` of a stage (docs/design/azure-devops.md §4.4). */
function approvalOptions(definition: ReleaseDefinitionSpec): Record<string, unknown> {
  return {
    requiredApproverCount: 0,
    releaseCreatorCanBeApprover: definition.releaseCreatorCanBeApprover,
    autoTriggeredAndPreviousEnvironmentApprovedCanBeSkipped: false,
    enforceIdentityRevalidation: false,
    timeoutInMinutes: 43_200,
    executionOrder: 'beforeGates',
  };
}

/**
 * `ReleaseDefinitionApprovals`: one step per approver, or one automated step when there is no
 * approval. `stepId` numbers the steps (0 in a release's snapshot, as the service shows).
 */
export function renderApprovalSteps(
  state: SimState,
  definition: ReleaseDefinitionSpec,
  approval: ApprovalScript | null,
  stepId: (rank: number) => number,
): Record<string, unknown> {
  if (!approval) {
    return {
      approvals: [{ rank: 1, isAutomated: true, isNotificationOn: false, id: stepId(1) }],
      approvalOptions: approvalOptions(definition),
    };
  }
  // An approval with no named approver is still manual: anyone allowed may answer it.
  const approvers = approval.approvers.length > 0 ? approval.approvers : [null];
  return {
    approvals: approvers.map((name, index) => ({
      rank: index + 1,
      isAutomated: false,
      isNotificationOn: true,
      ...(name === null
        ? {}
        : {
            approver: identityRef(
              state,
              assignedApproverIdentity(state, name, (other) => approverIdentity(state, other)),
            ),
          }),
      id: stepId(index + 1),
    })),
    approvalOptions: approvalOptions(definition),
  };
}

/** The automated post-deploy approval step every simulated stage has. */
export function renderAutomatedSteps(stepId: number): Record<string, unknown> {
  return { approvals: [{ rank: 1, isAutomated: true, isNotificationOn: false, id: stepId }] };
}

/** `DeployPhase[]`: one agent job holding the scripted tasks. */
export function renderDeployPhases(
  state: SimState,
  tasks: readonly TaskScript[],
): Record<string, unknown>[] {
  return [
    {
      name: 'Agent job',
      phaseType: 'agentBasedDeployment',
      rank: 1,
      refName: 'Job_1',
      workflowTasks: tasks.map((task) => ({
        name: task.name,
        refName: '',
        taskId: releaseGuid(state, 'release-task-definition'),
        version: '2.*',
        definitionType: 'task',
        enabled: true,
        alwaysRun: false,
        continueOnError: false,
        condition: 'succeeded()',
        timeoutInMinutes: 0,
        retryCountOnTaskFailure: 0,
        inputs: {},
        environment: {},
        overrideInputs: {},
      })),
    },
  ];
}

/**
 * `Condition[]` of a trigger (§4.5): `ReleaseStarted` for a stage deployed after release
 * creation, one `environmentState` condition per stage it waits for (value 4: succeeded), none for
 * a manual stage. `met` adds the release's `result`.
 */
export function renderConditions(
  trigger: ReleaseStageTrigger['kind'],
  stages: readonly string[],
  met?: (name: string | null) => boolean,
): Record<string, unknown>[] {
  const withResult = (condition: Record<string, unknown>, name: string | null) =>
    met ? { ...condition, result: met(name) } : condition;
  switch (trigger) {
    case 'manual':
      return [];
    case 'afterRelease':
      return [withResult({ name: 'ReleaseStarted', conditionType: 'event', value: '' }, null)];
    case 'afterStages':
      return stages.map((name) =>
        withResult({ name, conditionType: 'environmentState', value: '4' }, name),
      );
  }
}

/** `EnvironmentOptions`: only the properties the spec defines. */
export const ENVIRONMENT_OPTIONS = {
  autoLinkWorkItems: false,
  badgeEnabled: false,
  publishDeploymentStatus: true,
  pullRequestDeploymentEnabled: false,
} as const;
