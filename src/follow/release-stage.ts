/**
 * One release environment (stage) → its StageState, from `status`, its approvals and its last
 * deploy attempt (docs/design/azure-devops.md §4.2, §4.4). Pure. Whether a `notStarted` stage will
 * ever deploy is decided separately, from the conditions (release-conditions.ts).
 */
import type { DeploymentAttempt, ReleaseApproval, ReleaseEnvironment } from '../azdo/types.ts';
import type { StageState, StepState } from './snapshot.ts';

/** The latest deploy attempt of a stage (the highest `attempt`, else the last listed). */
export function lastAttempt(env: ReleaseEnvironment): DeploymentAttempt | undefined {
  const steps = env.deploySteps ?? [];
  let last: DeploymentAttempt | undefined;
  for (const step of steps) if (!last || (step.attempt ?? 0) >= (last.attempt ?? 0)) last = step;
  return last;
}

/** Pre- and post-deploy approvals still waiting for a person (automated ones never wait). */
export function pendingApprovals(env: ReleaseEnvironment): ReleaseApproval[] {
  return [...(env.preDeployApprovals ?? []), ...(env.postDeployApprovals ?? [])].filter(
    (approval) => approval.status === 'pending' && approval.isAutomated !== true,
  );
}

/**
 * Where a stage is. `rejected` is EnvironmentStatus's word for both a failed deployment and a
 * rejected approval (there is no `failed`, §4.2): an approval rejection (the attempt's
 * operationStatus `rejected`, or a rejected approval) is `rejected`, anything else `failed`.
 * An open stage waits for approval when an approval is pending or the attempt says `pending`
 * (§12: the service's word for it is unconfirmed, so both are read).
 */
export function environmentStageState(env: ReleaseEnvironment): StageState {
  switch (env.status) {
    case 'succeeded':
    case 'partiallySucceeded':
    case 'canceled':
      return env.status;
    case 'rejected':
      return rejectedByApproval(env) ? 'rejected' : 'failed';
    case 'scheduled':
      return 'scheduled';
    case 'undefined':
    case 'notStarted':
      return 'notStarted';
    case 'queued':
    case 'inProgress':
      return openState(env);
  }
}

function openState(env: ReleaseEnvironment): StageState {
  const operation = lastAttempt(env)?.operationStatus;
  if (operation === 'cancelling') return 'cancelling';
  if (pendingApprovals(env).length > 0) return 'waitingForApproval';
  switch (operation) {
    case 'pending':
    case 'manualInterventionPending':
      return 'waitingForApproval';
    case 'evaluatingGates':
      return 'waitingForChecks';
    // deferred: an approver postponed the deployment to a later time
    case 'scheduled':
    case 'deferred':
      return 'scheduled';
    case 'queued':
    case 'queuedForAgent':
    case 'queuedForPipeline':
      return 'queued';
    // Approved, phases under way or just ended, or a word the attempt has not settled yet: the
    // stage itself is still open, so it runs (or is queued, when its own status says so).
    case 'approved':
    case 'phaseInProgress':
    case 'phaseSucceeded':
    case 'phasePartiallySucceeded':
    case 'phaseFailed':
    case 'phaseCanceled':
    case 'rejected':
    case 'canceled':
    case 'gateFailed':
    case 'undefined':
    case 'all':
    case undefined:
    default:
      // A word aztm does not know (the decoder keeps it as sent) is no reason to stop waiting.
      return env.status === 'queued' ? 'queued' : 'running';
  }
}

function rejectedByApproval(env: ReleaseEnvironment): boolean {
  const last = lastAttempt(env);
  if (last?.operationStatus === 'rejected') return true;
  if (
    last?.status === 'failed' ||
    last?.operationStatus === 'phaseFailed' ||
    last?.operationStatus === 'gateFailed'
  ) {
    return false;
  }
  return [...(env.preDeployApprovals ?? []), ...(env.postDeployApprovals ?? [])].some(
    (approval) => approval.status === 'rejected',
  );
}

/** `ReleaseDeployPhase.status` / `ReleaseTask.status` (§4.2) → StepState. */
export function releaseStepState(status: string | undefined): StepState {
  switch (status) {
    case 'succeeded':
    case 'success':
      return 'succeeded';
    case 'partiallySucceeded':
      return 'partiallySucceeded';
    case 'failed':
    case 'failure':
      return 'failed';
    case 'canceled':
      return 'canceled';
    case 'skipped':
      return 'skipped';
    case 'inProgress':
    case 'cancelling':
      return 'running';
    // unknown, notStarted, pending, undefined
    case undefined:
    default:
      return 'pending';
  }
}
