import { SignInError } from '../auth/sign-in-error.ts';
import type { AzureDevOpsError } from '../azdo/errors.ts';
import { UsageError } from '../errors.ts';
import type { LostAccessError } from '../follow/lost-access.ts';
import type { Outcome } from '../outcome.ts';
import { redactingStream, type Redactor } from '../redact.ts';

/** Exit codes of docs/design/cli-contract.md. */
export const EXIT = {
  succeeded: 0,
  failed: 1,
  usage: 2,
  canceled: 3,
  timedOut: 4,
  refused: 5,
} as const;

/**
 * The one place that turns an error into an exit code and a one-line message, written through
 * `redactor`: a usage error can quote a value that holds a secret (a token pasted into
 * `--timeout`). Anything that is not one of our error types is a bug: it gets its stack trace.
 */
export function reportError(
  error: unknown,
  stderr: NodeJS.WritableStream,
  redactor: Redactor,
): number {
  const redacted = redactingStream(stderr, redactor);
  let code: number;
  if (error instanceof UsageError) {
    redacted.write(`aztm: ${error.message}\n`);
    code = EXIT.usage;
  } else {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    redacted.write(`aztm: unexpected error (a bug; please report it):\n${detail}\n`);
    code = EXIT.failed;
  }
  redacted.flush();
  return code;
}

/** The exit code of a followed run (docs/design/cli-contract.md, "Exit codes"). */
export function exitCodeFor(outcome: Outcome, allowPartial: boolean): number {
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

/**
 * Azure DevOps refused, or could not be reached, before anything was triggered: exit 5 with the
 * service's own message and what to check.
 */
export function reportRefusal(error: AzureDevOpsError, stderr: NodeJS.WritableStream): number {
  stderr.write(`aztm: ${error.message}\n`);
  // A create whose answer was lost may have been carried out: its message says what to check,
  // and "nothing was triggered" could be false (src/recover/lost-create.ts).
  if (error.outcomeUnknown) return EXIT.refused;
  // Entra ID gave no token: what to check depends on the sign-in method (src/auth/methods.ts).
  const hint = error.cause instanceof SignInError ? error.cause.hint : REFUSAL_HINTS[error.kind];
  if (hint) stderr.write(`aztm: ${hint}\n`);
  stderr.write('aztm: nothing was triggered\n');
  return EXIT.refused;
}

const REFUSAL_HINTS: Partial<Record<AzureDevOpsError['kind'], string>> = {
  signIn:
    'check the token (--pat, --token, SYSTEM_ACCESSTOKEN or the --auth sign-in): it may be wrong, expired, or not valid for this organization; a service principal or managed identity must also be added to the organization',
  permission:
    "the identity behind the token lacks a permission; inside a pipeline, the job's build service identity needs it on the target",
  notFound:
    'check the organization, project and ids: they may not exist, or the token cannot see them',
  network:
    'Azure DevOps could not be reached: check the organization URL, the network and any proxy',
};

/**
 * Azure DevOps stopped showing a run aztm was following (deleted, or the token expired, was
 * revoked or lost a permission: follow/contact.ts). Not exit 5: that promises nothing was
 * triggered, and a job retried on it would trigger again. Exit 1: aztm cannot vouch for a run it
 * can no longer see, and it must not let a job pass on it (docs/design/cli-contract.md, "Exit
 * codes").
 */
export function reportLostAccess(error: LostAccessError, stderr: NodeJS.WritableStream): number {
  const what = error.handle.kind === 'release' ? 'release' : 'run';
  const reads = error.refusedReads === 1 ? 'a read' : `${error.refusedReads} reads in a row`;
  const status = error.status === null ? '' : ` (HTTP ${error.status})`;
  stderr.write(`aztm: ${error.message}\n`);
  stderr.write(
    `aztm: Azure DevOps refused ${reads}${status}; aztm stopped following, and does not know how the ${what} ends\n`,
  );
  return EXIT.failed;
}
