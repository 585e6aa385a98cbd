import { badRequest, SimHttpError } from '../http/errors.ts';
import type { TokenSpec } from '../scenario/model.ts';
import type { SimState } from '../state.ts';
import { isAssignedApprover } from './approvers.ts';
import type { Identity } from './build-record.ts';
import type { ApprovalState, EnvironmentState } from './release-state-types.ts';
import {
  approvalNotFound,
  definitionOfRelease,
  findApprovalOwner,
  findRelease,
  findReleaseEnvironmentByName,
} from './release-lookup.ts';
import type {
  ForcedStageResult,
  ReleaseEnvironmentRecord,
  ReleaseRecord,
} from './release-record.ts';
import { computeReleaseState, releaseStatusAt } from './release-state.ts';

/**
 * What users (through the REST API) and the admin API do to a release. Each records the request
 * with the current simulated time; the consequences follow from `computeReleaseState`. Refusals
 * are the service's 400 InvalidRequestException; their texts are [unverified] unless noted.
 */

function invalid(message: string): SimHttpError {
  return badRequest('InvalidRequestException', message);
}

/** The stage's state now. */
export function environmentStateNow(
  state: SimState,
  release: ReleaseRecord,
  env: ReleaseEnvironmentRecord,
): EnvironmentState {
  const found = computeReleaseState(release, state.now()).environments.find(
    (candidate) => candidate.record.id === env.id,
  );
  if (!found) throw new Error(`stage ${env.id} is not part of release ${release.id}`);
  return found;
}

function touch(release: ReleaseRecord, at: number, by: Identity): void {
  release.modifiedAt = at;
  release.modifiedBy = by;
}

/** Deploys a stage that has not started, as PATCH status inProgress does (§4.3). */
export function deployReleaseStage(
  state: SimState,
  release: ReleaseRecord,
  env: ReleaseEnvironmentRecord,
  by: Identity,
  comment = '',
): void {
  const now = state.now();
  const status = releaseStatusAt(release, now);
  if (status !== 'active') {
    throw invalid(
      `Release '${release.name}' is ${status}: stage '${env.name}' can be deployed only while the release is active.`,
    );
  }
  const current = environmentStateNow(state, release, env);
  if (current.status !== 'notStarted') {
    throw invalid(
      `Stage '${env.name}' of release '${release.name}' cannot be deployed: its status is ${current.status}. Only a stage that has not started can be deployed.`,
    );
  }
  env.deployRequest = { at: now, by, comment };
  touch(release, now, by);
}

/** Cancels a queued or running deployment, as PATCH status canceled does (§4.3). */
export function cancelReleaseStage(
  state: SimState,
  release: ReleaseRecord,
  env: ReleaseEnvironmentRecord,
  by: Identity,
  comment = '',
): void {
  const now = state.now();
  const current = environmentStateNow(state, release, env);
  if (current.status !== 'queued' && current.status !== 'inProgress') {
    throw invalid(
      `Stage '${env.name}' of release '${release.name}' cannot be canceled: its status is ${current.status}. Only a queued or in-progress deployment can be canceled.`,
    );
  }
  env.cancelRequest = { at: now, by, comment };
  touch(release, now, by);
}

/** Abandons a release: every open deployment is canceled and nothing deploys any more. */
export function abandonRelease(
  state: SimState,
  release: ReleaseRecord,
  by: Identity,
  comment = '',
): void {
  const now = state.now();
  if (releaseStatusAt(release, now) === 'abandoned') {
    throw invalid(`Release '${release.name}' is already abandoned.`);
  }
  release.status = 'abandoned';
  release.abandonedAt = now;
  if (comment) release.comment = comment;
  touch(release, now, by);
}

/** Activates a draft release (§4.1: nothing deploys before). An active release stays as it is. */
export function activateRelease(state: SimState, release: ReleaseRecord, by: Identity): void {
  const now = state.now();
  const status = releaseStatusAt(release, now);
  if (status === 'abandoned') {
    throw invalid(`Release '${release.name}' is abandoned and cannot be made active again.`);
  }
  if (status === 'draft') {
    release.status = 'active';
    release.activatedAt = now;
    touch(release, now, by);
  }
}

