/**
 * The few ANSI sequences the reporters use, written out rather than taken from a dependency
 * (fast start, docs/design/style.md §8). Colours are applied only when the CLI says so (NO_COLOR,
 * FORCE_COLOR, a TTY): `paint` is the identity otherwise.
 */
import type { AnyState } from './words.ts';

const CSI = '\u001b[';

export type Style = 'green' | 'red' | 'yellow' | 'cyan' | 'dim' | 'bold';

/** Each style's on and off codes; the off codes reset only that attribute, so styles nest. */
const CODES: Readonly<Record<Style, readonly [number, number]>> = {
  green: [32, 39],
  red: [31, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
};

export function paint(text: string, style: Style | undefined, color: boolean): string {
  if (!color || style === undefined || text === '') return text;
  const [on, off] = CODES[style];
  return `${CSI}${on}m${text}${CSI}${off}m`;
}

export const HIDE_CURSOR = `${CSI}?25l`;
export const SHOW_CURSOR = `${CSI}?25h`;
/** Erases from the cursor to the end of the screen. */
export const CLEAR_DOWN = `${CSI}0J`;

/** Moves the cursor `count` lines up (the live view is always left with the cursor in column 0). */
export function cursorUp(count: number): string {
  return count > 0 ? `${CSI}${count}A` : '';
}

/** The colour of a state: green done, red failed, yellow waiting or partial, dim not run. */
export function styleOf(state: AnyState): Style | undefined {
  switch (state) {
    case 'succeeded':
      return 'green';
    case 'failed':
    case 'timedOut':
    case 'rejected':
      return 'red';
    case 'partiallySucceeded':
    case 'canceled':
    case 'interrupted':
    case 'cancelling':
    case 'waitingForApproval':
    case 'waitingForChecks':
    case 'scheduled':
      return 'yellow';
    case 'running':
      return 'cyan';
    case 'skipped':
    case 'notDeployed':
    case 'notRun':
    case 'notStarted':
    case 'queued':
    case 'pending':
      return 'dim';
  }
}

/** A piece of a line in one style. */
export interface Segment {
  readonly text: string;
  readonly style?: Style | undefined;
}

/**
 * Joins segments into a line at most `width` characters wide, cut with `…`, so that a live view
 * line never wraps (a wrapped line would throw off how far up the next redraw moves). Counts code
 * points; wide (East Asian) characters are counted as one column, an accepted approximation.
 */
export function fit(segments: readonly Segment[], width: number, color: boolean): string {
  let room = Math.max(1, width);
  let line = '';
  for (const segment of segments) {
    const chars = Array.from(segment.text);
    if (chars.length > room) {
      line += paint(`${chars.slice(0, room - 1).join('')}…`, segment.style, color);
      return line;
    }
    line += paint(segment.text, segment.style, color);
    room -= chars.length;
  }
  return line;
}
