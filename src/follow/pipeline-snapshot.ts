/**
 * A YAML run or classic build (Build + timeline records) → Snapshot. Pure.
 *
 * - YAML runs: one StageView per `Stage` record, keyed by `identifier` (stable across attempts),
 *   named by its displayName, ordered by `order` (§2.4). Its jobs are the `Job` records under its
 *   `Phase` records (a Phase with no Job yet stands for its job).
 * - Waiting: an in-progress `Checkpoint.Approval` record under the stage makes it
 *   `waitingForApproval`, whatever the stage's own state says (§2.4: captures show both pending
 *   and inProgress); any other in-progress `Checkpoint*` record makes it `waitingForChecks`.
 * - A YAML run without explicit stages has one Stage record `__default` (§13 row 5): shown named
 *   after the pipeline, as the run itself.
 * - Classic builds have no Stage records (§2.4): the whole build is one stage, id `__default` (the
 *   name Azure DevOps gives an implicit stage), named after the build definition, holding every
 *   job; once the build completes, that stage's result is the build's result.
 */
import type { Build, TimelineRecord } from '../azdo/types.ts';
import type { StageResult } from '../outcome.ts';
import { mapBuildResult, mapBuildStatus, recordResult, recordStepState } from './results.ts';
import type {
  ApprovalView,
  JobView,
  RunStatus,
  Snapshot,
  StageState,
  StageView,
} from './snapshot.ts';
import { childrenByParent, descendantsOf } from './timeline.ts';

type Children = ReadonlyMap<string | null, readonly TimelineRecord[]>;

export interface PipelineSnapshotContext {
  /** `build` for a classic build: without Stage records, the build is modelled as one stage. */
  readonly kind: 'pipeline' | 'build';
  /** The run's web page: where approvals are answered. */
  readonly url: string;
  /** What is known of pending approvals, by approval id (= Checkpoint.Approval record id, §2.4). */
  readonly approvals: ReadonlyMap<string, ApprovalView>;
}

/** The id of the one stage a classic build is shown as. */
export const CLASSIC_STAGE_ID = '__default';

export function snapshotOfBuild(
  build: Build,
  records: Iterable<TimelineRecord>,
  context: PipelineSnapshotContext,
): Snapshot {
  const status = mapBuildStatus(build.status);
  const result = mapBuildResult(build.status, build.result);
  const children = childrenByParent(records);
  const stageRecords = descendantsOf(null, children).filter((record) => record.type === 'Stage');
  let stages: StageView[];
  if (stageRecords.length > 0) {
    stages = stageRecords.map((stage) => yamlStage(stage, children, status, context, build));
  } else if (context.kind === 'build') {
    stages = [classicStage(build, children, status, result)];
  } else {
    stages = [];
  }
  return {
    status,
    ...(result !== undefined ? { result } : {}),
    stages,
    ...(build.startTime ? { startedAt: build.startTime } : {}),
    ...(build.finishTime ? { finishedAt: build.finishTime } : {}),
  };
}

/** Pending approvals of a run: the in-progress Checkpoint.Approval records (§2.4). */
export function pendingApprovalIds(records: Iterable<TimelineRecord>): string[] {
  return [...records]
    .filter((record) => record.type === 'Checkpoint.Approval' && record.state === 'inProgress')
    .map((record) => record.id);
}

/**
 * A pipeline without explicit stages has one Stage record named `__default`
 * (docs/design/azure-devops.md §13 row 5): it is the run itself, shown under the pipeline's name,
 * not as a stage called `__default`.
 */
function stageName(stage: TimelineRecord, build: Build): string {
  const implicit = (stage.identifier ?? stage.name) === CLASSIC_STAGE_ID;
  return implicit ? (build.definition?.name ?? build.buildNumber ?? 'run') : stage.name;
}

function yamlStage(
  stage: TimelineRecord,
  children: Children,
  run: RunStatus,
  context: PipelineSnapshotContext,
  build: Build,
): StageView {
  const below = descendantsOf(stage.id, children);
  const approval = below.find(
    (record) => record.type === 'Checkpoint.Approval' && record.state === 'inProgress',
  );
  const checking = below.some(
    (record) => record.type.startsWith('Checkpoint') && record.state === 'inProgress',
  );
  const jobs = jobsOf(stage.id, children);
  const final = recordResult(stage);
  let state: StageState;
  if (final !== undefined) state = final;
  else if (run === 'cancelling') state = 'cancelling';
  else if (approval) state = 'waitingForApproval';
  else if (checking && !jobs.some((job) => job.state !== 'pending')) state = 'waitingForChecks';
  else state = stage.state === 'inProgress' ? 'running' : 'notStarted';
  return {
    id: stage.identifier ?? stage.id,
    name: stageName(stage, build),
    state,
    ...times(stage),
    jobs,
    ...(state === 'waitingForApproval' && approval
      ? { approval: approvalView(approval.id, context) }
      : {}),
  };
}

function classicStage(
  build: Build,
  children: Children,
  run: RunStatus,
  result: StageResult | undefined,
): StageView {
  const jobs = jobsOf(null, children);
  const started = jobs.some((job) => job.state !== 'pending');
  let state: StageState;
  if (result !== undefined) state = result;
  else if (run === 'cancelling') state = 'cancelling';
  else state = started ? 'running' : 'queued';
  const first = jobs.map((job) => job.startedAt).find((at) => at !== undefined);
  return {
    id: CLASSIC_STAGE_ID,
    name: build.definition?.name ?? 'Build',
    state,
    ...(first ? { startedAt: first } : {}),
    ...(result !== undefined && build.finishTime ? { finishedAt: build.finishTime } : {}),
    jobs,
  };
}

/** The jobs under a stage (or, for a classic build, at the root): Job records by Phase. */
function jobsOf(parent: string | null, children: Children): JobView[] {
  const phases = (children.get(parent) ?? []).filter((record) => record.type === 'Phase');
  return phases.flatMap((phase) => {
    const jobs = (children.get(phase.id) ?? []).filter((record) => record.type === 'Job');
    return (jobs.length > 0 ? jobs : [phase]).map((record): JobView => ({
      id: record.id,
      name: record.name,
      state: recordStepState(record),
      ...times(record),
    }));
  });
}

function times(record: TimelineRecord): { startedAt?: string; finishedAt?: string } {
  return {
    ...(record.startTime ? { startedAt: record.startTime } : {}),
    ...(record.finishTime ? { finishedAt: record.finishTime } : {}),
  };
}

/** What the loop learnt of the approval, or a bare view until it knows more. */
function approvalView(id: string, context: PipelineSnapshotContext): ApprovalView {
  return (
    context.approvals.get(id) ?? { id, approvers: [], url: context.url, assignedToCaller: false }
  );
}
