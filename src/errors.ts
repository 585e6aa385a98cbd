/**
 * The error types every part of aztm raises. One place (src/session/error-report.ts) turns them
 * into exit codes and one-line messages; a stack trace is printed only for bugs. How a trigger
 * ends is not an error: src/end.ts.
 */

/** Bad usage or input: names the input and what was expected. Exit code 2; nothing triggered. */
export class UsageError extends Error {
  /** The option, variable or file the problem is in, e.g. `--port` or `scenario.yaml:3:7`. */
  readonly input: string;

  constructor(input: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
    this.input = input;
  }
}

/** The message of anything thrown, for a line that names what went wrong. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
