import type { TaskResultName } from '../scenario/model.ts';
import { decideApproval, type PlannedApproval } from './build-approval.ts';
import { numberEvents, type NumberedEvents } from './build-events.ts';
import {
  buildResult,
  conditionHolds,
  SEVERITY,
  topologicalOrder,
  type BuildResultName,
} from './build-rules.ts';
import type { BuildRecord } from './build-record.ts';
import {
  after,
  compareMoments,
  isAtOrBefore,
  isNever,
  later,
  moment,
  NEVER,
  type Moment,
} from './build-moment.ts';
import {
  planRecords,
  type JobPlan,
  type PlannedRecord,
  type StagePlan,
  type TimelineResult,
} from './build-plan.ts';

export type { BuildResultName } from './build-rules.ts';

/** How long a cancelled run stays `cancelling` before it completes (simulated time). */
const CANCELLING_MS = 3_000;

/** Everything that will happen to a run given its record as it stands now. */
export interface BuildSchedule extends NumberedEvents {
  readonly build: BuildRecord;
  readonly records: readonly Readonly<PlannedRecord>[];
  /** Whether the run ever leaves the queue. */
  readonly started: boolean;
  readonly queueEnd: number;
  readonly cancellingFrom: number | null;
  readonly finish: Moment;
  readonly result: BuildResultName | null;
  readonly approvals: readonly PlannedApproval[];
}

type Outcome = { readonly finish: Moment; readonly result: TimelineResult | null };

