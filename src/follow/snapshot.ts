/**
 * What aztm knows of a followed run or release at one poll, independent of the API it came from.
 * `follow()` builds one per poll, compares it with the previous one, and turns the differences
 * into events; reporters only ever see these shapes.
 */
import type { EndResult, RunStatus, StageResult, UnfinishedStageState } from '../outcome.ts';

export type { RunStatus } from '../outcome.ts';

/** Where a stage (a pipeline stage or a release environment) is: on its way, or ended. */
export type StageState = UnfinishedStageState | StageResult;

/** Where a job or task is. */
export type StepState = 'pending' | 'running' | StageResult;

export interface JobView {
  readonly id: string;
  readonly name: string;
  readonly state: StepState;
  readonly startedAt?: string;
  readonly finishedAt?: string;
}

export interface ApprovalView {
  /** Pipelines: the approval GUID; releases: the approval id as a string. */
  readonly id: string;
  /** Display names of who can approve. */
  readonly approvers: readonly string[];
  readonly instructions?: string;
  /** Where a person answers it (the run's or release's web page). */
  readonly url: string;
  /** Whether the identity aztm signed in with is one of the approvers (for `--approve`). */
  readonly assignedToCaller: boolean;
}

export interface StageView {
  /** Stable key: the stage identifier, or the release environment id. */
  readonly id: string;
  readonly name: string;
  readonly state: StageState;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly jobs: readonly JobView[];
  /** Set while `state` is `waitingForApproval`. */
  readonly approval?: ApprovalView;
  /** Set while `state` is `scheduled`: the ISO time it is scheduled for. */
  readonly scheduledFor?: string;
  /** Why a stage ended `notDeployed` or `skipped`, in words. */
  readonly reason?: string;
}

export interface Snapshot {
  readonly status: RunStatus;
  /** Set once `status` is `completed`. */
  readonly result?: EndResult;
  readonly stages: readonly StageView[];
  readonly startedAt?: string;
  readonly finishedAt?: string;
}

/** A failed stage, job or task, for the failure detail printed at the end. */
export interface FailureDetail {
  /** Stage, job and task names, outermost first. */
  readonly path: readonly string[];
  readonly result: StageResult;
  readonly issues: readonly string[];
  /** The last lines of the task's log (per `--show-logs`). */
  readonly logTail: readonly string[];
}
