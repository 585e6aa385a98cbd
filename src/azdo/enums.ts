/**
 * Azure DevOps enums with the numeric values the service accepts. The service answers with
 * camelCase names, but takes names in any letter case or the numbers the official Node client
 * sends (docs/design/azure-devops.md §0.4). One table per enum; `parseEnum` reads any of those
 * forms.
 */
export type EnumTable = Readonly<Record<string, number>>;

/** `BuildStatus` (docs/design/azure-devops.md §2.2). */
export const BuildStatus = {
  none: 0,
  inProgress: 1,
  completed: 2,
  cancelling: 4,
  postponed: 8,
  // 7.2 lists `abandoned` between postponed and notStarted without a number; by that place, 16.
  abandoned: 16,
  notStarted: 32,
  all: 47,
} as const satisfies EnumTable;

/** `BuildResult` (docs/design/azure-devops.md §2.2). */
export const BuildResult = {
  none: 0,
  succeeded: 2,
  partiallySucceeded: 4,
  failed: 8,
  canceled: 32,
} as const satisfies EnumTable;

/** Pipelines `Run.state` (docs/design/azure-devops.md §1.2). */
export const RunState = { unknown: 0, inProgress: 1, canceling: 2, completed: 4 } as const;

/** Pipelines `Run.result` (docs/design/azure-devops.md §1.2). */
export const RunResult = { unknown: 0, succeeded: 1, failed: 2, canceled: 4 } as const;

/** `TimelineRecordState` (docs/design/azure-devops.md §2.4). */
export const TimelineRecordState = { pending: 0, inProgress: 1, completed: 2 } as const;

/** `TaskResult` of timeline records (docs/design/azure-devops.md §2.4). */
export const TaskResult = {
  succeeded: 0,
  succeededWithIssues: 1,
  failed: 2,
  canceled: 3,
  skipped: 4,
  abandoned: 5,
  // 7.2's additions (docs/design/azure-devops.md §2.4), in the spec's order.
  manuallyQueued: 6,
  dependentOnManualQueue: 7,
} as const;

/** `ReleaseStatus` (docs/design/azure-devops.md §4.2). */
export const ReleaseStatus = { undefined: 0, draft: 1, active: 2, abandoned: 4 } as const;

/**
 * `EnvironmentStatus` of a release stage (docs/design/azure-devops.md §4.2); note: there is no
 * `failed`.
 */
export const EnvironmentStatus = {
  undefined: 0,
  notStarted: 1,
  inProgress: 2,
  succeeded: 4,
  canceled: 8,
  rejected: 16,
  queued: 32,
  scheduled: 64,
  partiallySucceeded: 128,
} as const;

/** `DeploymentStatus` of a deploy attempt (docs/design/azure-devops.md §4.2). */
export const DeploymentStatus = {
  undefined: 0,
  notDeployed: 1,
  inProgress: 2,
  succeeded: 4,
  partiallySucceeded: 8,
  failed: 16,
  all: 31,
} as const;

/**
 * `DeploymentOperationStatus` (docs/design/azure-devops.md §4.2): powers of two in the spec's
 * order. The service writes these in PascalCase (`"Approved"`, `"PhaseFailed"`, §13 row 2).
 */
export const DeploymentOperationStatus = {
  undefined: 0,
  queued: 1,
  scheduled: 2,
  pending: 4,
  approved: 8,
  rejected: 16,
  deferred: 32,
  queuedForAgent: 64,
  phaseInProgress: 128,
  phaseSucceeded: 256,
  phasePartiallySucceeded: 512,
  phaseFailed: 1024,
  canceled: 2048,
  phaseCanceled: 4096,
  manualInterventionPending: 8192,
  queuedForPipeline: 16384,
  cancelling: 32768,
  evaluatingGates: 65536,
  gateFailed: 131072,
  all: 258047,
} as const;

/** `DeployPhaseStatus` of a release deploy phase (docs/design/azure-devops.md §4.2). */
export const DeployPhaseStatus = {
  undefined: 0,
  notStarted: 1,
  inProgress: 2,
  partiallySucceeded: 4,
  succeeded: 8,
  failed: 16,
  canceled: 32,
  skipped: 64,
  cancelling: 128,
} as const;

/**
 * `TaskStatus` of a release deployment job or task (docs/design/azure-devops.md §4.2): both word
 * sets are real.
 */
export const ReleaseTaskStatus = {
  unknown: 0,
  pending: 1,
  inProgress: 2,
  success: 3,
  failure: 4,
  canceled: 5,
  skipped: 6,
  succeeded: 7,
  failed: 8,
  partiallySucceeded: 9,
} as const;

/** `ConditionType` of a release stage's conditions (docs/design/azure-devops.md §4.2). */
export const ConditionType = { undefined: 0, event: 1, environmentState: 2, artifact: 4 } as const;

/** `IssueType` of build and release issues. */
export const IssueType = { error: 1, warning: 2 } as const;

/** Release `ApprovalStatus` (docs/design/azure-devops.md §4.4). */
export const ReleaseApprovalStatus = {
  undefined: 0,
  pending: 1,
  approved: 2,
  rejected: 4,
  reassigned: 6,
  canceled: 7,
  skipped: 8,
} as const;

/** Release `ApprovalType` (docs/design/azure-devops.md §4.4). */
export const ReleaseApprovalType = { undefined: 0, preDeploy: 1, postDeploy: 2, all: 3 } as const;

/**
 * Pipelines (YAML) `ApprovalStatus` (docs/design/azure-devops.md §3). The spec gives names only;
 * these flag values follow the order of the spec's list and are accepted as numbers for symmetry
 * with the others.
 */
export const PipelineApprovalStatus = {
  undefined: 0,
  uninitiated: 1,
  pending: 2,
  approved: 4,
  rejected: 8,
  skipped: 16,
  canceled: 32,
  timedOut: 64,
  failed: 128,
  completed: 256,
  all: 511,
} as const;

/** `ReleaseReason` of a release create (docs/design/azure-devops.md §4.1). */
export const ReleaseReason = {
  none: 0,
  manual: 1,
  continuousIntegration: 2,
  schedule: 3,
  pullRequest: 4,
} as const;

/**
 * Reads an enum value sent as a camelCase or PascalCase name (any letter case) or as its number,
 * and returns its camelCase name, or `undefined` when the value is not one of the enum's.
 */
export function parseEnum<T extends EnumTable>(
  table: T,
  value: unknown,
): Extract<keyof T, string> | undefined {
  if (typeof value === 'number') {
    for (const [name, number] of Object.entries(table)) {
      if (number === value) return name as Extract<keyof T, string>;
    }
    return undefined;
  }
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (/^-?\d+$/.test(trimmed)) return parseEnum(table, Number(trimmed));
  const lower = trimmed.toLowerCase();
  for (const name of Object.keys(table)) {
    if (name.toLowerCase() === lower) return name as Extract<keyof T, string>;
  }
  return undefined;
}