/** Works out the whole life of a run from its script and the decisions taken on it so far. */
export function scheduleBuild(build: BuildRecord): BuildSchedule {
  const { records, stages } = planRecords(build);
  let seq = 0;
  const begin = (record: PlannedRecord, at: Moment): void => {
    record.start = at;
    record.startSeq = seq++;
  };
  const end = (record: PlannedRecord, at: Moment, result: TimelineResult): void => {
    record.finish = at;
    record.result = result;
    record.finishSeq = seq++;
  };
  const skip = (list: readonly PlannedRecord[], at: Moment): void => {
    // Children first: a skipped stage's tasks end before the stage does.
    for (const record of [...list].reverse())
      if (!record.appearsOnStart) end(record, at, 'skipped');
  };

  const decisionRanks = new Map([...build.approvalDecisions.keys()].map((id, i) => [id, i + 1]));
  // Cancels rank above every decision, a forced finish above cancels (see build-moment.ts).
  const cancelRank = build.approvalDecisions.size + 1;
  const queueEnd = moment(build.queuedAt + build.script.queueMs);
  const approvals: PlannedApproval[] = [];
  const outcomes = new Map<string, Outcome>();
  const skipped = new Set(build.stagesToSkip.map((name) => name.toLowerCase()));

  /** Ends what runs at `at` with `result`, skips what has not started (cancel, forced finish). */
  const cut = (
    list: readonly PlannedRecord[],
    at: Moment,
    cause: 'cancel' | 'forced',
    recordResult: TimelineResult,
  ): void => {
    for (const record of [...list].reverse()) {
      if (isAtOrBefore(record.finish, at)) continue;
      if (record.start && isAtOrBefore(record.start, at)) {
        const checkpoint = record.type === 'Checkpoint' || record.type === 'Checkpoint.Approval';
        record.cut = cause;
        end(record, at, checkpoint ? 'canceled' : recordResult);
      } else if (record.appearsOnStart) {
        record.start = null;
        record.finish = NEVER;
        record.result = null;
      } else {
        record.start = null;
        end(record, at, 'skipped');
      }
    }
  };

  const runJob = (plan: JobPlan, start: Moment): Outcome & { result: TaskResultName } => {
    begin(plan.phase, start);
    begin(plan.job, start);
    let at = start;
    let worst: TaskResultName = 'succeeded';
    let stopped = false;
    plan.tasks.forEach((record, i) => {
      const task = plan.script.tasks[i];
      if (!task) return;
      if (stopped) return end(record, at, 'skipped');
      begin(record, at);
      at = after(at, task.durationMs);
      end(record, at, task.result);
      if (SEVERITY[task.result] > SEVERITY[worst]) worst = task.result;
      // After a failed (or cancelled) task the agent skips the rest of the job.
      stopped = task.result === 'failed' || task.result === 'canceled';
    });
    end(plan.job, at, worst);
    end(plan.phase, at, worst);
    return { finish: at, result: worst };
  };

  const runStage = (plan: StagePlan, eligible: Moment): Outcome => {
    if (plan.stage) begin(plan.stage, eligible);
    let jobsStart = eligible;
    if (plan.checkpoint && plan.approval && plan.script.approval) {
      begin(plan.checkpoint, eligible);
      begin(plan.approval, eligible);
      const approval = decideApproval(build, plan, eligible, decisionRanks);
      approvals.push(approval);
      if (approval.status === 'pending') return { finish: NEVER, result: null };
      const result = approval.status === 'approved' ? 'succeeded' : 'failed';
      end(plan.approval, approval.decidedAt, result);
      end(plan.checkpoint, approval.decidedAt, result);
      if (approval.status === 'rejected') {
        skip(
          plan.jobs.flatMap((job) => [job.phase, job.job, ...job.tasks]),
          approval.decidedAt,
        );
        if (plan.stage) end(plan.stage, approval.decidedAt, 'failed');
        return { finish: approval.decidedAt, result: 'failed' };
      }
      jobsStart = approval.decidedAt;
    }
    let finish = jobsStart;
    let worst: TaskResultName = 'succeeded';
    for (const job of plan.jobs) {
      const outcome = runJob(job, jobsStart);
      finish = later(finish, outcome.finish);
      if (SEVERITY[outcome.result] > SEVERITY[worst]) worst = outcome.result;
    }
    if (plan.stage) end(plan.stage, finish, worst);
    return { finish, result: worst };
  };

  for (const plan of topologicalOrder(stages)) {
    let eligible = queueEnd;
    const depResults: (TimelineResult | null)[] = [];
    for (const dep of plan.script.dependsOn) {
      if (!stages.some((other) => other.script.name === dep)) continue;
      const outcome = outcomes.get(dep) ?? { finish: NEVER, result: null };
      eligible = later(eligible, outcome.finish);
      depResults.push(outcome.result);
    }
    // A stage cancelled through the stage update API (§2.3) ends there; before it starts, skipped.
    const canceledAt = build.stageCancels.get(plan.script.name.toLowerCase());
    const stageCancel = canceledAt === undefined ? NEVER : moment(canceledAt, cancelRank);
    if (isNever(eligible)) {
      outcomes.set(plan.script.name, { finish: NEVER, result: null });
    } else if (
      skipped.has(plan.script.name.toLowerCase()) ||
      compareMoments(stageCancel, eligible) < 0 ||
      !conditionHolds(plan.script.condition, depResults)
    ) {
      skip(plan.records, eligible);
      outcomes.set(plan.script.name, { finish: eligible, result: 'skipped' });
    } else {
      let outcome = runStage(plan, eligible);
      if (compareMoments(stageCancel, outcome.finish) < 0) {
        cut(plan.records, stageCancel, 'cancel', 'canceled');
        outcome = { finish: stageCancel, result: 'canceled' };
      }
      outcomes.set(plan.script.name, outcome);
    }
  }

  let finish = queueEnd;
  for (const outcome of outcomes.values()) finish = later(finish, outcome.finish);
  // The build completes a while after its timeline's last change (RunScript.finalizeMs).
  if (!isNever(finish)) finish = after(finish, build.script.finalizeMs);
  let result: BuildResultName | null = isNever(finish)
    ? null
    : buildResult([...outcomes.values()].map((outcome) => outcome.result));
  let started = true;
  let cancellingFrom: number | null = null;

  if (build.cancelRequestedAt !== null) {
    const cancel = moment(build.cancelRequestedAt, cancelRank);
    if (compareMoments(cancel, finish) < 0) {
      cut(records, cancel, 'cancel', 'canceled');
      started = compareMoments(cancel, queueEnd) >= 0;
      // A queued run completes at once; a running one stays `cancelling` a while (brief, §2.3).
      finish = started ? moment(cancel.at + CANCELLING_MS) : cancel;
      cancellingFrom = started ? cancel.at : null;
      result = 'canceled';
    }
  }
  if (build.forcedFinish) {
    const forced = moment(build.forcedFinish.at, cancelRank + 1);
    if (compareMoments(forced, finish) < 0) {
      const forcedResult = build.forcedFinish.result;
      if (compareMoments(forced, queueEnd) < 0) started = false;
      cut(
        records,
        forced,
        'forced',
        forcedResult === 'partiallySucceeded' ? 'succeededWithIssues' : forcedResult,
      );
      finish = forced;
      result = forcedResult;
    }
  }

  const visibleApprovals = approvals.filter((approval) => approval.record.start !== null);
  for (const approval of visibleApprovals) {
    if (approval.record.cut === null) continue;
    approval.status = 'canceled';
    approval.decidedAt = approval.record.finish;
    approval.decision = null;
  }
  return {
    build,
    records,
    ...numberEvents(records),
    started,
    queueEnd: queueEnd.at,
    cancellingFrom,
    finish,
    result,
    approvals: visibleApprovals,
  };
}
