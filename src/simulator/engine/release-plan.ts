import type { TaskScript } from '../scenario/model.ts';
import type { ReleaseApprovalDecision, ReleaseEnvironmentRecord } from './release-record.ts';

/**
 * How a deployment goes when nothing interrupts it: queue time, the pre-deploy approval, then
 * the tasks one after another. `computeDeployment` reads it at a given time and applies cancels.
 */

/** How long a requested deployment stays `queued` before it starts (simulated ms). */
export const RELEASE_QUEUE_MS = 2_000;
export interface PlannedTask {
  readonly script: TaskScript;
  readonly start: number;
  readonly end: number;
  readonly skipped: boolean;
}

/** The deployment as it goes when nothing interrupts it. */
export interface Plan {
  readonly queueEnd: number;
  /** `Infinity` while the approval waits for an answer that has not come. */
  readonly approvalDecidedAt: number;
  readonly approvalOutcome: 'approved' | 'rejected' | null;
  readonly apiDecision: ReleaseApprovalDecision | null;
  /** `null` when the approval rejects the deployment or never gets an answer. */
  readonly tasksStart: number | null;
  readonly tasks: readonly PlannedTask[];
  readonly end: number;
  readonly result: 'succeeded' | 'partiallySucceeded' | 'failed' | 'canceled' | 'rejected';
}

export function planDeployment(env: ReleaseEnvironmentRecord, requestedAt: number): Plan {
  const queueEnd = requestedAt + RELEASE_QUEUE_MS;
  const approval = env.deploy.approval;
  let decidedAt = queueEnd;
  let outcome: Plan['approvalOutcome'] = 'approved';
  let apiDecision: ReleaseApprovalDecision | null = null;
  if (approval) {
    // The earliest of an answer through the API and the scripted outcome decides.
    const scriptedAt = approval.outcome === 'pending' ? Infinity : queueEnd + approval.afterMs;
    const api = env.approvalDecision;
    if (api && api.at <= scriptedAt) {
      decidedAt = Math.max(api.at, queueEnd);
      outcome = api.status;
      apiDecision = api;
    } else {
      decidedAt = scriptedAt;
      outcome = approval.outcome === 'pending' ? null : approval.outcome;
    }
  }
  const base = { queueEnd, approvalDecidedAt: decidedAt, approvalOutcome: outcome, apiDecision };
  if (outcome !== 'approved') {
    return { ...base, tasksStart: null, tasks: [], end: decidedAt, result: 'rejected' };
  }
  // Tasks run one after another; after a failed (or canceled) task the rest are skipped.
  const tasks: PlannedTask[] = [];
  let time = decidedAt;
  let result: Plan['result'] = 'succeeded';
  for (const script of env.deploy.tasks) {
    if (result === 'failed' || result === 'canceled') {
      tasks.push({ script, start: time, end: time, skipped: true });
      continue;
    }
    tasks.push({ script, start: time, end: time + script.durationMs, skipped: false });
    time += script.durationMs;
    if (script.result === 'failed' || script.result === 'canceled') result = script.result;
    else if (script.result === 'succeededWithIssues') result = 'partiallySucceeded';
  }
  return { ...base, tasksStart: decidedAt, tasks, end: time, result };
}

/** The latest thing that happened to an open deployment at or before `at`. */
export function lastEventAt(p: Plan, requestedAt: number, at: number): number {
  let last = requestedAt;
  for (const time of [p.queueEnd, p.approvalDecidedAt]) if (time <= at && time > last) last = time;
  for (const task of p.tasks) {
    if (task.start <= at && task.start > last) last = task.start;
    if (task.end <= at && task.end > last) last = task.end;
  }
  return last;
}
