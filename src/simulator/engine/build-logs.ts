import type { PlannedRecord } from './build-plan.ts';

/** What a task's log shows at one moment. */
interface TaskLogProgress {
  /** How many lines exist. */
  readonly lineCount: number;
  /** When the last of them was written. */
  readonly lastChangedOn: number;
}

/**
 * The line the agent writes when a running task is cancelled (docs/design/azure-devops.md §10.2).
 */
export const CANCELED_LINE = '##[error]The operation was canceled.';

/**
 * The lines of a task's log at `now`: the agent's `##[section]Starting:` line, the script's lines
 * (revealed in proportion to the time the task has run), then `##[section]Finishing:` once it
 * ends. A task cut short by a cancel shows the lines written so far and the agent's cancel line.
 * Returns `null` when the task has not started, so it has no log yet.
 */
export function taskLogLines(record: Readonly<PlannedRecord>, now: number): string[] | null {
  const task = record.task;
  const progress = revealed(record, now);
  if (!task || !progress) return null;
  const lines = [`##[section]Starting: ${task.name}`, ...task.log.slice(0, progress.body)];
  if (progress.ended) {
    if (record.cut === 'cancel') lines.push(CANCELED_LINE);
    lines.push(`##[section]Finishing: ${task.name}`);
  }
  return lines;
}

/** Line count and last write time of a task's log at `now`, without building the lines. */
export function taskLogProgress(
  record: Readonly<PlannedRecord>,
  now: number,
): TaskLogProgress | null {
  const progress = revealed(record, now);
  if (!progress) return null;
  const extra = progress.ended ? (record.cut === 'cancel' ? 2 : 1) : 0;
  return { lineCount: 1 + progress.body + extra, lastChangedOn: progress.lastChangedOn };
}

function revealed(
  record: Readonly<PlannedRecord>,
  now: number,
): { body: number; ended: boolean; lastChangedOn: number } | null {
  const task = record.task;
  const start = record.start?.at;
  if (!task || start === undefined || start > now) return null;
  const total = task.log.length;
  const ended = record.finish.at <= now;
  if (ended && record.cut === null) return { body: total, ended, lastChangedOn: record.finish.at };
  // Running, or cut short: the share of the script's lines its running time has produced.
  const until = ended ? record.finish.at : now;
  const elapsed = until - start;
  const body =
    task.durationMs > 0 ? Math.min(total, Math.floor((total * elapsed) / task.durationMs)) : total;
  const lastBodyLineAt =
    body > 0 && total > 0 ? start + Math.ceil((body * task.durationMs) / total) : start;
  return { body, ended, lastChangedOn: ended ? record.finish.at : lastBodyLineAt };
}
