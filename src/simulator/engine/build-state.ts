import type { ApprovalScript } from '../scenario/model.ts';
import type { BuildRecord, Identity } from './build-record.ts';
import { taskLogLines, taskLogProgress } from './build-logs.ts';
import type { PlannedRecord, TimelineRecordType, TimelineResult } from './build-plan.ts';
import { scheduleBuild, type BuildResultName, type BuildSchedule } from './build-schedule.ts';

type BuildStatusName = 'notStarted' | 'inProgress' | 'cancelling' | 'completed';
type RecordStateName = 'pending' | 'inProgress' | 'completed';
type PipelineApprovalStatusName = 'pending' | 'approved' | 'rejected' | 'canceled';

export interface BuildLogView {
  readonly id: number;
  /** The Task record the log belongs to. */
  readonly recordId: string;
  readonly lineCount: number;
  readonly createdOn: number;
  readonly lastChangedOn: number;
}

interface RecordIssue {
  readonly type: 'error' | 'warning';
  readonly message: string;
}

export interface TimelineRecordView {
  readonly id: string;
  readonly parentId: string | null;
  readonly type: TimelineRecordType;
  readonly name: string;
  readonly identifier: string | null;
  readonly order: number;
  readonly state: RecordStateName;
  /** `null` until the record completes (docs/design/azure-devops.md §2.4). */
  readonly result: TimelineResult | null;
  readonly startTime: number | null;
  readonly finishTime: number | null;
  /** The changeId of the record's latest change visible now. */
  readonly changeId: number;
  readonly lastModified: number;
  readonly log: BuildLogView | null;
  readonly issues: readonly RecordIssue[];
}

export interface PipelineApprovalView {
  readonly id: string;
  readonly buildId: number;
  readonly stageName: string;
  readonly stageDisplayName: string;
  readonly script: ApprovalScript;
  readonly status: PipelineApprovalStatusName;
  readonly createdOn: number;
  readonly lastModifiedOn: number;
  /** Who answered and what they said; `null` while pending and when cancelled. */
  readonly decision: {
    readonly by: string;
    readonly comment: string;
    readonly identity?: Identity;
  } | null;
}

/** A run or build as it stands at one simulated moment. */
export interface BuildState {
  readonly buildId: number;
  readonly now: number;
  readonly status: BuildStatusName;
  /** `null` until completed. */
  readonly result: BuildResultName | null;
  readonly queueTime: number;
  readonly startTime: number | null;
  readonly finishTime: number | null;
  /** Timeline changeId: the latest change visible now (1: the records were created). */
  readonly changeId: number;
  readonly lastChangedOn: number;
  /** Timeline records in depth-first order. */
  readonly records: readonly TimelineRecordView[];
  /** Approvals requested so far, whatever their status. */
  readonly approvals: readonly PipelineApprovalView[];
  readonly pendingApprovals: readonly PipelineApprovalView[];
  /** Logs of the tasks started so far, by id. */
  readonly logs: readonly BuildLogView[];
}

const schedules = new WeakMap<BuildRecord, { key: string; schedule: BuildSchedule }>();
const states = new WeakMap<BuildSchedule, BuildState>();

/**
 * The full state of a run at simulated time `now`, computed from its script and the decisions on
 * its record. Pure: the same record and `now` give the same state. The schedule is worked out once
 * per set of decisions and the last state is kept per schedule, so 200 runs polled every second
 * cost a few array walks each.
 */
export function computeBuildState(build: BuildRecord, now: number): BuildState {
  const schedule = scheduleOf(build);
  const cached = states.get(schedule);
  if (cached?.now === now) return cached;
  const state = project(schedule, now);
  states.set(schedule, state);
  return state;
}

/** The lines of one log of a run at `now`, or `null` when no such log exists yet. */
export function buildLogLines(build: BuildRecord, logId: number, now: number): string[] | null {
  if (!Number.isInteger(logId) || logId < 1) return null;
  const schedule = scheduleOf(build);
  const record = schedule.records[schedule.logIds.indexOf(logId)];
  return record ? taskLogLines(record, now) : null;
}

/** The schedule of a run, recomputed only when a cancel, decision or forced finish changed it. */
function scheduleOf(build: BuildRecord): BuildSchedule {
  const decisions = [...build.approvalDecisions].map(
    ([id, decision]) => `${id}=${decision.status}@${decision.at}`,
  );
  const forced = build.forcedFinish;
  const stages = [...build.stageCancels].map(([name, at]) => `${name}@${at}`);
  const key = `${build.cancelRequestedAt}|${forced ? `${forced.result}@${forced.at}` : ''}|${decisions.join(',')}|${stages.join(',')}`;
  const cached = schedules.get(build);
  if (cached?.key === key) return cached.schedule;
  const schedule = scheduleBuild(build);
  schedules.set(build, { key, schedule });
  return schedule;
}

