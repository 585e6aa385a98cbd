/**
 * The shapes aztm reads from and sends to Azure DevOps: the fields we use of the 7.1 specs'
 * definitions (Build, Run, Timeline, Release, approvals). Enum fields are camelCase strings as the
 * service answers them (docs/design/azure-devops.md §0.4); anything the service may omit is
 * optional.
 */

import type {
  ConditionType,
  DeploymentOperationStatus,
  DeploymentStatus,
  DeployPhaseStatus,
  ReleaseTaskStatus,
} from './enums.ts';

export interface ReferenceLinks {
  readonly [name: string]: { readonly href: string } | undefined;
}

/**
 * Who someone is. Only `id` identifies a person: the same person's display name differs between
 * APIs (docs/design/azure-devops.md §13 row 4), so names are for showing, never for matching.
 */
export interface IdentityRef {
  readonly id?: string;
  readonly displayName?: string;
  readonly uniqueName?: string;
}

export interface ProjectReference {
  readonly id: string;
  readonly name: string;
}

// ---- Pipelines (docs/design/azure-devops.md §1) ----

export interface Pipeline {
  readonly id: number;
  readonly name: string;
  /** `\` for the root, else like `\infra\gateway`. */
  readonly folder: string;
  readonly revision?: number;
  /** Only on the single GET: `yaml`, or `designerJson` for a classic definition [unverified]. */
  readonly configuration?: { readonly type?: string };
  readonly _links?: ReferenceLinks;
}

export interface RunPipelineParameters {
  resources?: { repositories?: { self?: { refName?: string; version?: string } } };
  variables?: Record<string, { value: string; isSecret?: boolean }>;
  templateParameters?: Record<string, string>;
  stagesToSkip?: string[];
  previewRun?: boolean;
}

export interface Run {
  readonly id: number;
  readonly name?: string;
  readonly state: 'unknown' | 'inProgress' | 'canceling' | 'completed';
  readonly result?: 'unknown' | 'succeeded' | 'failed' | 'canceled';
  readonly createdDate?: string;
  readonly finishedDate?: string;
  readonly pipeline?: { readonly id: number; readonly name: string; readonly folder?: string };
  /**
   * What the run was queued with, each value as text. A run's GET carries it even when none were
   * given (`{}`: recordings run/pyado-run-14-yamldetails.json, run/betterado-run-130-succeeded.json).
   */
  readonly templateParameters?: Readonly<Record<string, string>>;
  /** Queue-time variables (spec `Run.variables`; no recording shows a run queued with any). */
  readonly variables?: Readonly<Record<string, RunVariable>>;
  /** The branch and commit the run checks out (recording: run/betterado-run-130-succeeded.json). */
  readonly resources?: {
    readonly repositories?: {
      readonly self?: { readonly refName?: string; readonly version?: string };
    };
  };
  readonly _links?: ReferenceLinks;
}

/** A variable as a run shows it; a secret's value is not shown. */
export interface RunVariable {
  readonly value?: string;
  readonly isSecret?: boolean;
}

export interface PreviewRun {
  readonly finalYaml?: string;
}

// ---- Build (docs/design/azure-devops.md §2) ----

export type BuildStatus =
  | 'none'
  | 'inProgress'
  | 'completed'
  | 'cancelling'
  | 'postponed'
  | 'notStarted'
  | 'all'
  | 'abandoned';
export type BuildResult = 'none' | 'succeeded' | 'partiallySucceeded' | 'failed' | 'canceled';

export interface BuildDefinitionReference {
  readonly id: number;
  readonly name: string;
  /** Folder, `\` for the root. */
  readonly path?: string;
  readonly revision?: number;
  readonly project?: ProjectReference;
  readonly queueStatus?: string;
  readonly _links?: ReferenceLinks;
}

export interface BuildDefinitionVariable {
  readonly value?: string | null;
  readonly allowOverride?: boolean;
  readonly isSecret?: boolean;
}

export interface BuildDefinition extends BuildDefinitionReference {
  readonly variables?: Readonly<Record<string, BuildDefinitionVariable>>;
  /** `{type: 1}` designer (classic), `{type: 2}` YAML. */
  readonly process?: { readonly type?: number; readonly yamlFilename?: string };
  readonly repository?: { readonly name?: string; readonly defaultBranch?: string };
}

export interface QueueBuildBody {
  definition: { id: number };
  sourceBranch?: string;
  sourceVersion?: string;
  /** Queue-time variables as a JSON string (docs/design/azure-devops.md §2.1). */
  parameters?: string;
  templateParameters?: Record<string, string>;
}

