import type { Handle } from './target.ts';

/**
 * How a triggered run, build or release ended (docs/design/cli-contract.md, "The --json result").
 * `interrupted`: aztm was stopped (SIGINT, SIGTERM) and the run was not canceled (the cancel
 * failed, or `--on-interrupt leave`): it may still be running, as `stopped.lastSeen` says.
 */
export type Result =
  'succeeded' | 'partiallySucceeded' | 'failed' | 'canceled' | 'timedOut' | 'interrupted';

/** How a run ended in Azure DevOps, or by `--timeout`: every result but `interrupted`. */
export type EndResult = Exclude<Result, 'interrupted'>;

/** A stage's end: a result, or why it did not run. */
export type StageResult = EndResult | 'skipped' | 'notDeployed' | 'rejected' | 'notRun';

/**
 * Where a stage is before it ends. Waiting states are never running and never finished: a
 * pending approval is `waitingForApproval`, however the API words it.
 */
export type UnfinishedStageState =
  /** Not started yet, and may still start. */
  | 'notStarted'
  | 'queued'
  | 'waitingForApproval'
  /** Checks (pipelines) or gates (releases) are being evaluated. */
  | 'waitingForChecks'
  /** A release stage scheduled for a later time (`scheduledFor`). */
  | 'scheduled'
  | 'running'
  | 'cancelling';

/** Where a run, build or release is. */
export type RunStatus = 'queued' | 'running' | 'cancelling' | 'completed';

export interface StageOutcome {
  readonly name: string;
  /**
   * How the stage ended; for a stage of a run that was left running (not canceled), where it was
   * last seen: nothing is reported canceled that was not.
   */
  readonly result: StageResult | UnfinishedStageState;
}

/** Why and how aztm stopped following a run that had not ended. */
export interface Stopped {
  readonly reason: 'interrupted' | 'timedOut';
  /** Whether Azure DevOps accepted aztm's cancel of everything still going. */
  readonly canceled: boolean;
  /** The run's status at aztm's last read (after the cancel, when one was sent); `null`: none. */
  readonly lastSeen: RunStatus | null;
}

export interface Outcome {
  readonly handle: Handle;
  readonly result: Result;
  readonly stages: readonly StageOutcome[];
  /** ISO times; `startedAt` is when aztm triggered or attached, or the run's own start. */
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Set when aztm stopped following before the run ended (an interrupt, `--timeout`). */
  readonly stopped?: Stopped;
}
