/**
 * Reporters: how progress and results are shown, chosen by context. `createReporter` is the one
 * entry: it wraps both streams in redaction, and puts together the reporters a mode needs.
 */
import type { FollowEvent } from '../follow/events.ts';
import { redactingStream, type RedactingStream } from '../redact.ts';
import { AgentCommands } from './agent.ts';
import { JsonReporter } from './json.ts';
import { PlainReporter } from './plain.ts';
import type { Reporter, ReporterOptions } from './reporter.ts';
import { TtyReporter } from './tty.ts';

export type { Reporter, ReporterOptions } from './reporter.ts';

const DEFAULT_COLUMNS = 80;

/**
 * The reporter for `options.mode`, plus the JSON result when `options.json`. Progress goes to
 * stderr; results to stdout. In agent mode `task.setsecret` for every secret is written at once,
 * before anything else, and the logging commands go to stdout before the JSON object, which is
 * always the last line.
 */
export function createReporter(options: ReporterOptions): Reporter {
  const stdout = redactingStream(options.stdout, options.redactor);
  const stderr = redactingStream(options.stderr, options.redactor);
  const { mode, json, color, allowPartial, redactor } = options;
  const verbose = options.verbose ?? false;
  const now = options.now ?? (() => new Date());
  const parts: Reporter[] = [];
  if (mode === 'agent') {
    parts.push(
      new AgentCommands({
        stdout,
        rawStdout: options.stdout,
        secrets: redactor.secrets,
        allowPartial,
        redact: (text) => redactor.redact(text),
      }),
    );
  }
  if (mode === 'tty') {
    parts.push(
      new TtyReporter({
        stdout,
        stderr,
        color,
        verbose,
        allowPartial,
        json,
        redactor,
        now,
        columns: options.columns ?? DEFAULT_COLUMNS,
      }),
    );
  } else {
    const groupFailures = mode === 'agent';
    parts.push(
      new PlainReporter({ stdout, stderr, color, verbose, allowPartial, now, json, groupFailures }),
    );
  }
  // Last, so that its object is the last line of stdout.
  if (json) parts.push(new JsonReporter(stdout));
  return new Reporters(parts, [stdout, stderr]);
}

/** Several reporters as one, in order; closing flushes what the streams hold back. */
class Reporters implements Reporter {
  readonly #parts: readonly Reporter[];
  readonly #streams: readonly RedactingStream[];

  constructor(parts: readonly Reporter[], streams: readonly RedactingStream[]) {
    this.#parts = parts;
    this.#streams = streams;
  }

  onEvent(event: FollowEvent): void {
    for (const part of this.#parts) part.onEvent(event);
  }

  close(): void {
    for (const part of this.#parts) part.close();
    for (const stream of this.#streams) stream.flush();
  }
}
