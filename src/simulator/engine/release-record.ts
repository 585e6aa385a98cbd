import type {
  ArtifactSpec,
  ArtifactVersionSpec,
  ReleaseDeployScript,
  ReleaseStageTrigger,
  VariableSpec,
} from '../scenario/model.ts';
import type { ApprovalDecision, Identity } from './build-record.ts';

/** The results the admin API can force a stage to (there is no `failed` stage status, §4.2). */
export type ForcedStageResult = 'succeeded' | 'partiallySucceeded' | 'rejected' | 'canceled';

/** `ReleaseReason` names (docs/design/azure-devops.md §4.1). */
export type ReleaseReasonName =
  'none' | 'manual' | 'continuousIntegration' | 'schedule' | 'pullRequest';

/** Something a user did to a release at a simulated time. */
interface ReleaseUserAction {
  readonly at: number;
  readonly by: Identity;
  readonly comment: string;
}

/** An approval decision, with who gave it (to render `approvedBy`). */
export interface ReleaseApprovalDecision extends ApprovalDecision {
  readonly identity: Identity;
}

/** An artifact of a release with the version chosen at creation. */
export interface ReleaseArtifactRecord {
  readonly spec: ArtifactSpec;
  readonly version: ArtifactVersionSpec;
}

/**
 * One stage (environment) of a release. The immutable part is fixed at creation; the mutable part
 * records only what later requests asked for, with their times, so the stage's state at any time
 * is computed (see `computeReleaseState`), never stored.
 */
export interface ReleaseEnvironmentRecord {
  /** The release environment id: unique across releases, not the definition environment id (§4.3). */
  readonly id: number;
  readonly definitionEnvironmentId: number;
  readonly name: string;
  readonly rank: number;
  /** The definition's trigger; `manualSince` may override it for this release. */
  readonly trigger: ReleaseStageTrigger;
  /** What deploying this stage does in this release (`deploys[min(n, length - 1)]`). */
  readonly deploy: ReleaseDeployScript;
  /**
   * Stage variable overrides as sent: at creation (`environmentsMetadata`), then with the deploy
   * request (`ReleaseEnvironmentUpdateMetadata.variables`, §4.3).
   */
  variables: Readonly<Record<string, VariableSpec>>;
  /** Ids reserved at creation, so that computing the state never allocates. */
  readonly preApprovalId: number;
  readonly postApprovalId: number;
  readonly deploymentId: number;
  readonly deployPhaseId: number;
  /**
   * From when the stage is manual for this release: the creation time for stages named in
   * `manualEnvironments` (§4.1), the PATCH time for stages named later; `null` when it is not. An
   * automatic trigger fires only if it comes strictly before this time.
   */
  manualSince: number | null;
  /** A deploy asked for through the API (PATCH status inProgress, §4.3) or the admin API. */
  deployRequest: ReleaseUserAction | null;
  /** A cancel asked for through the API (PATCH status canceled, §4.3). */
  cancelRequest: ReleaseUserAction | null;
  /** The API's or admin API's decision on the pre-deploy approval. */
  approvalDecision: ReleaseApprovalDecision | null;
  /** Set by the admin API: the stage ends at `at` with `result`, whatever its script says. */
  forcedFinish: { readonly at: number; readonly result: ForcedStageResult } | null;
}

/** A created release. Its state at any time is computed from this record and the clock. */
export interface ReleaseRecord {
  readonly id: number;
  readonly projectId: string;
  readonly definitionId: number;
  readonly definitionRevision: number;
  /** 0-based count of the definition's releases before this one. */
  readonly definitionReleaseIndex: number;
  name: string;
  readonly createdAt: number;
  readonly createdBy: Identity;
  readonly description: string;
  readonly reason: ReleaseReasonName;
  readonly artifacts: readonly ReleaseArtifactRecord[];
  /** Release-scope variable overrides as sent at creation (secret values kept: we are the server). */
  readonly variables: Readonly<Record<string, VariableSpec>>;
  /** Stage names sent as `manualEnvironments` at creation. */
  readonly manualEnvironments: readonly string[];
  status: 'draft' | 'active' | 'abandoned';
  /** When the release became active: creation, or the PATCH that activated a draft. */
  activatedAt: number | null;
  abandonedAt: number | null;
  keepForever: boolean;
  comment: string;
  modifiedAt: number;
  modifiedBy: Identity;
  readonly environments: readonly ReleaseEnvironmentRecord[];
}
