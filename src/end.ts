/**
 * How one trigger or watch ends: one closed union that the core returns (src/run.ts) and every
 * adapter reads (src/end-mapping.ts turns it into an exit code, a task result, a flow step's
 * result). Whether anything was triggered is part of it, never worked out from events. Only bugs
 * and bad input found before anything is sent (UsageError) are thrown instead.
 */
import type { AzureDevOpsError } from './azdo/errors.ts';
import type { LostAccessError } from './follow/lost-access.ts';
import type { InterruptedError } from './interrupted.ts';
import type { Outcome } from './outcome.ts';
import type { Handle, Target } from './target.ts';
import type { TriggerError } from './trigger.ts';

/**
 * Whether the run, build or release exists because of this trigger: `unknown` when a create was
 * sent and its answer never came (something may have been made; its message says where to look).
 * A watch triggers nothing.
 */
export type Triggered = 'yes' | 'no' | 'unknown';

export type End =
  /** Resolved and checked against the server; nothing was sent. */
  | { readonly kind: 'dryRun'; readonly triggered: 'no'; readonly target: Target }
  /** Triggered and not waited for (`--no-wait`). */
  | {
      readonly kind: 'triggered';
      readonly triggered: 'yes';
      readonly target: Target;
      readonly handle: Handle;
    }
  /** Followed to its end, or until aztm stopped following (a time-out, an interrupt). */
  | {
      readonly kind: 'followed';
      readonly triggered: 'yes' | 'no';
      readonly handle: Handle;
      readonly outcome: Outcome;
    }
  /**
   * Azure DevOps refused, or could not be reached, before anything was triggered or attached to;
   * `unknown` when the create's answer was lost (`error.outcomeUnknown`, src/recover/).
   */
  | {
      readonly kind: 'refused';
      readonly triggered: 'no' | 'unknown';
      readonly error: AzureDevOpsError;
    }
  /** The release was created but a chosen stage could not be started. */
  | {
      readonly kind: 'partlyTriggered';
      readonly triggered: 'yes';
      readonly handle: Handle;
      readonly error: TriggerError;
    }
  /** Triggered, then refused before following began. */
  | {
      readonly kind: 'lostAfterTrigger';
      readonly triggered: 'yes';
      readonly handle: Handle;
      readonly error: AzureDevOpsError;
    }
  /** Followed, then Azure DevOps stopped showing it (deleted, or the token lost its access). */
  | {
      readonly kind: 'lostAccess';
      readonly triggered: 'yes' | 'no';
      readonly handle: Handle;
      readonly error: LostAccessError;
    }
  /**
   * SIGINT/SIGTERM before anything was sent (`no`), or while the create waited for its answer
   * and the time to cancel ran out (`unknown`).
   */
  | {
      readonly kind: 'interrupted';
      readonly triggered: 'no' | 'unknown';
      readonly error: InterruptedError;
    };

export type EndKind = End['kind'];

/** What the end is about, when something was triggered or attached to. */
export function handleOf(end: End): Handle | null {
  return 'handle' in end ? end.handle : null;
}

/**
 * How a flow run ends: a step that could not be resolved (nothing was triggered), an interrupt
 * while the steps were being resolved, or the scheduler's run of every step.
 */
export type FlowEnd =
  | { readonly kind: 'refused' }
  | { readonly kind: 'interrupted' }
  | {
      readonly kind: 'ran';
      readonly result: 'succeeded' | 'failed';
      /** Stopped by SIGINT/SIGTERM rather than run to its end. */
      readonly interrupted: boolean;
    };
