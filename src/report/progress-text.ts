/**
 * The layout of progress lines: `07:31:10 stage Build: running`, continuation lines indented under
 * the text. Every line is made printable and inert (`safeLine`) before colour is added.
 */
import type { FailureDetail, StageView } from '../follow/snapshot.ts';
import type { Outcome } from '../outcome.ts';
import { paint, styleOf, type Style } from './ansi.ts';
import { safeLine } from './safe-text.ts';
import { failureBody, failureTitle, summaryLines } from './summary.ts';
import { clockTime } from './words.ts';

/** As wide as `07:31:10 `, so that continuation lines line up with the text above them. */
const INDENT = ' '.repeat(9);

/**
 * `lines` told at `at` as text: the first line after the time, the others indented under it.
 * `style` colours the first line's text.
 */
export function progressText(
  at: string,
  lines: readonly string[],
  color: boolean,
  style?: Style,
): string {
  return lines
    .map((line, index) =>
      index === 0
        ? `${clockTime(at)} ${paint(safeLine(line), style, color)}\n`
        : `${INDENT}${safeLine(line)}\n`,
    )
    .join('');
}

/** The failure detail: per failure, its title, issues and log tail. */
export function failuresText(
  at: string,
  details: readonly FailureDetail[],
  color: boolean,
): string {
  return details
    .map((detail) =>
      progressText(
        at,
        [failureTitle(detail), ...failureBody(detail).map((line) => `  ${line}`)],
        color,
        'red',
      ),
    )
    .join('');
}

/** The summary: `finished: succeeded in 2m 05s`, then one aligned row per stage. */
export function summaryText(
  at: string,
  outcome: Outcome,
  stages: ReadonlyMap<string, StageView>,
  allowPartial: boolean,
  color: boolean,
): string {
  const { headline, rows } = summaryLines(outcome, stages, allowPartial);
  return progressText(at, [headline, ...rows], color, styleOf(outcome.result));
}
