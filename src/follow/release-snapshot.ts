/**
 * A classic release → Snapshot. Pure. Stages are the release's environments by rank. A release is
 * finished when every stage that will deploy is final: stages that will not deploy (see
 * release-conditions.ts) are `notDeployed`, with a reason, and are never waited for.
 */
import type { Release, ReleaseEnvironment } from '../azdo/types.ts';
import type { EndResult } from '../outcome.ts';
import { releaseApprovalView, type Caller } from './approvals.ts';
import { notDeployedReason } from './release-conditions.ts';
import {
  environmentStageState,
  lastAttempt,
  pendingApprovals,
  releaseStepState,
} from './release-stage.ts';
import { isFinalState, wasDeployed } from './results.ts';
import type {
  ApprovalView,
  JobView,
  RunStatus,
  Snapshot,
  StageState,
  StageView,
} from './snapshot.ts';

export interface ReleaseSnapshotContext {
  /** The release's web page: where approvals are answered. */
  readonly url: string;
  /** Who aztm is signed in as, when known (for `ApprovalView.assignedToCaller`). */
  readonly caller: Caller | null;
  /** The stages the release was asked to deploy (`--stages`), or `null`: as the definition says. */
  readonly stagesToDeploy: readonly string[] | null;
}

export function snapshotOfRelease(release: Release, context: ReleaseSnapshotContext): Snapshot {
  const envs = [...release.environments].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  const decided = new Map<number, { state: StageState; reason?: string }>();
  const visiting = new Set<number>();
  const decide = (env: ReleaseEnvironment): { state: StageState; reason?: string } => {
    const known = decided.get(env.id);
    if (known) return known;
    let found: { state: StageState; reason?: string } = { state: environmentStageState(env) };
    if (found.state === 'notStarted') {
      visiting.add(env.id);
      const reason = notDeployedReason(env, {
        release,
        stagesToDeploy: context.stagesToDeploy,
        stageNamed: (name) => {
          const other = envs.find(
            (candidate) => candidate.name.toLowerCase() === name.toLowerCase(),
          );
          if (!other) return undefined;
          // Stages waiting on each other in a circle never deploy.
          return visiting.has(other.id) ? 'notDeployed' : decide(other).state;
        },
      });
      visiting.delete(env.id);
      if (reason !== undefined) found = { state: 'notDeployed', reason };
    }
    decided.set(env.id, found);
    return found;
  };

  const stages = envs.map((env) => stageView(env, decide(env), context));
  const states = stages.map((stage) => stage.state);
  const finished = states.every(isFinalState);
  const finishedAt = finished ? latest(envs.map((env) => env.modifiedOn)) : undefined;
  return {
    status: finished ? 'completed' : openStatus(states, release),
    ...(finished ? { result: releaseResult(states, release.status === 'abandoned') } : {}),
    stages,
    ...(release.createdOn ? { startedAt: release.createdOn } : {}),
    ...(finishedAt ? { finishedAt } : {}),
  };
}

/**
 * The result of a finished release: failed if any stage failed or was rejected; canceled if the
 * release was abandoned or a stage canceled; partially succeeded if any stage was; else
 * succeeded, also when no stage deployed at all (the loop adds a "nothing was deployed" warning).
 */
export function releaseResult(states: readonly StageState[], abandoned: boolean): EndResult {
  if (states.some((state) => state === 'failed' || state === 'rejected' || state === 'timedOut')) {
    return 'failed';
  }
  if (abandoned || states.includes('canceled')) return 'canceled';
  if (states.includes('partiallySucceeded')) return 'partiallySucceeded';
  return 'succeeded';
}

/** Whether a finished release deployed nothing: every stage was left alone. */
export function nothingDeployed(snapshot: Snapshot): boolean {
  return snapshot.stages.every((stage) => !wasDeployed(stage.state));
}

function openStatus(states: readonly StageState[], release: Release): RunStatus {
  if (states.includes('cancelling')) return 'cancelling';
  const waiting: readonly StageState[] = ['notStarted', 'queued', 'scheduled'];
  const started = states.some((state) => !waiting.includes(state) && wasDeployed(state));
  return release.status === 'draft' || !started ? 'queued' : 'running';
}

function stageView(
  env: ReleaseEnvironment,
  { state, reason }: { state: StageState; reason?: string },
  context: ReleaseSnapshotContext,
): StageView {
  const attempt = lastAttempt(env);
  const jobs = (attempt?.releaseDeployPhases ?? []).map((phase, index): JobView => ({
    id: phase.phaseId ?? `${env.id}.${index + 1}`,
    name: phase.name ?? `Phase ${index + 1}`,
    state: releaseStepState(phase.status),
  }));
  const approval = state === 'waitingForApproval' ? approvalOf(env, context) : undefined;
  return {
    id: String(env.id),
    name: env.name,
    state,
    ...(attempt?.queuedOn ? { startedAt: attempt.queuedOn } : {}),
    ...(isFinalState(state) && attempt && env.modifiedOn ? { finishedAt: env.modifiedOn } : {}),
    jobs,
    ...(approval ? { approval } : {}),
    ...(state === 'scheduled' && env.scheduledDeploymentTime
      ? { scheduledFor: env.scheduledDeploymentTime }
      : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}

/**
 * The approval a waiting stage waits for: its pending approvals; else a manual intervention; else
 * the approvers of its approval snapshot (the attempt said `pending` before listing approvals).
 * Only a listed approval can be answered by `--approve`.
 */
function approvalOf(env: ReleaseEnvironment, context: ReleaseSnapshotContext): ApprovalView {
  const listed = releaseApprovalView(pendingApprovals(env), context.url, context.caller);
  if (listed) return listed;
  const base = { url: context.url, assignedToCaller: false };
  if (lastAttempt(env)?.operationStatus === 'manualInterventionPending') {
    return {
      ...base,
      id: `manualIntervention:${env.id}`,
      approvers: [],
      instructions: 'A manual intervention waits for someone to resume or reject the deployment.',
    };
  }
  const approvers = (env.preApprovalsSnapshot?.approvals ?? [])
    .filter((approval) => approval.isAutomated !== true)
    .map((approval) => approval.approver?.displayName)
    .filter((name): name is string => typeof name === 'string' && name !== '');
  return { ...base, id: `preDeploy:${env.id}`, approvers: [...new Set(approvers)] };
}

function latest(times: readonly (string | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const time of times) {
    if (time && (!best || Date.parse(time) > Date.parse(best))) best = time;
  }
  return best;
}
