import { formatAzureDate } from '../clock.ts';
import type {
  DeploymentState,
  EnvironmentState,
  PhaseState,
  ReleaseState,
  TaskState,
} from '../engine/release-state-types.ts';
import { releaseJobLogLines, releaseTaskLogLines } from '../engine/release-logs.ts';
import { mergeVariables } from '../engine/release-variables.ts';
import type { SimState } from '../state.ts';
import { identityRef } from './common.ts';
import { renderReleaseApproval, type ReleaseApprovalContext } from './release-approval.ts';
import {
  releaseDefinitionShallowReference,
  releaseGuid,
  releaseShallowReference,
  releaseTaskLogUrl,
  renderReleaseVariables,
} from './release-refs.ts';
import {
  ENVIRONMENT_OPTIONS,
  renderApprovalSteps,
  renderAutomatedSteps,
  renderConditions,
  renderDeployPhases,
} from './release-stage-parts.ts';

/**
 * Which parts of a stage to show: `$expand=tasks` and `approvalFilters`
 * (docs/design/azure-devops.md §4.2).
 */
export interface ReleaseEnvironmentView {
  /** Deployment jobs and tasks only with `$expand=tasks` [unverified default]. */
  readonly tasks: boolean;
  readonly manualApprovals: boolean;
  readonly automatedApprovals: boolean;
  readonly approvalSnapshots: boolean;
}

export const DEFAULT_ENVIRONMENT_VIEW: ReleaseEnvironmentView = {
  tasks: false,
  manualApprovals: true,
  automatedApprovals: true,
  approvalSnapshots: true,
};

type Context = Omit<ReleaseApprovalContext, 'env'>;

/** `ReleaseEnvironment` (docs/design/azure-devops.md §4.2). */
export function renderReleaseEnvironment(
  state: SimState,
  context: Context,
  release: ReleaseState,
  env: EnvironmentState,
  view: ReleaseEnvironmentView,
): Record<string, unknown> {
  const { project, definition, release: record } = context;
  const stage = definition.stages.find(
    (candidate) => candidate.id === env.record.definitionEnvironmentId,
  );
  const approvalContext: ReleaseApprovalContext = { ...context, env: env.record };
  const shown = (approval: DeploymentState['preApproval']): Record<string, unknown>[] => {
    if (!approval) return [];
    const wanted = approval.isAutomated ? view.automatedApprovals : view.manualApprovals;
    if (!wanted) return [];
    // A stage's own approvals come without their `history` (recording: vsteam
    // Get-VSTeamRelease-id178-expandEnvironments.json); the approvals API has it.
    const embedded = renderReleaseApproval(state, approvalContext, approval);
    delete embedded.history;
    return [embedded];
  };
  const deployment = env.deployment;
  const trigger = env.record.trigger;
  const waitsFor = trigger.kind === 'afterStages' ? trigger.stages : [];
  const statusOf = (name: string): string | undefined =>
    release.environments.find((other) => other.record.name.toLowerCase() === name.toLowerCase())
      ?.status;
  const body: Record<string, unknown> = {
    id: env.record.id,
    releaseId: record.id,
    name: env.record.name,
    status: env.status,
    variables: renderReleaseVariables(mergeVariables(stage?.variables ?? {}, env.record.variables)),
    variableGroups: [],
    preDeployApprovals: shown(deployment?.preApproval ?? null),
    postDeployApprovals: shown(deployment?.postApproval ?? null),
    deploySteps: deployment ? [renderDeploymentAttempt(state, context, env, deployment, view)] : [],
    rank: env.record.rank,
    definitionEnvironmentId: env.record.definitionEnvironmentId,
    environmentOptions: ENVIRONMENT_OPTIONS,
    conditions: renderConditions(env.trigger, waitsFor, (name) =>
      name === null ? release.status !== 'draft' : statusOf(name) === 'succeeded',
    ),
    deployPhasesSnapshot: renderDeployPhases(state, env.record.deploy.tasks),
    owner: identityRef(state, record.createdBy),
    schedules: [],
    release: releaseShallowReference(state, record),
    releaseDefinition: releaseDefinitionShallowReference(state, project, definition),
    releaseCreatedBy: identityRef(state, record.createdBy),
    triggerReason: triggerReason(env, waitsFor),
    createdOn: formatAzureDate(record.createdAt),
    modifiedOn: formatAzureDate(env.modifiedAt),
    timeToDeploy:
      deployment?.finishedAt != null
        ? (deployment.finishedAt - deployment.requestedAt) / 60_000
        : 0,
  };
  if (view.approvalSnapshots) {
    body.preApprovalsSnapshot = renderApprovalSteps(
      state,
      definition,
      env.record.deploy.approval,
      () => 0,
    );
    body.postApprovalsSnapshot = renderAutomatedSteps(0);
  }
  return body;
}

