import type { Handle } from './target.ts';

/** How a triggered run, build or release ended (cli-contract.md, "The --json result"). */
export type Result = 'succeeded' | 'partiallySucceeded' | 'failed' | 'canceled' | 'timedOut';

/** A stage's end: a result, or why it did not run. */
export type StageResult = Result | 'skipped' | 'notDeployed' | 'rejected' | 'notRun';

export interface StageOutcome {
  readonly name: string;
  readonly result: StageResult;
}

export interface Outcome {
  readonly handle: Handle;
  readonly result: Result;
  readonly stages: readonly StageOutcome[];
  /** ISO times; `startedAt` is when aztm triggered or attached, or the run's own start. */
  readonly startedAt: string;
  readonly finishedAt: string;
}