/**
 * Makes the named stages manual from now on (ReleaseUpdateMetadata.manualEnvironments): a stage
 * whose automatic trigger has not fired yet will wait for a deploy. Stages not named keep their
 * trigger [unverified: whether the service also reverts stages left out of the list].
 */
export function setManualEnvironments(
  state: SimState,
  release: ReleaseRecord,
  names: readonly string[],
  by: Identity,
): void {
  const envs = names.map((name) => findReleaseEnvironmentByName(release, name));
  const now = state.now();
  for (const env of envs) env.manualSince ??= now;
  touch(release, now, by);
}

interface ApprovalAnswer {
  readonly status: 'approved' | 'rejected';
  readonly comments: string;
  readonly by: Identity;
}

/**
 * Answers a pending pre-deploy approval. `projectId` limits the search to one project (the REST
 * route); `checkCreator` applies the definition's releaseCreatorCanBeApprover (§4.4), which the
 * admin API bypasses. Returns the stage, for rendering.
 */
export function decideReleaseApproval(
  state: SimState,
  approvalId: number,
  answer: ApprovalAnswer,
  options: {
    readonly projectId?: string;
    readonly checkCreator?: boolean;
    /** The caller of the approvals API, who must be an assigned approver; the admin API has none. */
    readonly caller?: TokenSpec;
  } = {},
): { release: ReleaseRecord; env: ReleaseEnvironmentRecord; approval: ApprovalState } {
  const owner = findApprovalOwner(state, approvalId);
  if (
    !owner ||
    (options.projectId !== undefined && owner.release.projectId !== options.projectId)
  ) {
    throw approvalNotFound(approvalId);
  }
  const { release, env } = owner;
  const current = environmentStateNow(state, release, env);
  const approval = [current.deployment?.preApproval, current.deployment?.postApproval].find(
    (candidate) => candidate?.id === approvalId,
  );
  // Ids are reserved at creation; an approval not requested yet does not exist for clients.
  if (!approval) throw approvalNotFound(approvalId);
  if (approval.status !== 'pending') {
    throw invalid(
      `Approval ${approvalId} for stage '${env.name}' of release '${release.name}' is ${approval.status}; only a pending approval can be approved or rejected.`,
    );
  }
  if (options.caller && !isAssignedApprover(options.caller, approval.approvers)) {
    // The release service's access-denied code and wording (VS402904, as users report it:
    // MicrosoftDocs/azure-devops-docs#3185); this exact sentence is [inferred].
    throw new SimHttpError(
      403,
      'AccessCheckException',
      `VS402904: Access denied: User ${options.caller.user} is not an approver of approval ${approvalId} and does not have permission to approve or reject it. Contact your release manager.`,
    );
  }
  if (options.checkCreator === true) {
    const { definition } = definitionOfRelease(state, release);
    if (!definition.releaseCreatorCanBeApprover && answer.by.id === release.createdBy.id) {
      // [unverified] text; the rule itself is the definition's ApprovalOptions (§4.4).
      throw invalid(
        `${answer.by.displayName} created release '${release.name}' and cannot approve it: release pipeline '${definition.name}' does not allow the release creator to be an approver.`,
      );
    }
  }
  const now = state.now();
  env.approvalDecision = {
    status: answer.status,
    at: now,
    by: answer.by.displayName,
    comment: answer.comments,
    identity: answer.by,
  };
  touch(release, now, answer.by);
  const decided = environmentStateNow(state, release, env).deployment?.preApproval;
  if (!decided) throw new Error(`approval ${approvalId} vanished after its decision`);
  return { release, env, approval: decided };
}

/** Ends a stage now with the given result, whatever its script says (admin API). */
export function forceFinishReleaseStage(
  state: SimState,
  releaseId: number,
  stageName: string,
  result: ForcedStageResult,
): { release: ReleaseRecord; env: ReleaseEnvironmentRecord } {
  const release = findRelease(state, null, releaseId);
  const env = findReleaseEnvironmentByName(release, stageName);
  const current = environmentStateNow(state, release, env);
  const open =
    current.status === 'notStarted' ||
    current.status === 'queued' ||
    current.status === 'inProgress';
  if (!open) {
    throw invalid(
      `Stage '${env.name}' of release ${release.id} has already finished: ${current.status}.`,
    );
  }
  env.forcedFinish = { at: state.now(), result };
  return { release, env };
}
