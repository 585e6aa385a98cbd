/**
 * The scenario file as written, once schemas/scenario.schema.json has accepted it: every key
 * optional unless the schema requires it, shorthands not yet expanded. The resolver turns it into
 * the model (model.ts). Keep these types in step with the schema.
 */
import type { Scope, StageCondition, TaskResultName } from './model.ts';

export type RawScalar = string | number | boolean;
/** `30s`, `2m`, `1h30m`, `500ms`, or a number of seconds. */
export type RawDuration = string | number;
/** A list of lines, or one multi-line string. */
export type RawLog = string | readonly string[];
type ApprovalOutcome = 'pending' | 'approved' | 'rejected';

type RawVariable =
  | RawScalar
  | { readonly value?: RawScalar; readonly secret?: boolean; readonly settable?: boolean };
export type RawVariables = Readonly<Record<string, RawVariable>>;

export type RawParameter =
  RawScalar | { readonly default?: RawScalar; readonly values?: readonly RawScalar[] };

export type RawApproval =
  | ApprovalOutcome
  | {
      readonly approvers?: readonly string[];
      readonly instructions?: string;
      readonly outcome?: ApprovalOutcome;
      readonly after?: RawDuration;
      readonly comment?: string;
    };

/** The keys that describe one task without a `tasks:` list. */
export interface RawTaskBody {
  readonly duration?: RawDuration;
  readonly result?: TaskResultName;
  readonly log?: RawLog;
}

interface RawTask extends RawTaskBody {
  readonly name?: string;
}

/** Tasks as a list, or one task by shorthand. */
export interface RawTasksBody extends RawTaskBody {
  readonly tasks?: readonly RawTask[];
}

export interface RawJob extends RawTasksBody {
  readonly name: string;
  readonly displayName?: string;
}

/** Jobs as a list, one job by `tasks:`, or one job with one task by shorthand. */
export interface RawJobsBody extends RawTasksBody {
  readonly jobs?: readonly RawJob[];
}

interface RawStageBody extends RawJobsBody {
  readonly approval?: RawApproval;
}

export interface RawStage extends RawStageBody {
  readonly name: string;
  readonly displayName?: string;
  readonly dependsOn?: string | readonly string[];
  readonly condition?: StageCondition;
}

export interface RawRun extends RawStageBody {
  readonly queue?: RawDuration;
  readonly finalize?: RawDuration;
  readonly stages?: readonly RawStage[];
}

export interface RawClassicRun extends RawJobsBody {
  readonly queue?: RawDuration;
  readonly finalize?: RawDuration;
}

interface RawDefinitionBase {
  readonly id: number;
  readonly name: string;
  readonly revision?: number;
  readonly repository?: string;
  readonly defaultBranch?: string;
  readonly variables?: RawVariables;
}

export interface RawPipeline extends RawDefinitionBase {
  readonly folder?: string;
  readonly parameters?: Readonly<Record<string, RawParameter>>;
  readonly run?: RawRun;
  readonly runs?: readonly RawRun[];
}

export interface RawBuildDefinition extends RawDefinitionBase {
  readonly path?: string;
  readonly run?: RawClassicRun;
  readonly runs?: readonly RawClassicRun[];
}

interface RawArtifactVersion {
  readonly id: string | number;
  readonly name: string;
}

export interface RawArtifact {
  readonly alias: string;
  readonly type?: 'Build';
  readonly isPrimary?: boolean;
  readonly definition: { readonly id: number; readonly name?: string };
  readonly defaultVersion?: RawArtifactVersion | null;
  readonly versions?: readonly RawArtifactVersion[];
}

type RawReleaseTrigger = 'afterRelease' | 'manual' | { readonly afterStages: readonly string[] };

export interface RawDeploy extends RawTasksBody {
  readonly approval?: RawApproval;
}

export interface RawReleaseStage extends RawDeploy {
  readonly id?: number;
  readonly name: string;
  readonly rank?: number;
  readonly trigger?: RawReleaseTrigger;
  readonly variables?: RawVariables;
  readonly deploys?: readonly RawDeploy[];
}

export interface RawReleaseDefinition {
  readonly id: number;
  readonly name: string;
  readonly path?: string;
  readonly revision?: number;
  readonly releaseNameFormat?: string;
  readonly releaseCreatorCanBeApprover?: boolean;
  readonly variables?: RawVariables;
  readonly artifacts?: readonly RawArtifact[];
  readonly stages: readonly RawReleaseStage[];
}

export interface RawProject {
  readonly name: string;
  readonly id?: string;
  readonly pipelines?: readonly RawPipeline[];
  readonly buildDefinitions?: readonly RawBuildDefinition[];
  readonly releaseDefinitions?: readonly RawReleaseDefinition[];
}

export interface RawToken {
  readonly name: string;
  readonly pat?: string;
  readonly bearer?: string;
  readonly user?: string;
  readonly userId?: string;
  readonly scopes?: 'full' | readonly Scope[];
  readonly projects?: readonly string[] | null;
  readonly repositories?: readonly string[] | null;
  readonly groups?: readonly string[] | null;
  readonly denied?: readonly ('queueBuilds' | 'createReleases' | 'manageDeployments')[];
  readonly expiresAfter?: RawDuration;
}

export interface RawScenario {
  readonly organization?: string;
  readonly mode?: 'services' | 'server';
  readonly apiVersion?: { readonly released?: string | number; readonly max?: string | number };
  readonly seed?: number;
  readonly startTime?: string;
  readonly tokens: readonly RawToken[];
  readonly projects?: readonly RawProject[];
  /** Checked field by field by parseFaultSpec (faults.ts), shared with the admin API. */
  readonly faults?: readonly Readonly<Record<string, unknown>>[];
}