export interface Build {
  readonly id: number;
  readonly buildNumber?: string;
  readonly status?: BuildStatus;
  readonly result?: BuildResult;
  readonly queueTime?: string;
  readonly startTime?: string;
  readonly finishTime?: string;
  readonly sourceBranch?: string;
  readonly definition?: BuildDefinitionReference;
  readonly project?: ProjectReference;
  readonly requestedFor?: IdentityRef;
  readonly _links?: ReferenceLinks;
}

/**
 * A build as the list returns it, with who queued it and what with
 * (docs/design/azure-devops.md §2.2): the commit, and the queue-time variables as a JSON string of
 * name → value, left out when there were none (recordings: build-list/vsteam-builds-5.json,
 * build-list/runfo-dnceng-builds-6-failed.json).
 */
export interface QueuedBuild extends Build {
  readonly requestedBy?: IdentityRef;
  readonly sourceVersion?: string;
  readonly parameters?: string;
}

export type TimelineRecordState = 'pending' | 'inProgress' | 'completed';
export type TaskResult =
  | 'succeeded'
  | 'succeededWithIssues'
  | 'failed'
  | 'canceled'
  | 'skipped'
  | 'abandoned'
  | 'manuallyQueued'
  | 'dependentOnManualQueue';

export interface Issue {
  readonly type?: 'error' | 'warning';
  readonly category?: string;
  readonly message?: string;
}

export interface TimelineRecord {
  readonly id: string;
  readonly parentId?: string | null;
  /** `Stage`, `Phase`, `Job`, `Task`, `Checkpoint`, `Checkpoint.Approval`, ... (§2.4). */
  readonly type: string;
  readonly name: string;
  readonly identifier?: string | null;
  readonly order?: number | null;
  readonly state?: TimelineRecordState | null;
  readonly result?: TaskResult | null;
  readonly startTime?: string | null;
  readonly finishTime?: string | null;
  readonly changeId?: number;
  readonly errorCount?: number | null;
  readonly warningCount?: number | null;
  readonly issues?: readonly Issue[] | null;
  readonly log?: { readonly id: number; readonly url?: string } | null;
}

export interface Timeline {
  readonly id?: string;
  readonly changeId: number;
  readonly records: readonly TimelineRecord[];
}

// ---- YAML approvals (docs/design/azure-devops.md §3) ----

type PipelineApprovalStatus =
  | 'undefined'
  | 'uninitiated'
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'skipped'
  | 'canceled'
  | 'timedOut'
  | 'failed'
  | 'completed'
  | 'all';

export interface PipelineApproval {
  readonly id: string;
  readonly status: PipelineApprovalStatus;
  readonly instructions?: string;
  readonly minRequiredApprovers?: number;
  readonly steps?: readonly {
    readonly assignedApprover?: IdentityRef;
    readonly actualApprover?: IdentityRef;
    readonly status?: PipelineApprovalStatus;
    readonly comment?: string;
  }[];
  readonly _links?: ReferenceLinks;
}

// ---- Release (docs/design/azure-devops.md §4) ----

export type EnvironmentStatus =
  | 'undefined'
  | 'notStarted'
  | 'inProgress'
  | 'succeeded'
  | 'canceled'
  | 'rejected'
  | 'queued'
  | 'scheduled'
  | 'partiallySucceeded';

export type ReleaseApprovalStatus =
  'undefined' | 'pending' | 'approved' | 'rejected' | 'reassigned' | 'canceled' | 'skipped';

export interface ReleaseApproval {
  readonly id: number;
  readonly status: ReleaseApprovalStatus;
  readonly approvalType?: 'undefined' | 'preDeploy' | 'postDeploy' | 'all';
  readonly approver?: IdentityRef;
  /** Who answered the approval (approved or rejected it). */
  readonly approvedBy?: IdentityRef;
  readonly isAutomated?: boolean;
  readonly comments?: string;
  readonly release?: { readonly id: number; readonly name?: string };
  readonly releaseEnvironment?: { readonly id: number; readonly name?: string };
}

export interface ReleaseCondition {
  readonly name: string;
  readonly conditionType: keyof typeof ConditionType;
  readonly value?: string;
  readonly result?: boolean | null;
}

export interface ReleaseTask {
  readonly id: number;
  readonly name: string;
  readonly status?: keyof typeof ReleaseTaskStatus;
  readonly issues?: readonly Issue[];
  readonly logUrl?: string;
  readonly startTime?: string | null;
  readonly finishTime?: string | null;
}

