import { describe, expect, it } from 'vitest';
import { FlowLog } from '../../../src/report/flow/flow-log.ts';
import { parseFlow } from '../../../src/flow/parse.ts';
import { StepRecords } from '../../../src/flow/step-record.ts';
import {
  MemoryStream,
  RUN_URL,
  approvalPending,
  at,
  failures,
  stage,
  testFailure,
  triggered,
} from '../fixtures.ts';

const FLOW = parseFlow(
  ['project: DevOps', 'steps:', '  - { id: gateway, pipeline: { pipelineId: 42 } }'].join('\n'),
  'flow.yaml',
);
const [GATEWAY] = FLOW.steps;
if (!GATEWAY) throw new Error('no step');

function log(options: { scope: 'all' | 'steps'; groupFailures?: boolean }): {
  flowLog: FlowLog;
  records: StepRecords;
  sink: MemoryStream;
} {
  const sink = new MemoryStream();
  const flowLog = new FlowLog({
    sink,
    color: false,
    now: () => new Date(at('07:40:00')),
    scope: options.scope,
    groupFailures: options.groupFailures ?? false,
  });
  // The records runFlow keeps, telling the log every change.
  const records = new StepRecords(FLOW.steps, (change) => flowLog.onStep(change));
  return { flowLog, records, sink };
}

describe('flow run: the plain log', () => {
  it('names the step on every line: its own changes and what its run does', () => {
    const { flowLog, records, sink } = log({ scope: 'all' });
    records.onScheduler({ type: 'started', step: GATEWAY });
    records.onRun(GATEWAY, triggered('07:40:01'));
    records.onRun(GATEWAY, stage('07:40:05', 'Build', 'running', { startedAt: at('07:40:05') }));
    flowLog.note('gateway', 'following again (--state)');
    expect(sink.lines).toEqual([
      '07:40:00 step gateway: starting',
      `07:40:01 step gateway: running — ${RUN_URL}`,
      '07:40:05 step gateway › stage Build: running',
      '07:40:00 step gateway: following again (--state)',
    ]);
  });

  it('prints a failed step’s failing task with its issues and log, under the step’s name', () => {
    const { records, sink } = log({ scope: 'all' });
    records.onRun(GATEWAY, failures('07:41:00', [testFailure]));
    expect(sink.lines.slice(0, 3)).toEqual([
      '07:41:00 step gateway › Build › Compile › Run tests: failed',
      '           - 3 tests failed',
      '           - Bash exited with code 1.',
    ]);
    // A log line that tries to complete our task is made inert.
    expect(sink.text).not.toContain('##vso[task.complete');
  });

  it('inside Azure Pipelines folds the failure detail into a group', () => {
    const { records, sink } = log({ scope: 'all', groupFailures: true });
    records.onRun(GATEWAY, failures('07:41:00', [testFailure]));
    expect(sink.lines[0]).toBe('##[group]step gateway › Build › Compile › Run tests: failed');
    expect(sink.lines.at(-1)).toBe('##[endgroup]');
    expect(sink.lines).toContain('- 3 tests failed');
  });

  it('above the live view keeps approvals and failures, not every stage change', () => {
    const { records, sink } = log({ scope: 'steps' });
    records.onScheduler({ type: 'started', step: GATEWAY });
    records.onRun(GATEWAY, stage('07:40:05', 'Build', 'running'));
    records.onRun(GATEWAY, approvalPending('07:40:06', 'Production'));
    expect(sink.lines).toHaveLength(1);
    expect(sink.lines[0]).toMatch(
      /^07:40:06 step gateway › stage Production: waiting for approval by Release Managers/,
    );
  });
});
