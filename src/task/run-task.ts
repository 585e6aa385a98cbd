/**
 * What both task entries share: the process's environment and streams, a redactor, and the one
 * way a task ends, `task.complete` then exit 0 (docs/design/azure-devops.md §10.1), whatever went
 * wrong.
 */
import type { TaskEnd } from '../end-mapping.ts';
import { UsageError } from '../errors.ts';
import { Redactor, redactingStream } from '../redact.ts';
import { completeTask, logIssue, setSecret } from '../report/logging-commands.ts';
import { reportError } from '../session/error-report.ts';
import { wasInterrupted } from '../session/interrupt.ts';
import type { TaskInput } from './inputs.ts';
import { TaskInputs, type Environment } from './read-inputs.ts';

export interface TaskIo {
  readonly env: Environment;
  readonly inputs: TaskInputs;
  /** Redacting: everything but `task.setsecret` goes through these. */
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** The step's secrets, for the session it runs (SessionContext.redactor). */
  readonly redactor: Redactor;
  /**
   * Masks a secret: `task.setsecret` on the raw stdout at once, so that the agent hides it from
   * every later line (§10.1), and redaction of everything the task writes.
   */
  readonly addSecret: (secret: string) => void;
}

/** Runs a task entry and ends the step; `null` from the entry: the result was already sent. */
export function runTask(
  declared: readonly TaskInput[],
  entry: (io: TaskIo) => Promise<TaskEnd | null>,
): void {
  const env = process.env;
  const redactor = new Redactor();
  const stdout = redactingStream(process.stdout, redactor);
  const stderr = redactingStream(process.stderr, redactor);
  const inputs = new TaskInputs(declared, env);
  const io: TaskIo = {
    env,
    inputs,
    stdout,
    stderr,
    redactor,
    addSecret: (secret) => {
      const known = redactor.secrets.length;
      redactor.add(secret);
      // As given and trimmed (src/redact.ts): the agent masks both.
      const added = redactor.secrets.slice(known).flatMap(setSecret);
      if (added.length > 0) process.stdout.write(`${added.join('\n')}\n`);
    },
  };
  const finish = (end: TaskEnd | null): void => {
    if (end) {
      if (end.issue) stdout.write(`${logIssue('error', end.message)}\n`);
      stdout.write(`${completeTask(end.result, end.message)}\n`);
    }
    stdout.flush();
    stderr.flush();
    process.exitCode = 0;
    // Canceled by the agent: a read given up on, or its retries, must not keep the step going
    // until the agent kills it (as the command line). Exits once the lines above are written.
    if (wasInterrupted())
      process.stdout.write('', () => process.stderr.write('', () => process.exit()));
  };
  entry(io).then(finish, (error: unknown) => {
    if (error instanceof UsageError) {
      const message = inTaskWords(error, inputs);
      stderr.write(`aztm: ${message}\n`);
      finish({ result: 'Failed', message, issue: true });
      return;
    }
    reportError(error, stderr, redactor);
    finish({
      result: 'Failed',
      message: 'aztm failed unexpectedly (see the error above)',
      issue: true,
    });
  });
}

/** A CLI message about `--pipeline-id` names the task input, `pipelineId`, too. */
function inTaskWords(error: UsageError, inputs: TaskInputs): string {
  const option = /^--([\w-]+)$/.exec(error.input)?.[1];
  const input = option === undefined ? undefined : inputs.inputFor(option);
  return input === undefined ? error.message : `task input ${input}: ${error.message}`;
}
