/**
 * The live view of `flow run` on a terminal, as lines: a header with the flow's counts and elapsed
 * time, then one line per step with a symbol, its state, its elapsed or final duration, what its
 * run is doing and its link. Taller than the terminal (a flow of 500 steps), it shows the steps
 * that run or failed and counts the others. Pure: the same records and clock give the same lines.
 */
import { formatDuration } from '../../duration.ts';
import { fit, styleOf, type Segment, type Style } from '../ansi.ts';
import { printable } from '../safe-text.ts';
import { isFinal, stateWord } from '../words.ts';
import type { StepRecord } from '../../flow/step-record.ts';
import type { StepResult } from '../../flow/scheduler.ts';

/** Every step's record, and when the first step started or ended (the flow's elapsed time). */
export interface FlowViewState {
  /** In file order. */
  readonly steps: readonly StepRecord[];
  readonly startedAt: number | null;
}

/** What a step's line shows: its result once it ended, else its phase. */
type ViewState = Exclude<StepRecord['phase'], 'ended'> | StepResult;

interface FlowViewOptions {
  /** The clock (ms), for elapsed times. */
  readonly now: number;
  readonly columns: number;
  /** The terminal's height: the view never takes more, so that a redraw never scrolls. */
  readonly rows: number;
  readonly color: boolean;
  /** Applied before a line is cut to width, so that a cut never leaves half a secret. */
  readonly redact: (text: string) => string;
  /** The flow file's name, for the header. */
  readonly title: string;
}

const SYMBOLS: Readonly<Record<ViewState, string>> = {
  waiting: '○',
  starting: '◌',
  running: '●',
  stopping: '⊘',
  succeeded: '✓',
  partiallySucceeded: '!',
  failed: '✗',
  timedOut: '✗',
  canceled: '⊘',
  interrupted: '!',
  skipped: '–',
  notRun: '–',
};

/** The longest step id column; longer ids are cut by the line's width anyway. */
const MAX_ID_WIDTH = 30;
/** Lines kept free below the view: the prompt's line, and room for the line being kept above. */
const SPARE_ROWS = 2;

export function renderFlowView(board: FlowViewState, options: FlowViewOptions): string[] {
  // One column short of the terminal: some terminals wrap when the last column is written.
  const width = Math.max(20, options.columns - 1);
  const line = (segments: readonly Segment[]): string =>
    fit(
      segments.map((segment) => ({ ...segment, text: options.redact(printable(segment.text)) })),
      width,
      options.color,
    );
  const room = Math.max(3, options.rows - SPARE_ROWS) - 1;
  const shown = chooseShown(board.steps, room);
  const idWidth = Math.min(
    MAX_ID_WIDTH,
    Math.max(0, ...shown.map((entry) => entry.step.id.length)),
  );
  const lines = [line(header(board, options))];
  for (const entry of shown) lines.push(line(stepSegments(entry, idWidth, options.now)));
  const hidden = board.steps.length - shown.length;
  if (hidden > 0) {
    const others = board.steps.filter((entry) => !shown.includes(entry));
    lines.push(line([{ text: `  … ${hidden} more: ${counts(others)}`, style: 'dim' }]));
  }
  return lines;
}

/**
 * Every step when they fit in `room` lines; else the ones worth watching (running, then failed)
 * in file order, with one line kept for the count of the others.
 */
function chooseShown(steps: readonly StepRecord[], room: number): StepRecord[] {
  if (steps.length <= room) return [...steps];
  const rank = (entry: StepRecord): number =>
    isActive(stateOf(entry)) ? 0 : isBad(stateOf(entry)) ? 1 : 2;
  const wanted = steps
    .map((entry, index) => ({ entry, index, rank: rank(entry) }))
    .filter((item) => item.rank < 2)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, room - 1);
  return wanted.sort((a, b) => a.index - b.index).map((item) => item.entry);
}

function header(board: FlowViewState, options: FlowViewOptions): Segment[] {
  const elapsed =
    board.startedAt === null ? '' : ` · ${formatDuration(options.now - board.startedAt)}`;
  return [
    { text: `flow ${options.title}`, style: 'bold' },
    { text: ` · ${counts(board.steps)}` },
    { text: elapsed, style: 'dim' },
  ];
}

/** `2 running, 3 succeeded, 1 failed`: in the order states are first met in the steps. */
function counts(steps: readonly StepRecord[]): string {
  const tally = new Map<string, number>();
  for (const entry of steps) {
    const word = stateText(entry);
    tally.set(word, (tally.get(word) ?? 0) + 1);
  }
  return [...tally].map(([word, count]) => `${count} ${word}`).join(', ');
}

function stepSegments(entry: StepRecord, idWidth: number, now: number): Segment[] {
  const style = styleFor(entry);
  const duration =
    entry.startedAt === null ? '' : formatDuration((entry.finishedAt ?? now) - entry.startedAt);
  const state = stateOf(entry);
  const doing = isActive(state) ? activity(entry) : '';
  const url = entry.url ?? entry.handle?.url ?? null;
  return [
    { text: `  ${SYMBOLS[state]} `, style },
    { text: `${entry.step.id.padEnd(idWidth)}  ` },
    { text: stateText(entry), style },
    { text: duration ? `  ${duration}` : '', style: 'dim' },
    { text: doing ? `  ${doing}` : '' },
    { text: url ? `  ${url}` : '', style: 'dim' },
  ];
}

/** What a running step's run is doing: its stages that started and did not end. */
function activity(entry: StepRecord): string {
  return [...entry.stages.values()]
    .filter((stage) => stage.state !== 'notStarted' && !isFinal(stage.state))
    .map((stage) => `${stage.name}: ${stateWord(stage.state)}`)
    .join(', ');
}

/** A running step one of whose stages waits for a person says so, in place of `running`. */
function stateText(entry: StepRecord): string {
  const state = stateOf(entry);
  if (state === 'waiting') return 'waiting';
  if (state === 'starting') return 'starting';
  if (state === 'stopping') return 'stopping';
  if (state === 'running' && waitsForApproval(entry)) return 'waiting for approval';
  return stateWord(state);
}

function styleFor(entry: StepRecord): Style | undefined {
  const state = stateOf(entry);
  if (state === 'waiting') return 'dim';
  if (state === 'starting') return 'cyan';
  if (state === 'stopping') return 'yellow';
  if (state === 'running') return waitsForApproval(entry) ? 'yellow' : 'cyan';
  return styleOf(state);
}

function stateOf(entry: StepRecord): ViewState {
  return entry.phase === 'ended' ? (entry.result ?? 'notRun') : entry.phase;
}

function waitsForApproval(entry: StepRecord): boolean {
  return [...entry.stages.values()].some((stage) => stage.state === 'waitingForApproval');
}

function isActive(state: ViewState): boolean {
  return state === 'starting' || state === 'running' || state === 'stopping';
}

function isBad(state: ViewState): boolean {
  return (
    state === 'failed' ||
    state === 'timedOut' ||
    state === 'canceled' ||
    state === 'interrupted' ||
    state === 'partiallySucceeded'
  );
}
