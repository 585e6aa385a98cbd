/**
 * What to trigger. Adapters (command line, flow file, task inputs, library callers) build a
 * `TargetRequest`: names or ids as the user gave them. `resolveTarget` checks it against the
 * server and returns a `Target`: ids resolved, every input validated, ready to trigger.
 */

/** A variable value to send: queue-time variables of a run or build, release variables. */
export interface VariableValue {
  readonly value: string;
  readonly isSecret: boolean;
}

/** A definition by id, or by name (`folder\name` for pipelines and builds). */
export type DefinitionSelector = { readonly id: number } | { readonly name: string };

export interface PipelineRequest {
  readonly kind: 'pipeline';
  readonly project: string;
  readonly pipeline: DefinitionSelector;
  /** `main` or `refs/heads/main`; omitted: the pipeline's default branch. */
  readonly branch?: string;
  readonly commit?: string;
  readonly variables: Readonly<Record<string, VariableValue>>;
  readonly templateParameters: Readonly<Record<string, string>>;
  readonly stagesToSkip: readonly string[];
}

export interface BuildRequest {
  readonly kind: 'build';
  readonly project: string;
  readonly definition: DefinitionSelector;
  readonly branch?: string;
  readonly commit?: string;
  /** Sent as the queue-time `parameters` JSON string (docs/design/azure-devops.md §2.1). */
  readonly variables: Readonly<Record<string, VariableValue>>;
}

/** A release artifact version the user chose for one alias. */
export interface ArtifactVersion {
  readonly alias: string;
  /** The build id (as a string, as the Release API carries it). */
  readonly id: string;
  readonly name?: string;
}

export interface ReleaseRequest {
  readonly kind: 'release';
  readonly project: string;
  readonly definition: DefinitionSelector;
  /** Aliases not listed get the definition's default version. */
  readonly artifacts: readonly ArtifactVersion[];
  readonly variables: Readonly<Record<string, VariableValue>>;
  readonly description?: string;
  /** Stages to deploy; every other stage is made manual for this release. Omitted: as defined. */
  readonly stages?: readonly string[];
}

export type TargetRequest = PipelineRequest | BuildRequest | ReleaseRequest;

export interface PipelineTarget extends Omit<PipelineRequest, 'pipeline' | 'branch'> {
  readonly pipelineId: number;
  readonly pipelineName: string;
  /** `folder\name`, for messages. */
  readonly pipelinePath: string;
  /** A full ref (`refs/heads/main`), or omitted for the default branch. */
  readonly branch?: string;
}

export interface BuildTarget extends Omit<BuildRequest, 'definition' | 'branch'> {
  readonly definitionId: number;
  readonly definitionName: string;
  readonly definitionPath: string;
  readonly branch?: string;
}

export interface ReleaseTarget extends Omit<ReleaseRequest, 'definition' | 'stages'> {
  readonly definitionId: number;
  readonly definitionName: string;
  /** Every stage of the definition, in rank order. */
  readonly allStages: readonly string[];
  /** Stages to deploy, or `null` for the definition's own triggers. */
  readonly stages: readonly string[] | null;
}

export type Target = PipelineTarget | BuildTarget | ReleaseTarget;

/** What `trigger` started (or `watch` attached to). */
export interface Handle {
  readonly kind: 'pipeline' | 'build' | 'release';
  readonly project: string;
  /** Run (= build) id, or release id. */
  readonly id: number;
  /** Web URL of the run, build or release. */
  readonly url: string;
  /** Definition name; `folder\name` for pipelines and builds outside the root folder. */
  readonly definitionName: string;
  /** Build number or release name, when known. */
  readonly number?: string;
}

/** The `folder\name` form of a definition's path and name; the root folder is left out. */
export function qualifiedName(folder: string | undefined, name: string): string {
  const trimmed = (folder ?? '\\').replace(/^\\+|\\+$/g, '');
  return trimmed ? `${trimmed}\\${name}` : name;
}
