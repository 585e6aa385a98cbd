import type { Outcome } from '../outcome.ts';
import type { Handle, Target } from '../target.ts';
import type {
  ApprovalView,
  FailureDetail,
  JobView,
  RunStatus,
  StageState,
  StageView,
} from './snapshot.ts';

/**
 * What happens while aztm triggers and follows, in order. Reporters receive these and nothing
 * else: they never call the API.
 */
export type FollowEvent =
  /** Names resolved and inputs checked; nothing triggered yet. */
  | { readonly type: 'resolved'; readonly target: Target }
  /** The run or release exists: its URL is known. */
  | { readonly type: 'triggered'; readonly handle: Handle; readonly at: string }
  /** `watch`: attached to something that already existed. */
  | { readonly type: 'attached'; readonly handle: Handle; readonly at: string }
  | { readonly type: 'status'; readonly status: RunStatus; readonly at: string }
  | {
      readonly type: 'stage';
      readonly stage: StageView;
      readonly previous: StageState | null;
      readonly at: string;
    }
  | {
      readonly type: 'job';
      readonly stage: string;
      readonly job: JobView;
      readonly previous: JobView['state'] | null;
      readonly at: string;
    }
  /** A stage began waiting for an approval. */
  | {
      readonly type: 'approvalPending';
      readonly stage: string;
      readonly approval: ApprovalView;
      readonly at: string;
    }
  /** aztm answered an approval itself (`--approve`). */
  | {
      readonly type: 'approvalGiven';
      readonly stage: string;
      readonly approval: ApprovalView;
      readonly at: string;
    }
  /** Something the user should know that is not a state change (a warning, a hint). */
  | {
      readonly type: 'notice';
      readonly level: 'info' | 'warning' | 'error';
      readonly message: string;
      readonly at: string;
    }
  /** aztm is canceling (or leaving) what it started: interrupted or timed out. */
  | {
      readonly type: 'stopping';
      readonly reason: 'interrupted' | 'timedOut';
      readonly action: 'cancel' | 'leave';
      readonly at: string;
    }
  | { readonly type: 'failures'; readonly details: readonly FailureDetail[]; readonly at: string }
  | { readonly type: 'finished'; readonly outcome: Outcome; readonly at: string };

export type FollowEventListener = (event: FollowEvent) => void;
