/**
 * Failure detail of a release, from the release read with `$expand=tasks` (§4.2): for each stage
 * that failed, was rejected or partially succeeded, the tasks of its last attempt that failed (or
 * succeeded with issues) with their issues and log tails (§4: Get Task Log); a rejected approval
 * with who rejected it and why; a failed stage without a failed task with its phases' error logs.
 * With `all`, every task that ran in every stage that deployed.
 */
import type { ReleasesClient } from '../azdo/releases.ts';
import type { ReleaseEnvironment } from '../azdo/types.ts';
import type { StageResult } from '../outcome.ts';
import type { ShowLogs } from './follow-options.ts';
import { lastAttempt, releaseStepState } from './release-stage.ts';
import { isFinalState, wasDeployed } from './results.ts';
import type { FailureDetail, Snapshot, StageState } from './snapshot.ts';
import { issueTexts, tail } from './tracker.ts';

const FAILING: ReadonlySet<StageState> = new Set(['failed', 'rejected', 'partiallySucceeded']);

export async function releaseFailureDetails(
  releases: ReleasesClient,
  handle: { readonly project: string; readonly id: number },
  snapshot: Snapshot,
  mode: Exclude<ShowLogs, 'none'>,
  tailLines: number,
): Promise<FailureDetail[]> {
  const release = await releases.get(handle.project, handle.id, { withTasks: true });
  const stateOf = new Map(snapshot.stages.map((stage) => [stage.id, stage.state]));
  const details: FailureDetail[] = [];
  for (const env of [...release.environments].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))) {
    const state = stateOf.get(String(env.id));
    if (state === undefined || !isFinalState(state)) continue;
    const wanted = mode === 'all' ? wasDeployed(state) : FAILING.has(state);
    if (!wanted) continue;
    if (state === 'rejected') details.push(rejection(env));
    const tasks = await taskDetails(releases, handle, env, mode, tailLines);
    details.push(...tasks);
    if (state === 'failed' && tasks.every((task) => task.result !== 'failed')) {
      details.push(stageFailure(env));
    }
  }
  return details;
}

function rejection(env: ReleaseEnvironment): FailureDetail {
  const rejected = [...(env.preDeployApprovals ?? []), ...(env.postDeployApprovals ?? [])].filter(
    (approval) => approval.status === 'rejected',
  );
  const issues = rejected.map((approval) => {
    // `approvedBy` is who answered (also for a rejection); `approver` who it was assigned to.
    const who = approval.approvedBy?.displayName ?? approval.approver?.displayName ?? 'an approver';
    return approval.comments ? `rejected by ${who}: ${approval.comments}` : `rejected by ${who}`;
  });
  return { path: [env.name], result: 'rejected', issues, logTail: [] };
}

function stageFailure(env: ReleaseEnvironment): FailureDetail {
  const attempt = lastAttempt(env);
  const issues = [
    ...issueTexts(attempt?.issues),
    ...(attempt?.releaseDeployPhases ?? [])
      .map((phase) => phase.errorLog ?? '')
      .filter((text) => text !== ''),
  ];
  return { path: [env.name], result: 'failed', issues, logTail: [] };
}

async function taskDetails(
  releases: ReleasesClient,
  handle: { readonly project: string; readonly id: number },
  env: ReleaseEnvironment,
  mode: Exclude<ShowLogs, 'none'>,
  tailLines: number,
): Promise<FailureDetail[]> {
  const details: FailureDetail[] = [];
  for (const phase of lastAttempt(env)?.releaseDeployPhases ?? []) {
    for (const job of phase.deploymentJobs ?? []) {
      for (const task of job.tasks ?? []) {
        const state = releaseStepState(task.status);
        if (state === 'pending' || state === 'running') continue;
        const result: StageResult = state;
        if (mode !== 'all' && result !== 'failed' && result !== 'partiallySucceeded') continue;
        const issues = issueTexts(task.issues);
        let logTail: string[] = [];
        if (phase.phaseId !== undefined && tailLines > 0) {
          try {
            const lines = await releases.getTaskLog(
              handle.project,
              handle.id,
              env.id,
              phase.phaseId,
              task.id,
            );
            logTail = tail(lines, tailLines);
          } catch (error) {
            issues.push(
              `(its log could not be read: ${error instanceof Error ? error.message : String(error)})`,
            );
          }
        }
        const jobName = job.job?.name ?? phase.name ?? 'Agent job';
        details.push({ path: [env.name, jobName, task.name], result, issues, logTail });
      }
    }
  }
  return details;
}
