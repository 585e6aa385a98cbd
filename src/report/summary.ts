/**
 * The end of a report: the failure detail (what failed, its issues, the last lines of its log),
 * the summary table and the one result line. Shared by every human-readable reporter.
 */
import type { FailureDetail, StageView } from '../follow/snapshot.ts';
import type { Outcome } from '../outcome.ts';
import { printable } from './safe-text.ts';
import { durationBetween, shortHandle, stateWord, took } from './words.ts';

/** `Build › Compile › Run tests`. */
function failurePath(detail: FailureDetail): string {
  return detail.path.join(' › ');
}

/** `Build › Compile › Run tests: failed`: the first line of a failure's detail. */
export function failureTitle(detail: FailureDetail): string {
  return `${failurePath(detail)}: ${stateWord(detail.result)}`;
}

/**
 * The body of a failure's detail: its issues, then its log tail, indented. Lines are raw: the
 * writers make every line printable and inert (`safeLine`).
 */
export function failureBody(detail: FailureDetail): string[] {
  const lines = detail.issues.map((issue) => `- ${issue}`);
  if (detail.logTail.length > 0) {
    const count = detail.logTail.length;
    lines.push(`last ${count} log line${count === 1 ? '' : 's'}:`);
    for (const line of detail.logTail) lines.push(`  ${line}`);
  }
  return lines;
}

/** A one-line issue for `task.logissue`: the path and the first issue. */
export function failureIssue(detail: FailureDetail): string {
  const first = detail.issues[0];
  const text = `${failurePath(detail)} ${stateWord(detail.result)}${first ? `: ${first}` : ''}`;
  return printable(text);
}

/**
 * The summary: a headline and one aligned row per stage, with its duration or its reason.
 * `stages` holds the last view of each stage seen in events, by name.
 */
export function summaryLines(
  outcome: Outcome,
  stages: ReadonlyMap<string, StageView>,
  allowPartial: boolean,
): { headline: string; rows: string[] } {
  const duration = durationBetween(outcome.startedAt, outcome.finishedAt);
  const headline = `finished: ${stateWord(outcome.result)}${took(outcome.result, duration)}${partialNote(outcome, allowPartial)}${leftRunningNote(outcome)}`;
  const nameWidth = Math.max(0, ...outcome.stages.map((stage) => stage.name.length));
  const wordWidth = Math.max(0, ...outcome.stages.map((stage) => stateWord(stage.result).length));
  const rows = outcome.stages.map((stage) => {
    const view = stages.get(stage.name);
    const extra = view?.reason
      ? `(${view.reason})`
      : (durationBetween(view?.startedAt, view?.finishedAt) ?? '');
    const row = `${stage.name.padEnd(nameWidth)}  ${stateWord(stage.result).padEnd(wordWidth)}  ${extra}`;
    return row.trimEnd();
  });
  return { headline, rows };
}

/**
 * For a run aztm stopped following without canceling it (the cancel failed, or `leave`): how it
 * was last seen, and where it may still be running.
 */
function leftRunningNote(outcome: Outcome): string {
  const { stopped } = outcome;
  if (!stopped || stopped.canceled || stopped.lastSeen === 'completed') return '';
  const seen = stopped.lastSeen === null ? 'never read' : `last seen ${stopped.lastSeen}`;
  return ` (${seen}; it may still be running: ${outcome.handle.url})`;
}

function partialNote(outcome: Outcome, allowPartial: boolean): string {
  if (outcome.result !== 'partiallySucceeded') return '';
  return allowPartial
    ? ' (accepted: --allow-partial)'
    : ' (counts as failed; --allow-partial accepts it)';
}

/** `succeeded: pipeline run 1000 (infra\deploy-gateway) in 2m 05s <url>`: the line on stdout. */
export function resultLine(outcome: Outcome): string {
  const { result, handle } = outcome;
  const duration = took(result, durationBetween(outcome.startedAt, outcome.finishedAt));
  return `${stateWord(result)}: ${shortHandle(handle)}${duration} ${handle.url}`;
}
