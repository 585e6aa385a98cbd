/**
 * `flow run --summary FILE`: the run as a Markdown report, for a pull request, a wiki or the
 * Azure Pipelines run summary (`task.uploadsummary`): the overall result and times, a table of
 * every step, the failure detail of the steps that failed, and the flow's graph (the one
 * `flow export --to mermaid` draws) with each node coloured by its result. Pure: the caller
 * redacts and writes it.
 */
import { formatDuration } from '../../duration.ts';
import { failureBody, failureTitle } from '../summary.ts';
import { markdownCell, printable } from '../safe-text.ts';
import { handleNoun, stateWord } from '../words.ts';
import { exportMermaid } from '../../flow/export-mermaid.ts';
import { identifierOf, stepIdentifiers } from '../../flow/export-names.ts';
import type { Flow } from '../../flow/model.ts';
import { flowResultOf, type StepResult } from '../../flow/scheduler.ts';
import type { EndedRecord, FlowRun } from '../../flow/step-record.ts';

export interface SummaryInput {
  readonly flow: Flow;
  /** What the report is titled after: the flow file's name. */
  readonly title: string;
  /** Every step's record: what it triggered, its failures and error, its end and times. */
  readonly run: FlowRun;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /**
   * How the graph is fenced: Azure DevOps renders Mermaid in `::: mermaid` blocks; GitHub and
   * most editors in ```` ```mermaid ```` blocks.
   */
  readonly mermaidFence: 'colons' | 'backticks';
}

/** Node colours by result: green, amber, red, grey-red for stopped, grey for never run. */
const CLASS_STYLES: Readonly<Record<StepResult, string>> = {
  succeeded: 'fill:#d3f3dc,stroke:#1a7f37,color:#0a3622',
  partiallySucceeded: 'fill:#fff1c2,stroke:#9a6700,color:#4d3300',
  failed: 'fill:#ffd8d3,stroke:#cf222e,color:#5c0a0f',
  canceled: 'fill:#ead9d9,stroke:#8c5f5f,color:#3d2424',
  timedOut: 'fill:#ead9d9,stroke:#8c5f5f,color:#3d2424',
  interrupted: 'fill:#fff1c2,stroke:#9a6700,color:#4d3300,stroke-dasharray:4 2',
  skipped: 'fill:#eaeef2,stroke:#8c959f,color:#424a53',
  notRun: 'fill:#eaeef2,stroke:#8c959f,color:#424a53,stroke-dasharray:4 2',
};

export function summaryMarkdown(input: SummaryInput): string {
  const { run } = input;
  const result = flowResultOf(run);
  const sections = [
    `# aztm flow ${markdownCell(input.title)}: ${stateWord(result)}`,
    overview(input, result),
    `## Steps\n\n${stepsTable(input)}`,
    failuresSection(input),
    `## Graph\n\n${graph(input)}`,
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

function overview(input: SummaryInput, result: StepResult): string {
  const counts = new Map<StepResult, number>();
  for (const record of input.run.steps) {
    counts.set(record.result, (counts.get(record.result) ?? 0) + 1);
  }
  const steps = [...counts].map(([name, count]) => `${count} ${stateWord(name)}`).join(', ');
  const note = input.run.interrupted ? ' (interrupted)' : '';
  return [
    `- **Result:** ${stateWord(result)}${note}`,
    `- **Steps:** ${steps}`,
    `- **Started:** ${input.startedAt.toISOString()}`,
    `- **Finished:** ${input.finishedAt.toISOString()}`,
    `- **Duration:** ${formatDuration(input.finishedAt.getTime() - input.startedAt.getTime())}`,
  ].join('\n');
}

function stepsTable(input: SummaryInput): string {
  const rows = input.run.steps.map((record) => {
    const { handle } = record;
    const link =
      record.url === null
        ? '-'
        : `[${markdownCell(handle ? handleNoun(handle) : 'open')}](${href(record.url)})`;
    const issues =
      record.step.continueOnError && record.result === 'failed' ? ' (continue on error)' : '';
    return `| \`${record.step.id}\` | ${markdownCell(record.step.displayName)} | ${stateWord(record.result)}${issues} | ${duration(record)} | ${link} |`;
  });
  return [
    '| step | name | result | duration | link |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** Per step that has any: its error, then each failing stage, job or task with its log tail. */
function failuresSection(input: SummaryInput): string {
  const blocks: string[] = [];
  for (const record of input.run.steps) {
    const id = record.step.id;
    const { error, failures: details } = record;
    if (error === null && details.length === 0) continue;
    const lines = [
      ...(error === null ? [] : [`error: ${error}`]),
      ...details.flatMap((detail) => [failureTitle(detail), ...failureBody(detail)]),
    ].map(printable);
    const fence = fenceFor(lines);
    const heading = `### \`${id}\` ${markdownCell(record.step.displayName)}: ${stateWord(record.result)}`;
    blocks.push(`${heading}\n\n${fence}text\n${lines.join('\n')}\n${fence}`);
  }
  return blocks.length === 0 ? '' : `## Failures\n\n${blocks.join('\n\n')}`;
}

/** The flow's graph, each node labelled with its result and duration and styled by result. */
function graph(input: SummaryInput): string {
  const records = new Map(input.run.steps.map((record) => [record.step.id, record]));
  const body = exportMermaid(input.flow, {
    label: (step) => {
      const record = records.get(step.id);
      const name = step.displayName.replace(/</g, '#lt;').replace(/>/g, '#gt;');
      if (!record) return name;
      const took = record.startedAt === null ? '' : ` · ${duration(record)}`;
      return `${name}<br/>${stateWord(record.result)}${took}`;
    },
  }).trimEnd();
  const names = stepIdentifiers(input.flow.steps);
  const byResult = new Map<StepResult, string[]>();
  for (const record of input.run.steps) {
    const nodes = byResult.get(record.result) ?? [];
    nodes.push(identifierOf(names, record.step.id));
    byResult.set(record.result, nodes);
  }
  const styles = [...byResult].flatMap(([result, nodes]) => [
    `  classDef ${result} ${CLASS_STYLES[result]}`,
    `  class ${nodes.join(',')} ${result}`,
  ]);
  const text = [body, ...styles].join('\n');
  return input.mermaidFence === 'colons'
    ? `::: mermaid\n${text}\n:::`
    : `\`\`\`mermaid\n${text}\n\`\`\``;
}

function duration(record: EndedRecord): string {
  if (record.startedAt === null || record.finishedAt === null) return '-';
  return formatDuration(record.finishedAt - record.startedAt);
}

/** A URL as a Markdown link target: spaces and parentheses would end it early. */
function href(url: string): string {
  return url.replace(/ /g, '%20').replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** A code fence longer than any run of backticks in the lines, so that none can close it. */
function fenceFor(lines: readonly string[]): string {
  const longest = Math.max(
    0,
    ...lines.flatMap((line) => line.match(/`+/g) ?? []).map((run) => run.length),
  );
  return '`'.repeat(Math.max(3, longest + 1));
}
