/**
 * The plain reporter: one timestamped line per change on stderr, never a spinner or cursor
 * movement, for CI logs and pipes; at the end the failure detail, the summary, and the result
 * line on stdout. The agent reporter runs it with `groupFailures`, so that each failure's
 * detail folds into a `##[group]` of the Azure Pipelines log.
 */
import type { FollowEvent } from '../follow/events.ts';
import type { FailureDetail } from '../follow/snapshot.ts';
import type { Outcome } from '../outcome.ts';
import { group } from './logging-commands.ts';
import { Narrator } from './narrator.ts';
import { safeLine } from './safe-text.ts';
import { failuresText, progressText, summaryText } from './progress-text.ts';
import type { Reporter, ResolvedReporterOptions } from './reporter.ts';
import { failureBody, failureTitle, resultLine } from './summary.ts';
import { eventTime } from './words.ts';

interface PlainReporterOptions extends Pick<
  ResolvedReporterOptions,
  'stdout' | 'stderr' | 'color' | 'verbose' | 'allowPartial' | 'now'
> {
  /** `--json`: the JSON reporter writes the result; no result line here. */
  readonly json: boolean;
  /** Fold each failure's detail into a `##[group]` (agent mode). */
  readonly groupFailures: boolean;
}

export class PlainReporter implements Reporter {
  readonly #options: PlainReporterOptions;
  readonly #narrator: Narrator;

  constructor(options: PlainReporterOptions) {
    this.#options = options;
    this.#narrator = new Narrator(options.verbose);
  }

  onEvent(event: FollowEvent): void {
    if (event.type === 'failures') {
      this.#failures(event.at, event.details);
    } else if (event.type === 'finished') {
      this.#finished(event.at, event.outcome);
    } else {
      const at = eventTime(event, this.#options.now);
      const { lines } = this.#narrator.narrate(event);
      for (const line of lines) this.#stderr(progressText(at, [line], this.#options.color));
    }
  }

  close(): void {
    // Nothing held: every line is written when its event arrives.
  }

  #failures(at: string, details: readonly FailureDetail[]): void {
    const { color, groupFailures } = this.#options;
    if (!groupFailures) {
      this.#stderr(failuresText(at, details, color));
      return;
    }
    for (const detail of details) {
      // The agent only recognises `##[group]` at the start of a line: no time before it.
      const body = failureBody(detail).map(safeLine);
      this.#stderr(`${group(safeLine(failureTitle(detail)), body).join('\n')}\n`);
    }
  }

  #finished(at: string, outcome: Outcome): void {
    const { color, allowPartial, json } = this.#options;
    this.#stderr(summaryText(at, outcome, this.#narrator.stages, allowPartial, color));
    if (!json) this.#options.stdout.write(`${safeLine(resultLine(outcome))}\n`);
  }

  #stderr(text: string): void {
    this.#options.stderr.write(text);
  }
}
