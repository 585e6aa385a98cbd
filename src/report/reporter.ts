import type { FollowEvent } from '../follow/events.ts';
import type { Redactor, TextSink } from '../redact.ts';

/** Shows the progress and the result of what aztm follows. Receives events; never calls the API. */
export interface Reporter {
  onEvent(event: FollowEvent): void;
  /** Stops timers, restores the terminal and flushes output. Safe to call more than once. */
  close(): void;
}

export interface ReporterOptions {
  /**
   * `tty`: a live view redrawn in place; `plain`: one timestamped line per change (CI logs, pipes);
   * `agent`: plain lines plus Azure Pipelines logging commands (inside a pipeline, `TF_BUILD`).
   */
  readonly mode: 'tty' | 'plain' | 'agent';
  /** Print the `--json` result object as the last line of stdout, and no other result line. */
  readonly json: boolean;
  /** Results (the result line, the JSON object, logging commands). */
  readonly stdout: TextSink;
  /** Progress. */
  readonly stderr: TextSink;
  /** Everything written is redacted by it; in agent mode its secrets are masked first. */
  readonly redactor: Redactor;
  readonly color: boolean;
  /** The clock for elapsed times in the live view. Default: the system clock. */
  readonly now?: () => Date;
  /** The terminal's width, for the live view. Default 80. */
  readonly columns?: number;
  /** `--allow-partial`: a partial success is accepted (and said so). */
  readonly allowPartial: boolean;
  /** Also tell the target before triggering, every job change and every stage's first state. */
  readonly verbose?: boolean;
}

/** The options with every default applied, and the streams already redacting. */
export interface ResolvedReporterOptions extends Required<Omit<ReporterOptions, 'mode' | 'json'>> {
  /** `stdout` before redaction: only ever used for `task.setsecret`. */
  readonly rawStdout: TextSink;
}
