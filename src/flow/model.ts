import type { TargetRequest } from '../target.ts';

/**
 * The resolved flow: every default filled in, every reference checked (docs/design/flow-file.md).
 */
export interface Flow {
  /** The flow's default organization, when it names one; flags and aztm_* variables also apply. */
  readonly organization?: string;
  readonly project?: string;
  /** Most steps running at once; `Infinity` when the file sets no limit. */
  readonly maxParallel: number;
  /** In file order. */
  readonly steps: readonly FlowStep[];
}

/** When a step runs, with Azure Pipelines' meaning. */
export type StepCondition = 'succeeded()' | 'failed()' | 'succeededOrFailed()' | 'always()';

export interface FlowStep {
  readonly id: string;
  /** The file's displayName, or the id. */
  readonly displayName: string;
  /** Ids of steps of the same flow, each listed once. */
  readonly dependsOn: readonly string[];
  readonly condition: StepCondition;
  readonly continueOnError: boolean;
  /** Longest wait in milliseconds, or `null` for no limit. */
  readonly timeoutMs: number | null;
  readonly allowPartial: boolean;
  /** The step's organization, else the flow's; omitted: from flags and the environment. */
  readonly organization?: string;
  /** What to trigger; its project is the step's, else the flow's. */
  readonly request: TargetRequest;
  /** Where the step starts in the file, for messages about it later (plan, run). */
  readonly position: { readonly line: number; readonly column: number };
}
