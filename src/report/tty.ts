/**
 * The tty reporter: a compact live view on stderr, redrawn in place. Lines worth keeping (the
 * run's URL, notices, failed jobs) are printed above the view and stay in the scrollback; at the
 * end the view gives way to the same failure detail and summary the plain reporter prints.
 */
import type { FollowEvent } from '../follow/events.ts';
import type { Outcome } from '../outcome.ts';
import { CLEAR_DOWN, HIDE_CURSOR, SHOW_CURSOR, cursorUp } from './ansi.ts';
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

export type TtyReporterOptions = Pick<
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
  readonly #tick: NodeJS.Timeout;
  #throttle: NodeJS.Timeout | undefined;
  /** Lines to print above the view at the next redraw. */
  #kept = '';
  #failures = '';
  /** How many lines the view on screen has: how far up the next redraw starts. */
  #height = 0;
  #lastDraw = Number.NEGATIVE_INFINITY;
  #cursorHidden = false;
  #done = false;

  constructor(options: TtyReporterOptions) {
    this.#options = options;
    this.#narrator = new Narrator(options.verbose);
    this.#tick = setInterval(() => this.#draw(), TICK_MS);
    // A progress display must never be what keeps the process alive.
    this.#tick.unref();
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
      if (KEPT.has(event.type)) {
        this.#kept += lines.map((line) => progressText(at, [line], this.#options.color)).join('');
      }
      this.#update(event);
      this.#schedule();
    }
  }

  close(): void {
    this.#stopTimers();
    if (this.#done) return;
    this.#done = true;
    // Interrupted before the end: leave the last state on screen, with the cursor back.
    if (this.#cursorHidden || this.#kept !== '' || this.#failures !== '') this.#draw(true);
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

  #schedule(): void {
    const wait = MIN_REDRAW_MS - (this.#options.now().getTime() - this.#lastDraw);
    if (wait <= 0) {
      this.#draw();
    } else if (this.#throttle === undefined) {
      this.#throttle = setTimeout(() => {
        this.#throttle = undefined;
        this.#draw();
      }, wait);
      this.#throttle.unref();
    }
  }

  /** Replaces the view on screen by the kept lines and a fresh view, in one write. */
  #draw(last = false): void {
    const { now, columns, color, redactor } = this.#options;
    const view = renderLiveView(this.#state, {
      now: now(),
      columns,
      color,
      redact: (text) => redactor.redact(text),
    });
    let out = this.#erase();
    if (!this.#cursorHidden && !last) {
      out = HIDE_CURSOR + out;
      this.#cursorHidden = true;
    }
    // The failure detail waits for the end (or for an interrupted end), below everything else.
    const failures = last ? this.#failures : '';
    out += `${this.#kept}${failures}${view.map((line) => `${line}\n`).join('')}`;
    if (last) out += SHOW_CURSOR;
    this.#kept = '';
    this.#height = view.length;
    this.#lastDraw = now().getTime();
    this.#options.stderr.write(out);
  }

  #finish(at: string, outcome: Outcome): void {
    this.#stopTimers();
    this.#done = true;
    const { color, allowPartial, json } = this.#options;
    const summary = summaryText(at, outcome, this.#narrator.stages, allowPartial, color);
    const cursor = this.#cursorHidden ? SHOW_CURSOR : '';
    this.#options.stderr.write(`${this.#erase()}${cursor}${this.#kept}${this.#failures}${summary}`);
    this.#kept = '';
    this.#failures = '';
    if (!json) this.#options.stdout.write(`${safeLine(resultLine(outcome))}\n`);
  }

  /** Moves up to the first line of the view on screen and clears it and everything below. */
  #erase(): string {
    const out = this.#height > 0 ? `${cursorUp(this.#height)}${CLEAR_DOWN}` : '';
    this.#height = 0;
    return out;
  }

  #stopTimers(): void {
    clearInterval(this.#tick);
    if (this.#throttle !== undefined) clearTimeout(this.#throttle);
    this.#throttle = undefined;
  }
}
