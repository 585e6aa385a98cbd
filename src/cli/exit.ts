import { UsageError } from '../errors.ts';

/** Exit codes of cli-contract.md. */
export const EXIT = {
  succeeded: 0,
  failed: 1,
  usage: 2,
  canceled: 3,
  timedOut: 4,
  refused: 5,
} as const;

/**
 * The one place that turns an error into an exit code and a one-line message. Anything that is
 * not one of our error types is a bug: it gets its stack trace.
 */
export function reportError(error: unknown, stderr: NodeJS.WritableStream): number {
  if (error instanceof UsageError) {
    stderr.write(`aztm: ${error.message}\n`);
    return EXIT.usage;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stderr.write(`aztm: unexpected error (a bug; please report it):\n${detail}\n`);
  return EXIT.failed;
}
