import { UsageError } from '../../errors.ts';

/**
 * A scenario file that cannot be used: its YAML, its shape or its meaning is wrong. It points at
 * the offending node so an editor can jump there. It is a usage error (exit 2), as a bad flag is.
 */
export class ScenarioError extends UsageError {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** What is wrong and what was expected, without the location. */
  readonly reason: string;

  constructor(
    file: string,
    line: number,
    column: number,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}:${line}:${column}`, `${file}:${line}:${column}: ${reason}`, options);
    this.name = 'ScenarioError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}
