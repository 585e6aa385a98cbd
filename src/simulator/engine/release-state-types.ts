import type { Identity } from './build-record.ts';
import type { ReleaseStageTrigger, TaskScript } from '../scenario/model.ts';
import type {
  ForcedStageResult,
  ReleaseApprovalDecision,
  ReleaseEnvironmentRecord,
} from './release-record.ts';

/**
 * The state of a release's stages at a given simulated time, as `computeReleaseState` derives it.
 * Names are the spec's camelCase enum values, so renderers pass them through.
 */

/**
 * `EnvironmentStatus` values a stage can show; there is no `failed`
 * (docs/design/azure-devops.md §4.2).
 */
export type EnvironmentStatusName =
  | 'notStarted'
  | 'queued'
  | 'inProgress'
  | 'succeeded'
  | 'partiallySucceeded'
  | 'rejected'
  | 'canceled';

/** `DeploymentStatus` of the deploy attempt (docs/design/azure-devops.md §4.2). */
export type DeploymentStatusName =
  'inProgress' | 'succeeded' | 'partiallySucceeded' | 'failed' | 'notDeployed';

/**
 * The `DeploymentOperationStatus` values the simulator produces (docs/design/azure-devops.md §4.2).
 */
export type OperationStatusName =
  | 'queued'
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'phaseInProgress'
  | 'phaseFailed'
  | 'phaseCanceled'
  | 'canceled';

export type ApprovalStatusName = 'pending' | 'approved' | 'rejected' | 'canceled' | 'skipped';

/** `ReleaseTask.status` values the simulator produces. */
export type TaskStatusName =
  'pending' | 'inProgress' | 'succeeded' | 'partiallySucceeded' | 'failed' | 'canceled' | 'skipped';

export type PhaseStatusName =
  'inProgress' | 'succeeded' | 'partiallySucceeded' | 'failed' | 'canceled';

export interface ApprovalState {
  readonly id: number;
  readonly type: 'preDeploy' | 'postDeploy';
  readonly isAutomated: boolean;
  readonly status: ApprovalStatusName;
  readonly createdAt: number;
  readonly modifiedAt: number;
  /** Approver display names from the script (empty for automated approvals). */
  readonly approvers: readonly string[];
  /** The decision given through the (admin) API; `null` when scripted, automated or undecided. */
  readonly apiDecision: ReleaseApprovalDecision | null;
  /** Comments of the decision (API or script); empty while pending. */
  readonly comments: string;
}

export interface TaskState {
  readonly script: TaskScript;
  readonly status: TaskStatusName;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** How many of the script's log lines are visible so far. */
  readonly logBodyLines: number;
}

export interface PhaseState {
  readonly status: PhaseStatusName;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly tasks: readonly TaskState[];
}

/** The one deploy attempt of a stage, as seen at a given time. */
export interface DeploymentState {
  readonly requestedAt: number;
  readonly reason: 'automated' | 'manual';
  readonly requestedBy: Identity;
  readonly environmentStatus: EnvironmentStatusName;
  readonly status: DeploymentStatusName;
  readonly operationStatus: OperationStatusName;
  /** Whether the queue time is over. */
  readonly hasStarted: boolean;
  readonly preApproval: ApprovalState | null;
  readonly postApproval: ApprovalState | null;
  /** `null` until the tasks start. */
  readonly phase: PhaseState | null;
  readonly finishedAt: number | null;
  readonly lastModifiedAt: number;
}

/** What ends a deployment early: a cancel or abandon, or the admin API's forced finish. */
export type DeploymentInterrupt =
  | { readonly at: number; readonly kind: 'cancel' }
  | { readonly at: number; readonly kind: 'force'; readonly result: ForcedStageResult };

/** One stage of a release at a given time. */
export interface EnvironmentState {
  readonly record: ReleaseEnvironmentRecord;
  readonly status: EnvironmentStatusName;
  /** The trigger in force for this release: `manual` when named in `manualEnvironments` (§4.1). */
  readonly trigger: ReleaseStageTrigger['kind'];
  /** `null` while no deployment has been requested. */
  readonly deployment: DeploymentState | null;
  readonly modifiedAt: number;
}

/** A release at a given time. */
export interface ReleaseState {
  readonly status: 'draft' | 'active' | 'abandoned';
  readonly modifiedAt: number;
  readonly environments: readonly EnvironmentState[];
}
