import type { SimState } from '../state.ts';
import type { BuildRecord, Identity } from './build-record.ts';
import type { BuildResultName } from './build-schedule.ts';
import { computeBuildState, type PipelineApprovalView } from './build-state.ts';

/**
 * What later requests do to a run: cancel it, end it, answer its approvals. Each records the
 * request on the run's record at the current simulated time; the engine works out the rest.
 * Plain functions, so the routes, the admin API, tests and the in-process API share them.
 */

/**
 * Asks a run to cancel (docs/design/azure-devops.md §2.3). Returns `false`, changing nothing, when
 * it has already completed or a cancel was already asked for: cancelling twice is not an error on
 * the service.
 */
export function cancelBuild(state: SimState, build: BuildRecord, by: Identity): boolean {
  const now = state.now();
  if (build.cancelRequestedAt !== null) return false;
  if (computeBuildState(build, now).status === 'completed') return false;
  build.cancelRequestedAt = now;
  build.canceledBy = by;
  return true;
}

/**
 * Cancels one stage of a run now (the Build API's stage update, docs/design/azure-devops.md §2.3):
 * what runs in it ends `canceled`, and a stage not yet started is skipped. Returns `notFound` for a
 * stage the run does not have, `unchanged` when the stage (or the run) has already completed.
 */
export function cancelStage(
  state: SimState,
  build: BuildRecord,
  stageName: string,
): 'canceled' | 'notFound' | 'unchanged' {
  const name = stageName.toLowerCase();
  const stage = build.script.stages.find((candidate) => candidate.name.toLowerCase() === name);
  if (!stage) return 'notFound';
  const now = state.now();
  const computed = computeBuildState(build, now);
  const record = computed.records.find(
    (candidate) => candidate.type === 'Stage' && candidate.identifier === stage.name,
  );
  const done = record ? record.state === 'completed' : computed.status === 'completed';
  if (done || computed.status === 'completed' || build.stageCancels.has(name)) return 'unchanged';
  build.stageCancels.set(name, now);
  return 'canceled';
}

/**
 * Ends a run now with `result`, whatever its script says (admin API). Returns `false` when it has
 * already completed.
 */
export function forceFinishBuild(
  state: SimState,
  build: BuildRecord,
  result: BuildResultName,
): boolean {
  const now = state.now();
  if (computeBuildState(build, now).status === 'completed') return false;
  build.forcedFinish = { at: now, result };
  return true;
}

export interface FoundApproval {
  readonly build: BuildRecord;
  readonly approval: PipelineApprovalView;
}

/** Approvals requested so far by the YAML runs of a project (all projects when `null`). */
export function listPipelineApprovals(state: SimState, projectId: string | null): FoundApproval[] {
  const now = state.now();
  const found: FoundApproval[] = [];
  for (const build of state.builds.values()) {
    if (build.kind !== 'pipeline') continue;
    if (projectId !== null && build.projectId !== projectId) continue;
    for (const approval of computeBuildState(build, now).approvals) found.push({ build, approval });
  }
  return found;
}

/** An approval by id (any letter case), as it stands now, or `null`. */
export function findPipelineApproval(
  state: SimState,
  approvalId: string,
  projectId: string | null = null,
): FoundApproval | null {
  const wanted = approvalId.toLowerCase();
  return (
    listPipelineApprovals(state, projectId).find(({ approval }) => approval.id === wanted) ?? null
  );
}

interface ApprovalAnswer {
  readonly status: 'approved' | 'rejected';
  readonly comment: string;
  /** Who answers. */
  readonly identity: Identity;
}

type ApprovalAnswerOutcome =
  | { readonly kind: 'answered'; readonly found: FoundApproval }
  | { readonly kind: 'notFound' }
  | { readonly kind: 'notPending'; readonly found: FoundApproval };

/**
 * Answers a pending YAML approval now, as its approver would through the approvals API (§3).
 * Only a pending approval can be answered; the outcome says why not otherwise.
 */
export function decidePipelineApproval(
  state: SimState,
  approvalId: string,
  answer: ApprovalAnswer,
  projectId: string | null = null,
): ApprovalAnswerOutcome {
  const found = findPipelineApproval(state, approvalId, projectId);
  if (!found) return { kind: 'notFound' };
  if (found.approval.status !== 'pending') return { kind: 'notPending', found };
  const now = state.now();
  found.build.approvalDecisions.set(found.approval.id, {
    status: answer.status,
    at: now,
    by: answer.identity.displayName,
    comment: answer.comment,
    identity: answer.identity,
  });
  const approval = computeBuildState(found.build, now).approvals.find(
    (candidate) => candidate.id === found.approval.id,
  );
  return { kind: 'answered', found: { build: found.build, approval: approval ?? found.approval } };
}
