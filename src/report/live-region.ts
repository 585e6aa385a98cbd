/**
 * A block of lines at the bottom of a terminal, redrawn in place: lines worth keeping are printed
 * above it (they stay in the scrollback), and each redraw moves up over the block, clears it and
 * writes the new one in a single write, so that it never flickers. Redraws come at most every
 * `minRedrawMs`, and every `tickMs` even when nothing changes (elapsed times move on). The
 * same way of drawing as the single commands' live view (tty.ts).
 */
import type { TextSink } from '../redact.ts';
import { CLEAR_DOWN, HIDE_CURSOR, SHOW_CURSOR, cursorUp } from './ansi.ts';

interface LiveRegionOptions {
  readonly stream: TextSink;
  /** The block's lines now; each fits the terminal's width (it never wraps). */
  readonly render: () => readonly string[];
  /** The clock (ms). */
  readonly now: () => number;
  readonly minRedrawMs: number;
  readonly tickMs: number;
}

export class LiveRegion {
  readonly #options: LiveRegionOptions;
  #tick: NodeJS.Timeout | undefined;
  #throttle: NodeJS.Timeout | undefined;
  /** Text to print above the block at the next redraw. */
  #kept = '';
  /** How many lines the block on screen has: how far up the next redraw starts. */
  #height = 0;
  #lastDraw = Number.NEGATIVE_INFINITY;
  #cursorHidden = false;
  #ended = false;

  constructor(options: LiveRegionOptions) {
    this.#options = options;
  }

  /** Prints `text` (whole lines) above the block, at the next redraw. */
  keep(text: string): void {
    if (this.#ended) {
      this.#options.stream.write(text);
      return;
    }
    this.#kept += text;
    this.changed();
  }

  /** The block's content changed: redraw now, or as soon as the throttle allows. */
  changed(): void {
    if (this.#ended) return;
    if (this.#tick === undefined) {
      this.#tick = setInterval(() => this.#draw(), this.#options.tickMs);
      // A progress display must never be what keeps the process alive.
      this.#tick.unref();
    }
    const wait = this.#options.minRedrawMs - (this.#options.now() - this.#lastDraw);
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

  /**
   * Stops redrawing. `leave`: the last block stays on screen (interrupted, or the caller's
   * report follows nothing); else it is erased and only the kept lines remain. The cursor comes
   * back either way. Safe to call more than once.
   */
  end(leave: boolean): void {
    if (this.#ended) return;
    this.#stopTimers();
    this.#ended = true;
    if (leave && (this.#cursorHidden || this.#kept !== '')) {
      this.#draw(true);
      return;
    }
    const cursor = this.#cursorHidden ? SHOW_CURSOR : '';
    const out = `${this.#erase()}${cursor}${this.#kept}`;
    this.#kept = '';
    if (out !== '') this.#options.stream.write(out);
  }

  /** Replaces the block on screen by the kept lines and a fresh block, in one write. */
  #draw(last = false): void {
    const block = this.#options.render();
    let out = this.#erase();
    if (!this.#cursorHidden && !last) {
      out = HIDE_CURSOR + out;
      this.#cursorHidden = true;
    }
    out += `${this.#kept}${block.map((line) => `${line}\n`).join('')}`;
    if (last && this.#cursorHidden) out += SHOW_CURSOR;
    this.#kept = '';
    this.#height = last ? 0 : block.length;
    this.#lastDraw = this.#options.now();
    this.#options.stream.write(out);
  }

  /** Moves up to the first line of the block on screen and clears it and everything below. */
  #erase(): string {
    const out = this.#height > 0 ? `${cursorUp(this.#height)}${CLEAR_DOWN}` : '';
    this.#height = 0;
    return out;
  }

  #stopTimers(): void {
    if (this.#tick !== undefined) clearInterval(this.#tick);
    if (this.#throttle !== undefined) clearTimeout(this.#throttle);
    this.#tick = undefined;
    this.#throttle = undefined;
  }
}