export interface ReleaseDeployPhase {
  readonly phaseId?: string;
  readonly name?: string;
  readonly status?: keyof typeof DeployPhaseStatus;
  readonly errorLog?: string | null;
  readonly deploymentJobs?: readonly {
    readonly job?: ReleaseTask;
    readonly tasks?: readonly ReleaseTask[];
  }[];
}

export interface DeploymentAttempt {
  readonly id?: number;
  readonly attempt?: number;
  readonly status?: keyof typeof DeploymentStatus;
  /** PascalCase on the wire (§13 row 2); camelCase once decoded. */
  readonly operationStatus?: keyof typeof DeploymentOperationStatus;
  readonly hasStarted?: boolean;
  readonly queuedOn?: string;
  readonly issues?: readonly Issue[];
  readonly releaseDeployPhases?: readonly ReleaseDeployPhase[];
}

export interface ReleaseEnvironment {
  readonly id: number;
  readonly name: string;
  readonly status: EnvironmentStatus;
  readonly rank?: number;
  readonly definitionEnvironmentId?: number;
  readonly conditions?: readonly ReleaseCondition[];
  readonly preDeployApprovals?: readonly ReleaseApproval[];
  readonly postDeployApprovals?: readonly ReleaseApproval[];
  readonly preApprovalsSnapshot?: {
    readonly approvals?: readonly {
      readonly approver?: IdentityRef;
      readonly isAutomated?: boolean;
    }[];
  };
  readonly deploySteps?: readonly DeploymentAttempt[];
  readonly scheduledDeploymentTime?: string | null;
  readonly createdOn?: string;
  readonly modifiedOn?: string;
  readonly timeToDeploy?: number;
}

export interface Release {
  readonly id: number;
  readonly name: string;
  readonly status: 'undefined' | 'draft' | 'active' | 'abandoned';
  readonly createdOn?: string;
  readonly modifiedOn?: string;
  readonly description?: string;
  readonly releaseDefinition?: { readonly id: number; readonly name: string };
  readonly environments: readonly ReleaseEnvironment[];
  readonly _links?: ReferenceLinks;
}

export interface ReleaseDefinitionEnvironment {
  readonly id: number;
  readonly name: string;
  readonly rank?: number;
  readonly conditions?: readonly ReleaseCondition[];
  readonly variables?: Readonly<
    Record<string, { value?: string | null; allowOverride?: boolean; isSecret?: boolean }>
  >;
}

export interface ReleaseDefinition {
  readonly id: number;
  readonly name: string;
  readonly path?: string;
  readonly revision?: number;
  readonly variables?: Readonly<
    Record<string, { value?: string | null; allowOverride?: boolean; isSecret?: boolean }>
  >;
  readonly environments?: readonly ReleaseDefinitionEnvironment[];
  readonly artifacts?: readonly {
    readonly alias: string;
    readonly type?: string;
    readonly isPrimary?: boolean;
    readonly definitionReference?: Readonly<
      Record<string, { readonly id?: string; readonly name?: string } | undefined>
    >;
  }[];
  readonly _links?: ReferenceLinks;
}

export interface ReleaseStartMetadata {
  definitionId: number;
  description?: string;
  artifacts?: { alias: string; instanceReference: { id: string; name?: string | null } }[];
  variables?: Record<string, { value: string; isSecret?: boolean }>;
  manualEnvironments?: string[];
  reason?: string;
}

/** `ReleaseEnvironmentUpdateMetadata`: deploy (`inProgress`) or cancel (`canceled`) a stage (§4.3). */
export interface ReleaseEnvironmentUpdateMetadata {
  status: 'inProgress' | 'canceled';
  comment?: string;
}

/** One item of the YAML approvals PATCH array; `comment`, singular (§3). */
export interface PipelineApprovalUpdate {
  approvalId: string;
  status: 'approved' | 'rejected';
  comment?: string;
}

/** The release approval PATCH body; `comments`, plural (§4.4). */
export interface ReleaseApprovalUpdate {
  status: 'approved' | 'rejected';
  comments?: string;
}

// ---- Location (docs/design/azure-devops.md §8) ----

export interface ConnectionData {
  readonly authenticatedUser?: IdentityRef & { readonly providerDisplayName?: string };
  readonly authorizedUser?: IdentityRef & { readonly providerDisplayName?: string };
  readonly instanceId?: string;
  readonly deploymentType?: string;
}

export interface ResourceArea {
  readonly id: string;
  readonly name?: string;
  readonly locationUrl: string;
}

/** `GET _apis/ResourceAreas`; Azure DevOps Server's `{count: 0, value: null}` (§9) has none. */
export interface ResourceAreasAnswer {
  readonly count: number;
  readonly value: readonly ResourceArea[];
}
