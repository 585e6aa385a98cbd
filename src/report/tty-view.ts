/**
 * The live view of the tty reporter, as lines: a header with the run and its elapsed time, one
 * line per stage with a symbol, its state and duration, and under a stage that waits for an
 * approval who can approve it and where. Pure: the same state and clock give the same lines.
 */
import type { ApprovalView, RunStatus, StageState, StageView } from '../follow/snapshot.ts';
import { formatDuration } from '../duration.ts';
import type { Handle } from '../target.ts';
import { fit, styleOf, type Segment } from './ansi.ts';
import { approvalWords } from './narrator.ts';
import { printable } from './safe-text.ts';
import { describeHandle, durationBetween, isFinal, stateWord } from './words.ts';

export interface LiveState {
  handle?: Handle;
  status?: RunStatus;
  /** When aztm triggered or attached: the header's elapsed time counts from it. */
  startedAt?: string;
  /** By stage id, in the order first seen (the run's order). */
  readonly stages: Map<string, StageView>;
  /** Pending approvals by stage name, from `approvalPending` events. */
  readonly approvals: Map<string, ApprovalView>;
  /** What aztm is doing to stop, once interrupted or timed out. */
  stopping?: string;
}

interface ViewOptions {
  readonly now: Date;
  readonly columns: number;
  readonly color: boolean;
  /** Applied before a line is cut to width, so that a cut never leaves half a secret. */
  readonly redact: (text: string) => string;
}

const SYMBOLS: Readonly<Record<StageState, string>> = {
  succeeded: '✓',
  failed: '✗',
  timedOut: '✗',
  rejected: '✗',
  partiallySucceeded: '!',
  canceled: '⊘',
  cancelling: '⊘',
  running: '●',
  waitingForApproval: '◷',
  waitingForChecks: '◷',
  scheduled: '◷',
  queued: '○',
  notStarted: '○',
  skipped: '–',
  notDeployed: '–',
  notRun: '–',
};

/** The longest stage name column; longer names are cut by the line's width anyway. */
const MAX_NAME_WIDTH = 30;

export function renderLiveView(state: LiveState, options: ViewOptions): string[] {
  // One column short of the terminal: some terminals wrap when the last column is written.
  const width = Math.max(20, options.columns - 1);
  const line = (segments: Segment[]): string =>
    fit(
      segments.map((segment) => ({ ...segment, text: options.redact(printable(segment.text)) })),
      width,
      options.color,
    );
  const lines = [line(header(state, options.now))];
  const stages = [...state.stages.values()];
  const nameWidth = Math.min(MAX_NAME_WIDTH, Math.max(0, ...stages.map((s) => s.name.length)));
  for (const stage of stages) {
    lines.push(line(stageSegments(stage, nameWidth, options.now)));
    const approval =
      stage.state === 'waitingForApproval'
        ? (state.approvals.get(stage.name) ?? stage.approval)
        : undefined;
    if (approval) {
      lines.push(
        line([{ text: `    ${approvalWords(approval)} — ${approval.url}`, style: 'yellow' }]),
      );
    }
  }
  if (state.stopping) lines.push(line([{ text: state.stopping, style: 'yellow' }]));
  return lines;
}

function header(state: LiveState, now: Date): Segment[] {
  if (!state.handle) return [{ text: 'starting…', style: 'dim' }];
  const elapsed = state.startedAt ? now.getTime() - Date.parse(state.startedAt) : Number.NaN;
  // Until the first status read, say nothing rather than guess.
  const status = state.status === 'completed' ? 'finishing' : state.status;
  return [
    { text: describeHandle(state.handle), style: 'bold' },
    { text: status ? ` · ${status}` : '' },
    { text: Number.isNaN(elapsed) ? '' : ` · ${formatDuration(elapsed)}`, style: 'dim' },
  ];
}

function stageSegments(stage: StageView, nameWidth: number, now: Date): Segment[] {
  const style = styleOf(stage.state);
  const duration = isFinal(stage.state)
    ? durationBetween(stage.startedAt, stage.finishedAt)
    : stage.state === 'running' || stage.state === 'cancelling'
      ? durationBetween(stage.startedAt, now.toISOString())
      : undefined;
  const running = stage.jobs.filter((job) => job.state === 'running').map((job) => job.name);
  return [
    { text: `  ${SYMBOLS[stage.state]} `, style },
    { text: `${stage.name.padEnd(nameWidth)}  ` },
    { text: stateWord(stage.state), style },
    { text: duration ? `  ${duration}` : '', style: 'dim' },
    { text: running.length > 0 ? `  ${running.join(', ')}` : '', style: 'dim' },
  ];
}
