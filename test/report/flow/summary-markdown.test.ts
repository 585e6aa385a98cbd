import { describe, expect, it } from 'vitest';
import type { FailureDetail } from '../../../src/follow/snapshot.ts';
import type { Flow } from '../../../src/flow/model.ts';
import { parseFlow } from '../../../src/flow/parse.ts';
import type { StepResult } from '../../../src/flow/scheduler.ts';
import {
  waitingRecord,
  type EndedRecord,
  type FlowRun,
  type StepRecord,
} from '../../../src/flow/step-record.ts';
import { summaryMarkdown, type SummaryInput } from '../../../src/report/flow/summary-markdown.ts';
import type { Handle } from '../../../src/target.ts';

const FLOW: Flow = parseFlow(
  [
    'project: DevOps',
    'steps:',
    '  - { id: scan, displayName: "Scan | pre-prod", release: { releaseId: 13 } }',
    '  - { id: deploy-gateway, dependsOn: scan, pipeline: { pipelineId: 42 } }',
    '  - { id: please-fail, dependsOn: scan, pipeline: { pipeline: Please Fail } }',
    '  - { id: smoke, dependsOn: deploy-gateway, pipeline: { pipelineId: 48 }, allowPartial: true }',
    '  - id: notify',
    '    dependsOn: [please-fail]',
    '    condition: failed()',
    '    pipeline: { pipeline: notify }',
    '  - { id: after, dependsOn: please-fail, pipeline: { pipelineId: 45 } }',
    '  - { id: late, dependsOn: smoke, pipeline: { pipelineId: 46 } }',
  ].join('\n'),
  'release.yaml',
);

const T0 = Date.parse('2026-11-26T07:30:00Z');
const URL_BASE = 'https://dev.azure.com/contoso/DevOps/_build/results?buildId=';

function record(
  id: string,
  result: StepResult,
  times: [number, number] | null,
  url: string | null,
  known: Partial<StepRecord> = {},
): EndedRecord {
  const step = FLOW.steps.find((candidate) => candidate.id === id);
  if (!step) throw new Error(id);
  return {
    ...waitingRecord(step),
    ...known,
    phase: 'ended',
    result,
    url,
    startedAt: times ? T0 + times[0] * 1000 : null,
    finishedAt: times ? T0 + times[1] * 1000 : null,
  };
}

const FAILURE: FailureDetail = {
  path: ['Build', 'Job', 'Run script'],
  result: 'failed',
  issues: ["Bash exited with code '1'."],
  logTail: ['exit(1)', 'a ``` fence in a log line'],
};

const HANDLE: Handle = {
  kind: 'pipeline',
  project: 'DevOps',
  id: 3,
  url: `${URL_BASE}3`,
  definitionName: 'Please Fail',
};

const RUN: FlowRun = {
  result: 'failed',
  interrupted: false,
  steps: [
    record('scan', 'succeeded', [0, 62], `${URL_BASE}1`),
    record('deploy-gateway', 'canceled', [62, 70], `${URL_BASE}2`, { error: 'lost access: 401' }),
    record('please-fail', 'failed', [62, 77], `${URL_BASE}3`, {
      handle: HANDLE,
      failures: [FAILURE],
    }),
    record('smoke', 'partiallySucceeded', [70, 80], `${URL_BASE}4`),
    record('notify', 'timedOut', [77, 90], `${URL_BASE}5`),
    record('after', 'skipped', null, null),
    record('late', 'notRun', null, null),
  ],
};

function input(extra: Partial<SummaryInput> = {}): SummaryInput {
  return {
    flow: FLOW,
    title: 'release.yaml',
    run: RUN,
    startedAt: new Date(T0),
    finishedAt: new Date(T0 + 95_000),
    mermaidFence: 'backticks',
    ...extra,
  };
}

/** The lines of the fenced block that starts with `opening`. */
function block(markdown: string, opening: string, closing: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(opening);
  const end = lines.indexOf(closing, start + 1);
  expect(start, `a block opened by ${opening}`).toBeGreaterThanOrEqual(0);
  return lines.slice(start + 1, end);
}

