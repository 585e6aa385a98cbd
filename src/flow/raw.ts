/**
 * The shape schemas/flow.schema.json guarantees: what the resolver reads after the schema check.
 * Values the shared input validators check (ids, durations, variables) stay `unknown` here.
 */
export interface RawFlow {
  readonly organization?: string;
  readonly project?: string;
  readonly maxParallel?: number;
  readonly steps: readonly RawStep[];
}

export interface RawStep {
  readonly id: string;
  readonly displayName?: string;
  readonly dependsOn?: string | readonly string[];
  readonly condition?: string;
  readonly continueOnError?: boolean;
  readonly timeout?: string | number;
  readonly allowPartial?: boolean;
  readonly organization?: string;
  readonly project?: string;
  readonly pipeline?: RawPipeline;
  readonly build?: RawBuild;
  readonly release?: RawRelease;
}

export interface RawPipeline {
  readonly pipelineId?: unknown;
  readonly pipeline?: string;
  readonly branch?: string;
  readonly commit?: string;
  readonly templateParameters?: unknown;
  readonly stagesToSkip?: unknown;
  readonly variables?: unknown;
}

export interface RawBuild {
  readonly definitionId?: unknown;
  readonly definition?: string;
  readonly branch?: string;
  readonly commit?: string;
  readonly variables?: unknown;
}

export interface RawRelease {
  readonly releaseId?: unknown;
  readonly definitionId?: unknown;
  readonly definition?: string;
  readonly artifacts?: unknown;
  readonly description?: string;
  readonly stages?: unknown;
  readonly variables?: unknown;
}

export const STEP_KINDS = ['pipeline', 'build', 'release'] as const;
