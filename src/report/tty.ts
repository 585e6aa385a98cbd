/**
 * The tty reporter: a compact live view on stderr, redrawn in place. Lines worth keeping (the
 * run's URL, notices, failed jobs) are printed above the view and stay in the scrollback; at the
 * end the view gives way to the same failure detail and summary the plain reporter prints.
 */
import type { FollowEvent } from '../follow/events.ts';
import type { Outcome } from '../outcome.ts';
import { LiveRegion } from './live-region.ts';
import { Narrator } from './narrator.ts';
import { failuresText, progressText, summaryText } from './progress-text.ts';
import type { Reporter, ResolvedReporterOptions } from './reporter.ts';
import { safeLine } from './safe-text.ts';
import { resultLine } from './summary.ts';
import { renderLiveView, type LiveState } from './tty-view.ts';
import { eventTime, handleNoun } from './words.ts';

/** Redraws come at most this often, however fast events arrive. */
const MIN_REDRAW_MS = 100;
/** Elapsed times move on even when nothing happens. */
const TICK_MS = 1000;

type TtyReporterOptions = Pick<
  ResolvedReporterOptions,
  'stdout' | 'stderr' | 'color' | 'verbose' | 'allowPartial' | 'now' | 'columns' | 'redactor'
> & { readonly json: boolean };

/** Events whose narration is kept above the live view; the others only change the view. */
const KEPT: ReadonlySet<FollowEvent['type']> = new Set([
  'resolved',
  'triggered',
  'attached',
  'job',
  'approvalGiven',
  'notice',
  'stopping',
]);

export class TtyReporter implements Reporter {
  readonly #options: TtyReporterOptions;
  readonly #narrator: Narrator;
  readonly #state: LiveState = { stages: new Map(), approvals: new Map() };
  readonly #region: LiveRegion;
  /** The failure detail waits for the end (or for an interrupted end), below everything else. */
  #failures = '';
  #done = false;

  constructor(options: TtyReporterOptions) {
    this.#options = options;
    this.#narrator = new Narrator(options.verbose);
    const { now, columns, color, redactor } = options;
    this.#region = new LiveRegion({
      stream: options.stderr,
      render: () =>
        renderLiveView(this.#state, {
          now: now(),
          columns,
          color,
          redact: (text) => redactor.redact(text),
        }),
      now: () => now().getTime(),
      minRedrawMs: MIN_REDRAW_MS,
      tickMs: TICK_MS,
    });
  }

  onEvent(event: FollowEvent): void {
    if (this.#done) return;
    if (event.type === 'failures') {
      this.#failures += failuresText(event.at, event.details, this.#options.color);
    } else if (event.type === 'finished') {
      this.#finish(event.at, event.outcome);
    } else {
      const at = eventTime(event, this.#options.now);
      const { lines } = this.#narrator.narrate(event);
      this.#update(event);
      if (KEPT.has(event.type)) {
        this.#region.keep(
          lines.map((line) => progressText(at, [line], this.#options.color)).join(''),
        );
      } else this.#region.changed();
    }
  }

  close(): void {
    if (this.#done) return;
    this.#done = true;
    // Interrupted before the end: leave the last state on screen, with the cursor back.
    if (this.#failures !== '') this.#region.keep(this.#failures);
    this.#region.end(true);
  }

  #update(event: Exclude<FollowEvent, { type: 'failures' | 'finished' }>): void {
    const state = this.#state;
    switch (event.type) {
      case 'triggered':
      case 'attached':
        state.handle = event.handle;
        state.startedAt = event.at;
        return;
      case 'status':
        state.status = event.status;
        return;
      case 'stage':
        state.stages.set(event.stage.id, event.stage);
        if (event.stage.state !== 'waitingForApproval') state.approvals.delete(event.stage.name);
        return;
      case 'approvalPending':
        state.approvals.set(event.stage, event.approval);
        return;
      case 'approvalGiven':
        state.approvals.delete(event.stage);
        return;
      case 'stopping': {
        const what = event.action === 'cancel' ? 'canceling' : 'leaving';
        state.stopping = `${what} ${handleNoun(state.handle)}…`;
        return;
      }
      case 'resolved':
      case 'job':
      case 'notice':
        // Kept above the view as lines; the view itself does not change.
        return;
    }
  }

  #finish(at: string, outcome: Outcome): void {
    this.#done = true;
    const { color, allowPartial, json } = this.#options;
    const summary = summaryText(at, outcome, this.#narrator.stages, allowPartial, color);
    this.#region.end(false);
    this.#options.stderr.write(`${this.#failures}${summary}`);
    this.#failures = '';
    if (!json) this.#options.stdout.write(`${safeLine(resultLine(outcome))}\n`);
  }
}