describe('the --summary Markdown report', () => {
  it('titles the report with the file and the overall result, and gives the times', () => {
    const markdown = summaryMarkdown(input());
    expect(markdown.split('\n')[0]).toBe('# aztm flow release.yaml: failed');
    expect(markdown).toContain('- **Started:** 2026-11-26T07:30:00.000Z\n');
    expect(markdown).toContain('- **Finished:** 2026-11-26T07:31:35.000Z\n');
    expect(markdown).toContain('- **Duration:** 1m 35s\n');
  });

  it('says canceled when the flow was interrupted', () => {
    const markdown = summaryMarkdown(input({ run: { ...RUN, interrupted: true } }));
    expect(markdown.split('\n')[0]).toBe('# aztm flow release.yaml: canceled');
    expect(markdown).toContain('- **Result:** canceled (interrupted)\n');
  });

  it('has one table row per step with its result, duration and link', () => {
    const rows = summaryMarkdown(input())
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    expect(rows).toEqual([
      `| \`scan\` | Scan \\| pre-prod | succeeded | 1m 02s | [open](${URL_BASE}1) |`,
      `| \`deploy-gateway\` | deploy-gateway | canceled | 8s | [open](${URL_BASE}2) |`,
      `| \`please-fail\` | please-fail | failed | 15s | [pipeline run 3](${URL_BASE}3) |`,
      `| \`smoke\` | smoke | partially succeeded | 10s | [open](${URL_BASE}4) |`,
      `| \`notify\` | notify | timed out | 13s | [open](${URL_BASE}5) |`,
      '| `after` | after | skipped | - | - |',
      '| `late` | late | not run | - | - |',
    ]);
  });

  it('gives the failure detail of failed steps in a fence no log line can close', () => {
    const markdown = summaryMarkdown(input());
    expect(markdown).toContain('### `please-fail` please-fail: failed\n');
    expect(block(markdown, '````text', '````')).toEqual([
      'Build › Job › Run script: failed',
      "- Bash exited with code '1'.",
      'last 2 log lines:',
      '  exit(1)',
      '  a ``` fence in a log line',
    ]);
    expect(markdown).toContain('### `deploy-gateway` deploy-gateway: canceled\n');
    expect(block(markdown, '```text', '```')).toEqual(['error: lost access: 401']);
  });

  it('has no failures section when nothing failed with a detail', () => {
    const steps = RUN.steps.map((step) => ({ ...step, failures: [], error: null }));
    const markdown = summaryMarkdown(input({ run: { ...RUN, steps } }));
    expect(markdown).not.toContain('## Failures');
  });

  it('draws the graph with each node labelled and styled by its result', () => {
    const graph = block(summaryMarkdown(input()), '```mermaid', '```');
    expect(graph[0]).toBe('graph TD');
    expect(graph).toContain('  scan["Scan | pre-prod<br/>succeeded · 1m 02s"]');
    expect(graph).toContain('  after["after<br/>skipped"]');
    expect(graph).toContain('  please_fail -.->|"failed()"| notify');
    const classOf = new Map(
      graph
        .filter((line) => line.startsWith('  class '))
        .flatMap((line) => {
          const [, nodes = '', name = ''] = line.trim().split(' ');
          return nodes.split(',').map((node) => [node, name] as const);
        }),
    );
    expect(Object.fromEntries(classOf)).toEqual({
      scan: 'succeeded',
      deploy_gateway: 'canceled',
      please_fail: 'failed',
      smoke: 'partiallySucceeded',
      notify: 'timedOut',
      after: 'skipped',
      late: 'notRun',
    });
    const fills = new Map(
      graph
        .filter((line) => line.startsWith('  classDef '))
        .map((line) => {
          const [, name = '', style = ''] = line.trim().split(' ');
          return [name, /fill:(#[0-9a-f]{6})/.exec(style)?.[1]] as const;
        }),
    );
    expect(fills.get('succeeded')).toBe('#d3f3dc');
    expect(fills.get('failed')).toBe('#ffd8d3');
    expect(fills.get('partiallySucceeded')).toBe('#fff1c2');
    expect(fills.get('canceled')).toBe(fills.get('timedOut'));
    expect(fills.get('skipped')).toBe(fills.get('notRun'));
    expect(new Set(fills.values()).size).toBe(5);
  });

  it('fences the graph the Azure DevOps way for the run summary', () => {
    const markdown = summaryMarkdown(input({ mermaidFence: 'colons' }));
    expect(block(markdown, '::: mermaid', ':::')[0]).toBe('graph TD');
    expect(markdown).not.toContain('```mermaid');
  });

  it('keeps names from the file from breaking the table or the graph', () => {
    const flow = parseFlow(
      [
        'project: DevOps',
        'steps:',
        '  - { id: x, displayName: "<b>bold</b> \\"quoted\\"", pipeline: { pipelineId: 1 } }',
      ].join('\n'),
      'x.yaml',
    );
    const [step] = flow.steps;
    if (!step) throw new Error('no step');
    const markdown = summaryMarkdown(
      input({
        flow,
        run: {
          result: 'succeeded',
          interrupted: false,
          steps: [
            {
              ...waitingRecord(step),
              phase: 'ended',
              result: 'succeeded',
              startedAt: T0,
              finishedAt: T0 + 1,
            },
          ],
        },
      }),
    );
    expect(markdown).toContain('| `x` | &lt;b>bold&lt;/b> "quoted" | succeeded |');
    expect(markdown).toContain(
      '  x["#lt;b#gt;bold#lt;/b#gt; #quot;quoted#quot;<br/>succeeded · 0.0s"]',
    );
  });
});
