/**
 * Build and timeline states → aztm's run status, results and step states. Pure, one place, and
 * table-tested (test/follow/results.test.ts). The final result of a run always comes from the
 * Build API: the Pipelines Runs API has no `partiallySucceeded` (docs/design/azure-devops.md §1.2,
 * §2.2).
 */
import type { BuildResult, BuildStatus, TaskResult, TimelineRecord } from '../azdo/types.ts';
import type { EndResult, StageResult } from '../outcome.ts';
import type { RunStatus, StageState, StepState } from './snapshot.ts';

/**
 * `Build.status` → RunStatus (§2.2). `all` is a query filter, never a build's status: if it ever
 * comes back, aztm keeps following. 7.2's `abandoned`: the build will never run any further.
 */
export function mapBuildStatus(status: BuildStatus | undefined): RunStatus {
  switch (status) {
    case undefined:
    case 'none':
    case 'notStarted':
    case 'postponed':
      return 'queued';
    case 'inProgress':
    case 'all':
      return 'running';
    case 'cancelling':
      return 'cancelling';
    case 'completed':
    case 'abandoned':
      return 'completed';
  }
}

/**
 * `Build.status` + `Build.result` → the run's Result, or `undefined` while it is not completed.
 * A completed build without a result is reported `failed` (aztm never reports a success it did
 * not see); an abandoned one without a result `canceled`.
 */
export function mapBuildResult(
  status: BuildStatus | undefined,
  result: BuildResult | undefined,
): EndResult | undefined {
  if (mapBuildStatus(status) !== 'completed') return undefined;
  switch (result) {
    case 'succeeded':
    case 'partiallySucceeded':
    case 'failed':
    case 'canceled':
      return result;
    case undefined:
    case 'none':
      return status === 'abandoned' ? 'canceled' : 'failed';
  }
}

/**
 * `TaskResult` of a timeline record → StageResult (§2.4). `abandoned` (the agent or the server
 * gave the job up) is a failure, not a cancel: nobody asked for it. 7.2's `manuallyQueued` and
 * `dependentOnManualQueue` mark stages that wait for someone to run them by hand: `notRun`, and
 * never waited for.
 */
export function mapTaskResult(result: TaskResult): StageResult {
  switch (result) {
    case 'succeeded':
      return 'succeeded';
    case 'succeededWithIssues':
      return 'partiallySucceeded';
    case 'failed':
    case 'abandoned':
      return 'failed';
    case 'canceled':
      return 'canceled';
    case 'skipped':
      return 'skipped';
    case 'manuallyQueued':
    case 'dependentOnManualQueue':
      return 'notRun';
  }
}

/**
 * The final result of a timeline record, or `undefined` while it has none. A record that says
 * `completed` without a result is counted `failed`, for the same reason as `mapBuildResult`.
 */
export function recordResult(record: TimelineRecord): StageResult | undefined {
  if (record.result != null && record.state !== 'inProgress') return mapTaskResult(record.result);
  return record.state === 'completed' ? 'failed' : undefined;
}

/** Where a job or task record is. */
export function recordStepState(record: TimelineRecord): StepState {
  const result = recordResult(record);
  if (result !== undefined) return result;
  return record.state === 'inProgress' ? 'running' : 'pending';
}

const FINAL_STATES: ReadonlySet<StageState> = new Set<StageResult>([
  'succeeded',
  'partiallySucceeded',
  'failed',
  'canceled',
  'timedOut',
  'skipped',
  'notDeployed',
  'rejected',
  'notRun',
]);

/** Whether a stage has ended (or will never run): nothing more will happen to it. */
export function isFinalState(state: StageState): state is StageResult {
  return FINAL_STATES.has(state);
}

/** Whether a stage ran or runs: anything but not started, skipped, not deployed or not run. */
export function wasDeployed(state: StageState): boolean {
  return !['notStarted', 'notDeployed', 'skipped', 'notRun'].includes(state);
}
