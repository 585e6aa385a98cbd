import { UsageError } from '../errors.ts';

/**
 * A YAML file that cannot be used: its syntax, its shape or its meaning is wrong. It points at
 * the offending node (`file:line:column: reason`) so an editor can jump there. It is a usage
 * error (exit 2), as a bad flag is. Each kind of file (scenario, flow) has its own subclass.
 */
export class YamlFileError extends UsageError {
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
    this.name = 'YamlFileError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

/** How a YAML source makes the error of its kind of file. */
export type YamlErrorFactory = (
  file: string,
  line: number,
  column: number,
  reason: string,
  options?: { cause?: unknown },
) => YamlFileError;
