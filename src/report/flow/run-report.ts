/**
 * What `flow run` prints: one plain line per step change, a summary table at the end, and the
 * `--json` flow object (docs/design/cli-contract.md, "The --json result").
 */
import { formatDuration } from '../../duration.ts';
import { flowResultOf } from '../../flow/scheduler.ts';
import type { EndedRecord, FlowRun } from '../../flow/step-record.ts';

/** The end of a step as its line says it: `failed (15s)`, `skipped (condition … is false)`. */
export function endChange(record: EndedRecord, reason?: string): string {
  if (reason !== undefined) return `${record.result} (${reason})`;
  const took = duration(record);
  const issues =
    record.step.continueOnError && record.result === 'failed' ? ', continue on error' : '';
  return `${record.result} (${took}${issues})`;
}

/** Columns step, result, duration, URL; `-` where a step never ran. */
export function summaryTable(run: FlowRun): string {
  const rows = [
    ['STEP', 'RESULT', 'DURATION', 'URL'],
    ...run.steps.map((record) => [
      record.step.id,
      record.result,
      record.startedAt === null ? '-' : duration(record),
      record.url ?? '-',
    ]),
  ];
  const widths = [0, 1, 2].map((column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  const lines = rows.map((row) =>
    row
      .map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell))
      .join('  ')
      .trimEnd(),
  );
  lines.push(`flow ${run.interrupted ? 'interrupted' : run.result}`);
  return `${lines.join('\n')}\n`;
}

/** The `--json` object: kind flow, the flow's result and each step's id, result and URL. */
export function flowJson(run: FlowRun, startedAt: Date, finishedAt: Date): string {
  return `${JSON.stringify({
    kind: 'flow',
    result: flowResultOf(run),
    steps: run.steps.map((record) => ({
      id: record.step.id,
      result: record.result,
      url: record.url,
    })),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
  })}\n`;
}

function duration(record: EndedRecord): string {
  if (record.startedAt === null || record.finishedAt === null) return '-';
  return formatDuration(record.finishedAt - record.startedAt);
}
