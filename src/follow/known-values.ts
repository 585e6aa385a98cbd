/**
 * Enum values aztm knows how to read. The service adds values over time (7.2 added the build
 * status `abandoned` and the task results `manuallyQueued` and `dependentOnManualQueue`), and a
 * proxy or a newer server may send ones this version has never seen. An answer carrying one is
 * not guessed at: the read is held back, so the run counts as not finished yet, and the loop warns
 * once, naming the value (follow.ts). Never a success or a failure read into a word aztm does not
 * know.
 *
 * The tables are `Record<union, true>` so that the compiler insists on every value of the types
 * the mapping code (results.ts, release-stage.ts) switches on.
 */
import type {
  Build,
  BuildResult,
  BuildStatus,
  EnvironmentStatus,
  Release,
  ReleaseApprovalStatus,
  TaskResult,
  TimelineRecord,
  TimelineRecordState,
} from '../azdo/types.ts';

/** A value aztm does not know, and where it was seen (`build status`, `stage status`...). */
export interface UnknownValue {
  readonly field: string;
  readonly value: string;
}

const BUILD_STATUS: Readonly<Record<BuildStatus, true>> = {
  none: true,
  inProgress: true,
  completed: true,
  cancelling: true,
  postponed: true,
  notStarted: true,
  all: true,
  abandoned: true,
};

const BUILD_RESULT: Readonly<Record<BuildResult, true>> = {
  none: true,
  succeeded: true,
  partiallySucceeded: true,
  failed: true,
  canceled: true,
};

const RECORD_STATE: Readonly<Record<TimelineRecordState, true>> = {
  pending: true,
  inProgress: true,
  completed: true,
};

const TASK_RESULT: Readonly<Record<TaskResult, true>> = {
  succeeded: true,
  succeededWithIssues: true,
  failed: true,
  canceled: true,
  skipped: true,
  abandoned: true,
  manuallyQueued: true,
  dependentOnManualQueue: true,
};

const RELEASE_STATUS: Readonly<Record<Release['status'], true>> = {
  undefined: true,
  draft: true,
  active: true,
  abandoned: true,
};

const ENVIRONMENT_STATUS: Readonly<Record<EnvironmentStatus, true>> = {
  undefined: true,
  notStarted: true,
  inProgress: true,
  succeeded: true,
  canceled: true,
  rejected: true,
  queued: true,
  scheduled: true,
  partiallySucceeded: true,
};

const APPROVAL_STATUS: Readonly<Record<ReleaseApprovalStatus, true>> = {
  undefined: true,
  pending: true,
  approved: true,
  rejected: true,
  reassigned: true,
  canceled: true,
  skipped: true,
};

/**
 * `value` as an unknown value of `field`, or nothing when the table has it. Absent values are
 * known unless `required`: the mapping code gives them a meaning (results.ts), except for the
 * fields it cannot do without.
 */
function check(
  table: Readonly<Record<string, true>>,
  field: string,
  value: unknown,
  required = false,
): UnknownValue[] {
  if (value === undefined || value === null) {
    return required ? [{ field, value: String(value) }] : [];
  }
  if (typeof value === 'string' && Object.hasOwn(table, value)) return [];
  // Named in a warning: a garbled answer must not flood the log.
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return [{ field, value: text.length > 60 ? `${text.slice(0, 60)}…` : text }];
}

/** Unknown values of a build's `status` and `result`. */
export function unknownBuildValues(build: Build): UnknownValue[] {
  return [
    ...check(BUILD_STATUS, 'build status', build.status),
    ...check(BUILD_RESULT, 'build result', build.result),
  ];
}

/** Unknown values of a timeline record's `state` and `result`. */
export function unknownRecordValues(record: TimelineRecord): UnknownValue[] {
  return [
    ...check(RECORD_STATE, 'timeline record state', record.state),
    ...check(TASK_RESULT, 'timeline record result', record.result),
  ];
}

/**
 * Unknown values of a release's status, its stages' statuses and their approvals' statuses: what
 * decides whether a stage waits, runs or has ended (release-stage.ts).
 */
export function unknownReleaseValues(release: Release): UnknownValue[] {
  return [
    ...check(RELEASE_STATUS, 'release status', release.status),
    ...release.environments.flatMap((env) => [
      ...check(ENVIRONMENT_STATUS, 'stage status', env.status, true),
      ...[...(env.preDeployApprovals ?? []), ...(env.postDeployApprovals ?? [])].flatMap(
        (approval) => check(APPROVAL_STATUS, 'approval status', approval.status),
      ),
    ]),
  ];
}
