/**
 * The step result a task reports with `task.complete` (docs/design/azure-devops.md §10.1), from
 * what the core ended with. A Node task says how it ended through that command and exits 0: a
 * non-zero exit is read as a failure of the infrastructure (§10.1, "Node handler").
 */
import type { CommandResult } from '../cli/run-command.ts';
import { EXIT } from '../cli/exit.ts';
import type { TaskResult } from '../report/logging-commands.ts';
import { handleNoun, shortHandle } from '../report/words.ts';

export interface TaskEnd {
  readonly result: TaskResult;
  readonly message: string;
  /**
   * Also an error issue for the run summary: when nothing else logged one (the agent reporter
   * logs a followed run's failures itself, src/report/agent.ts).
   */
  readonly issue: boolean;
}

const WHY: Readonly<Record<number, string>> = {
  [EXIT.usage]: 'a task input is wrong; nothing was triggered (see the error above)',
  // Exit 5 is also a create whose answer was lost and whose result aztm cannot tell
  // (src/recover/lost-create.ts): not a refusal, and something may have been triggered.
  [EXIT.refused]:
    'Azure DevOps refused the request, or aztm cannot tell what its create request made (see the error above)',
  [EXIT.timedOut]: 'the time-out was reached',
  [EXIT.failed]: 'see the errors above',
};

/**
 * `notFollowed` says what a success without an outcome was (a dry run, a trigger without wait).
 * Succeeded, or partial success accepted by allowPartial, for exit 0; Canceled only when the
 * agent canceled the step (SIGINT/SIGTERM, §10.2): a run canceled by someone in Azure DevOps
 * fails the step, as it fails the CLI (exit 3). `null` when the agent reporter already wrote
 * `task.complete result=SucceededWithIssues` (src/report/agent.ts): the result is said once.
 */
export function taskEndFor(ended: CommandResult, notFollowed: string): TaskEnd | null {
  const { outcome, exitCode } = ended;
  const what = outcome ? shortHandle(outcome.handle) : 'the run';
  if (exitCode === EXIT.succeeded) {
    if (outcome?.result === 'partiallySucceeded') return null;
    return {
      result: 'Succeeded',
      message: outcome ? `${what} succeeded` : notFollowed,
      issue: false,
    };
  }
  if (ended.interrupted) {
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
    return { result: 'Failed', message: `${what} ${wordFor(outcome.result)}`, issue: false };
  }
  return {
    result: 'Failed',
    message: WHY[exitCode] ?? `aztm ended with exit code ${exitCode}`,
    issue: true,
  };
}

/** A flow's end, from `aztm flow run`'s exit code (0, 1, or 3 when interrupted). */
export function flowEndFor(exitCode: number): { readonly result: string; readonly end: TaskEnd } {
  if (exitCode === EXIT.succeeded) {
    return {
      result: 'succeeded',
      end: { result: 'Succeeded', message: 'the flow succeeded', issue: false },
    };
  }
  if (exitCode === EXIT.canceled) {
    return {
      result: 'canceled',
      end: {
        result: 'Canceled',
        message: 'the step was canceled; the running steps were stopped',
        issue: false,
      },
    };
  }
  return {
    result: 'failed',
    end: {
      result: 'Failed',
      message: exitCode === EXIT.failed ? 'a step of the flow failed' : (WHY[exitCode] ?? ''),
      issue: true,
    },
  };
}

function wordFor(result: string): string {
  return result === 'partiallySucceeded'
    ? 'partially succeeded (allowPartial accepts it)'
    : result === 'timedOut'
      ? 'timed out'
      : result;
}