function project(schedule: BuildSchedule, now: number): BuildState {
  const { build } = schedule;
  const visibleEvents = countVisible(schedule, now);
  const records: TimelineRecordView[] = [];
  const logs: BuildLogView[] = [];
  for (const record of schedule.records) {
    const started = record.start !== null && record.start.at <= now;
    const finished = record.finish.at <= now;
    if (record.appearsOnStart && !started) continue;
    const logId = schedule.logIds[record.index] ?? 0;
    const progress = logId > 0 ? taskLogProgress(record, now) : null;
    const log: BuildLogView | null =
      progress && record.start
        ? { id: logId, recordId: record.id, createdOn: record.start.at, ...progress }
        : null;
    if (log) logs.push(log);
    records.push({
      id: record.id,
      parentId:
        record.parentIndex === null ? null : (schedule.records[record.parentIndex]?.id ?? null),
      type: record.type,
      name: record.name,
      identifier: record.identifier,
      order: record.order,
      state: finished ? 'completed' : started ? 'inProgress' : 'pending',
      result: finished ? record.result : null,
      startTime: started ? (record.start?.at ?? null) : null,
      finishTime: finished ? record.finish.at : null,
      changeId: finished
        ? (schedule.finishChangeIds[record.index] ?? 1)
        : started
          ? (schedule.startChangeIds[record.index] ?? 1)
          : 1,
      lastModified: finished
        ? record.finish.at
        : started
          ? (record.start?.at ?? build.queuedAt)
          : build.queuedAt,
      log,
      issues: finished ? issuesOf(record) : [],
    });
  }
  logs.sort((a, b) => a.id - b.id);

  const approvals = schedule.approvals
    .filter((approval) => approval.createdAt.at <= now)
    .map((approval): PipelineApprovalView => {
      const decided = approval.decidedAt.at <= now;
      return {
        id: approval.id,
        buildId: approval.buildId,
        stageName: approval.stageName,
        stageDisplayName: approval.stageDisplayName,
        script: approval.script,
        status: decided ? approval.status : 'pending',
        createdOn: approval.createdAt.at,
        lastModifiedOn: decided ? approval.decidedAt.at : approval.createdAt.at,
        decision: decided ? approval.decision : null,
      };
    });

  const finished = schedule.finish.at <= now;
  const status: BuildStatusName = finished
    ? 'completed'
    : schedule.cancellingFrom !== null && schedule.cancellingFrom <= now
      ? 'cancelling'
      : schedule.started && schedule.queueEnd <= now
        ? 'inProgress'
        : 'notStarted';
  const lastEvent = schedule.events[visibleEvents - 1];
  return {
    buildId: build.id,
    now,
    status,
    result: finished ? schedule.result : null,
    queueTime: build.queuedAt,
    startTime: schedule.started && schedule.queueEnd <= now ? schedule.queueEnd : null,
    finishTime: finished ? schedule.finish.at : null,
    changeId: 1 + visibleEvents,
    lastChangedOn: lastEvent ? lastEvent.at : build.queuedAt,
    records,
    approvals,
    pendingApprovals: approvals.filter((approval) => approval.status === 'pending'),
    logs,
  };
}

/** How many scheduled events have happened by `now` (events are sorted by time). */
function countVisible(schedule: BuildSchedule, now: number): number {
  const { events } = schedule;
  let low = 0;
  let high = events.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((events[mid]?.at ?? Infinity) <= now) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A failed task reports an error, one with issues a warning: from its log when it has one. */
function issuesOf(record: Readonly<PlannedRecord>): RecordIssue[] {
  const task = record.task;
  if (!task || record.cut !== null) return [];
  const find = (prefix: string): string | undefined =>
    [...task.log]
      .reverse()
      .find((line) => line.startsWith(prefix))
      ?.slice(prefix.length);
  if (record.result === 'failed') {
    return [{ type: 'error', message: find('##[error]') ?? `${task.name} failed.` }];
  }
  if (record.result === 'succeededWithIssues') {
    return [{ type: 'warning', message: find('##[warning]') ?? `${task.name} reported issues.` }];
  }
  return [];
}
