/**
 * The one place that says what an end means (src/end.ts): the exit code of the command line
 * (docs/design/cli-contract.md, "Exit codes"), the result an Azure Pipelines task reports with
 * `task.complete` (docs/design/azure-devops.md §10.1), and a flow step's result
 * (docs/design/flow-file.md). Adapters print their own messages; the decision is made here.
 */
import type { End, FlowEnd } from './end.ts';
import { handleOf } from './end.ts';
import type { Outcome, Result } from './outcome.ts';
import type { TaskResult } from './report/logging-commands.ts';
import { handleNoun, shortHandle } from './report/words.ts';

/** Exit codes of docs/design/cli-contract.md. */
export const EXIT = {
  succeeded: 0,
  failed: 1,
  usage: 2,
  canceled: 3,
  timedOut: 4,
  refused: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code of one trigger or watch. */
export function exitCodeOf(end: End, allowPartial: boolean): ExitCode {
  switch (end.kind) {
    case 'dryRun':
    case 'triggered':
      return EXIT.succeeded;
    case 'followed':
      return exitCodeOfOutcome(end.outcome, allowPartial);
    // Nothing was triggered, or a lost create's result cannot be told (src/recover/lost-create.ts).
    case 'refused':
      return EXIT.refused;
    // Not 5: something was triggered, and a job retried on 5 would trigger it again. aztm cannot
    // vouch for what it no longer sees, and must not let a job pass on it.
    case 'partlyTriggered':
    case 'lostAfterTrigger':
    case 'lostAccess':
      return EXIT.failed;
    case 'interrupted':
      return EXIT.canceled;
  }
}

function exitCodeOfOutcome(outcome: Outcome, allowPartial: boolean): ExitCode {
  // Interrupted, aztm exits 3 (the contract) even when the run ended on its own meanwhile: its
  // result still says how it ended.
  if (outcome.stopped?.reason === 'interrupted') return EXIT.canceled;
  switch (outcome.result) {
    case 'succeeded':
      return EXIT.succeeded;
    case 'partiallySucceeded':
      return allowPartial ? EXIT.succeeded : EXIT.failed;
    case 'failed':
      return EXIT.failed;
    case 'canceled':
    case 'interrupted':
      return EXIT.canceled;
    case 'timedOut':
      return EXIT.timedOut;
  }
}

/** The exit code of `flow run`: 1 when a step failed the flow, 3 when interrupted. */
export function flowExitCodeOf(end: FlowEnd): ExitCode {
  switch (end.kind) {
    case 'refused':
      return EXIT.refused;
    case 'interrupted':
      return EXIT.canceled;
    case 'ran':
      if (end.interrupted) return EXIT.canceled;
      return end.result === 'failed' ? EXIT.failed : EXIT.succeeded;
  }
}

/** How an Azure Pipelines task ends its step (`task.complete`). */
export interface TaskEnd {
  readonly result: TaskResult;
  readonly message: string;
  /**
   * Also an error issue for the run summary: when nothing else logged one (the agent reporter
   * logs a followed run's failures itself, src/report/agent.ts).
   */
  readonly issue: boolean;
}

const REFUSED_WHY =
  // Also a create whose answer was lost and whose result aztm cannot tell
  // (src/recover/lost-create.ts): not a refusal, and something may have been triggered.
  'Azure DevOps refused the request, or aztm cannot tell what its create request made (see the error above)';

/**
 * The TriggerAndMonitor task's end. Succeeded, or partial success accepted by allowPartial, when
 * the command line would exit 0; Canceled only when the agent canceled the step (`interrupted`:
 * SIGINT/SIGTERM, docs/design/azure-devops.md §10.2): a run canceled by someone in Azure DevOps
 * fails the step, as it fails the command line (exit 3). `null` when the agent reporter already
 * wrote `task.complete result=SucceededWithIssues` (src/report/agent.ts): the result is said once.
 */
export function taskEndOf(
  end: End,
  flags: { readonly allowPartial: boolean; readonly interrupted: boolean },
): TaskEnd | null {
  const outcome = end.kind === 'followed' ? end.outcome : null;
  if (exitCodeOf(end, flags.allowPartial) === EXIT.succeeded) {
    if (outcome?.result === 'partiallySucceeded') return null;
    const message = outcome
      ? `${shortHandle(outcome.handle)} succeeded`
      : end.kind === 'dryRun'
        ? 'dry run: nothing was triggered'
        : 'triggered, not waited for';
    return { result: 'Succeeded', message, issue: false };
  }
  if (flags.interrupted || end.kind === 'interrupted') {
    // Only what was canceled is said to be (the cancel may fail, or `onInterrupt: leave`).
    const left = outcome?.stopped?.canceled === false;
    return {
      result: 'Canceled',
      message: left
        ? `the step was canceled; ${handleNoun(outcome.handle)} was not canceled and may still be running: ${outcome.handle.url}`
        : `the step was canceled; ${handleNoun(outcome?.handle)} was stopped`,
      issue: left,
    };
  }
  if (outcome) {
    return {
      result: 'Failed',
      message: `${shortHandle(outcome.handle)} ${wordFor(outcome.result)}`,
      issue: false,
    };
  }
  return {
    result: 'Failed',
    message: end.kind === 'refused' ? REFUSED_WHY : 'see the errors above',
    issue: true,
  };
}

/** The RunFlow task's end, and its `result` output variable. */
export function flowTaskEndOf(end: FlowEnd): {
  readonly result: 'succeeded' | 'failed' | 'canceled';
  readonly end: TaskEnd;
} {
  switch (flowExitCodeOf(end)) {
    case EXIT.succeeded:
      return {
        result: 'succeeded',
        end: { result: 'Succeeded', message: 'the flow succeeded', issue: false },
      };
    case EXIT.canceled:
      return {
        result: 'canceled',
        end: {
          result: 'Canceled',
          message: 'the step was canceled; the running steps were stopped',
          issue: false,
        },
      };
    case EXIT.refused:
      return { result: 'failed', end: { result: 'Failed', message: REFUSED_WHY, issue: true } };
    // A flow ends 2 by a thrown UsageError, never 4: its steps time out, not the flow.
    case EXIT.failed:
    case EXIT.usage:
    case EXIT.timedOut:
      return {
        result: 'failed',
        end: { result: 'Failed', message: 'a step of the flow failed', issue: true },
      };
  }
}

/** A flow step's end as the scheduler records it, and whether its error is to be reported. */
export interface StepEnd {
  readonly result: Result;
  /** The web URL of what it triggered or followed; `null` when nothing was. */
  readonly url: string | null;
  /** Why it ended without a result from Azure DevOps, for the reporter; null when not said. */
  readonly error: unknown;
}

/**
 * A flow step's result. `interrupted`: the flow was stopped (SIGINT/SIGTERM, or fail-fast): a
 * step stopped before its run reached an end is canceled, and says nothing more. A create whose
 * answer never came before the time to cancel ran out is `interrupted`, never canceled: a run
 * may exist and go on.
 */
export function stepEndOf(end: End, flags: { readonly interrupted: boolean }): StepEnd {
  const url = handleOf(end)?.url ?? null;
  switch (end.kind) {
    case 'followed':
      return { result: end.outcome.result, url, error: null };
    // Never asked of a flow step: it always triggers and waits.
    case 'dryRun':
    case 'triggered':
      return { result: 'failed', url, error: null };
    case 'interrupted':
      if (end.triggered === 'unknown') return { result: 'interrupted', url, error: end.error };
      return stepEndOfError(end.error, url, flags);
    case 'refused':
    case 'partlyTriggered':
    case 'lostAfterTrigger':
    case 'lostAccess':
      return stepEndOfError(end.error, url, flags);
  }
}

/**
 * A flow step that ended on an error outside End: an earlier run's create that cannot be told
 * (src/flow/run-step.ts), bad input, or a bug.
 */
export function stepEndOfError(
  error: unknown,
  url: string | null,
  flags: { readonly interrupted: boolean },
): StepEnd {
  // Stopped before anything ran to its end (an aborted request): the step was canceled.
  if (flags.interrupted) return { result: 'canceled', url, error: null };
  return { result: 'failed', url, error };
}

function wordFor(result: Result): string {
  return result === 'partiallySucceeded'
    ? 'partially succeeded (allowPartial accepts it)'
    : result === 'timedOut'
      ? 'timed out'
      : result;
}
