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
  readonly pipeline?: RawRequest;
  readonly build?: RawRequest;
  readonly release?: RawRequest;
}

/**
 * A step's `pipeline`, `build` or `release` mapping: its keys are the flow keys of the table of
 * inputs (src/inputs/table.ts), checked by the schema and then by the request builder.
 */
type RawRequest = Readonly<Record<string, unknown>>;

export const STEP_KINDS = ['pipeline', 'build', 'release'] as const;