function triggerReason(env: EnvironmentState, waitsFor: readonly string[]): string {
  if (env.deployment?.reason === 'manual' || env.trigger === 'manual') return 'Manual';
  if (env.trigger === 'afterRelease') return 'After release creation';
  return `After successful deployment of ${waitsFor.join(', ')}`;
}

/**
 * `DeploymentOperationStatus` as the service spells it: PascalCase (`Approved`, `PhaseFailed`),
 * unlike every other enum of the release, which is camelCase (docs/design/azure-devops.md §13 row
 * 2; recording: vsteam Tests/SampleFiles/Get-VSTeamRelease-id178-expandEnvironments.json, and the
 * spec's own release/7.1/httpExamples/deployments/GET__ListDeployments.json).
 */
function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `DeploymentAttempt`: the one attempt of a stage. */
function renderDeploymentAttempt(
  state: SimState,
  context: Context,
  env: EnvironmentState,
  deployment: DeploymentState,
  view: ReleaseEnvironmentView,
): Record<string, unknown> {
  const requestedBy = identityRef(state, deployment.requestedBy);
  return {
    id: env.record.deploymentId,
    deploymentId: env.record.deploymentId,
    attempt: 1,
    reason: deployment.reason,
    status: deployment.status,
    operationStatus: pascalCase(deployment.operationStatus),
    hasStarted: deployment.hasStarted,
    queuedOn: formatAzureDate(deployment.requestedAt),
    lastModifiedOn: formatAzureDate(deployment.lastModifiedAt),
    lastModifiedBy: requestedBy,
    requestedBy,
    requestedFor: requestedBy,
    issues: [],
    releaseDeployPhases: deployment.phase
      ? [renderDeployPhase(state, context, env, deployment.phase, view)]
      : [],
  };
}

function renderDeployPhase(
  state: SimState,
  context: Context,
  env: EnvironmentState,
  phase: PhaseState,
  view: ReleaseEnvironmentView,
): Record<string, unknown> {
  const { release } = context;
  const failed = phase.tasks.find((task) => task.status === 'failed');
  return {
    // The spec's ReleaseDeployPhase has no numeric `id`: `phaseId` carries the deploy phase id
    // that the task log URL uses.
    phaseId: String(env.record.deployPhaseId),
    name: 'Agent job',
    rank: 1,
    phaseType: 'agentBasedDeployment',
    status: phase.status,
    runPlanId: releaseGuid(state, `release-plan:${release.id}:${env.record.id}`),
    startedOn: formatAzureDate(phase.startedAt),
    manualInterventions: [],
    ...(failed ? { errorLog: `Task '${failed.script.name}' failed.` } : {}),
    deploymentJobs: view.tasks ? [renderDeploymentJob(state, context, env, phase)] : [],
  };
}

function times(startedAt: number | null, finishedAt: number | null): Record<string, string> {
  return {
    ...(startedAt === null ? {} : { startTime: formatAzureDate(startedAt) }),
    ...(finishedAt === null ? {} : { finishTime: formatAzureDate(finishedAt) }),
  };
}

/** `DeploymentJob`: the agent job (task id 1, its log is the whole job's) and its tasks. */
function renderDeploymentJob(
  state: SimState,
  { release }: Context,
  env: EnvironmentState,
  phase: PhaseState,
): Record<string, unknown> {
  const ids = {
    releaseId: release.id,
    environmentId: env.record.id,
    deployPhaseId: env.record.deployPhaseId,
  };
  const job = {
    id: 1,
    name: 'Agent job',
    status: phase.status,
    ...times(phase.startedAt, phase.finishedAt),
    logUrl: releaseTaskLogUrl(state, release.projectId, { ...ids, taskId: 1 }),
    lineCount: releaseJobLogLines(phase.tasks).length,
    agentName: 'Hosted Agent',
    issues: [],
    rank: 1,
    timelineRecordId: releaseGuid(state, `release-job:${release.id}:${env.record.id}`),
  };
  const tasks = phase.tasks.map((task: TaskState, index) => {
    const lines = releaseTaskLogLines(task);
    return {
      id: index + 2,
      name: task.script.name,
      status: task.status,
      ...times(task.startedAt, task.finishedAt),
      // A task that has not started has no log yet.
      ...(lines
        ? {
            logUrl: releaseTaskLogUrl(state, release.projectId, { ...ids, taskId: index + 2 }),
            agentName: 'Hosted Agent',
          }
        : {}),
      lineCount: lines?.length ?? 0,
      issues:
        task.status === 'failed'
          ? [{ issueType: 'Error', message: 'Process completed with exit code 1.', data: {} }]
          : [],
      rank: index + 2,
      timelineRecordId: releaseGuid(state, `release-task:${release.id}:${env.record.id}:${index}`),
      task: {
        id: releaseGuid(state, 'release-task-definition'),
        name: 'CmdLine',
        version: '2.0.0',
      },
    };
  });
  return { job, tasks };
}
