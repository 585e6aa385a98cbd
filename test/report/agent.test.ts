import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/redact.ts';
import {
  RUN_URL,
  approvalThenInterrupt,
  finished,
  pipelineFailure,
  pipelinePartial,
  pipelineSuccess,
  releaseTimedOut,
  stage,
} from './fixtures.ts';
import { report } from './harness.ts';

const RUN_ID = '##vso[task.setvariable variable=runId;isOutput=true]1000';
const RUN_URL_VARIABLE = `##vso[task.setvariable variable=runUrl;isOutput=true]${RUN_URL}`;

function result(value: string): string {
  return `##vso[task.setvariable variable=result;isOutput=true]${value}`;
}

describe('agent reporter', () => {
  it('masks every secret before anything else, then sets the output variables', () => {
    const redactor = new Redactor();
    redactor.add('first-secret');
    redactor.add('x;y]z');
    const { stdout } = report(pipelineSuccess, { mode: 'agent', redactor });
    expect(stdout.lines).toEqual([
      '##vso[task.setsecret]first-secret',
      '##vso[task.setsecret]x%3By%5Dz',
      RUN_ID,
      RUN_URL_VARIABLE,
      result('succeeded'),
      `succeeded: pipeline run 1000 (infra\\deploy-gateway) in 2m 05s ${RUN_URL}`,
    ]);
  });

  it('writes the plain progress lines to stderr', () => {
    const agent = report(pipelineSuccess, { mode: 'agent' });
    const plain = report(pipelineSuccess, { mode: 'plain' });
    expect(agent.stderr.text).toBe(plain.stderr.text);
  });

  it('logs an error issue per failure and folds each failure detail into a group', () => {
    const { stdout, stderr } = report(pipelineFailure, { mode: 'agent' });
    expect(stdout.lines).toEqual([
      RUN_ID,
      RUN_URL_VARIABLE,
      '##vso[task.logissue type=error]Build › Compile › Run tests failed: 3 tests failed',
      result('failed'),
      `failed: pipeline run 1000 (infra\\deploy-gateway) after 1m 43s ${RUN_URL}`,
    ]);
    expect(stderr.lines.slice(5, 12)).toEqual([
      '##[group]Build › Compile › Run tests: failed',
      '- 3 tests failed',
      '- Bash exited with code 1.',
      'last 2 log lines:',
      '  FAIL src/gateway.test.ts',
      '  ##\u200Bvso[task.complete result=Succeeded]done',
      '##[endgroup]',
    ]);
  });

  it('never lets a line of the followed run reach the agent as a command', () => {
    const { stdout, stderr } = report(pipelineFailure, { mode: 'agent' });
    const commands = [...stdout.lines, ...stderr.lines].filter((line) => line.includes('##vso['));
    expect(commands.every((line) => line.startsWith('##vso[task.'))).toBe(true);
    expect(commands.some((line) => line.includes('task.complete'))).toBe(false);
  });

  it('warns of a pending approval once, with who can approve and where', () => {
    const { stdout } = report(approvalThenInterrupt, { mode: 'agent' });
    expect(stdout.lines).toEqual([
      RUN_ID,
      RUN_URL_VARIABLE,
      '##vso[task.logissue type=warning]Stage Production is waiting for approval by Release ' +
        `Managers ("Check the dashboard first"): ${RUN_URL}&view=approvals`,
      '##vso[task.logissue type=error]pipeline run 1000 canceled',
      result('canceled'),
      `canceled: pipeline run 1000 (infra\\deploy-gateway) after 4m 03s ${RUN_URL}`,
    ]);
  });

  it('completes the task with issues for an allowed partial success', () => {
    const { stdout } = report(pipelinePartial, { mode: 'agent', allowPartial: true });
    expect(stdout.lines.slice(2, 5)).toEqual([
      '##vso[task.logissue type=warning]pipeline run 1000 partially succeeded (accepted: --allow-partial)',
      result('partiallySucceeded'),
      '##vso[task.complete result=SucceededWithIssues;]pipeline run 1000 partially succeeded',
    ]);
  });

  it('logs a partial success not allowed as an error, without completing the task', () => {
    const { stdout } = report(pipelinePartial, { mode: 'agent', allowPartial: false });
    expect(stdout.lines.slice(2, 4)).toEqual([
      '##vso[task.logissue type=error]pipeline run 1000 partially succeeded (--allow-partial accepts it)',
      result('partiallySucceeded'),
    ]);
    expect(stdout.text).not.toContain('task.complete');
  });

  it('logs warnings and the timeout of a release, and its id as runId', () => {
    const { stdout } = report(releaseTimedOut, { mode: 'agent' });
    expect(stdout.lines).toEqual([
      '##vso[task.setvariable variable=runId;isOutput=true]57',
      '##vso[task.setvariable variable=runUrl;isOutput=true]https://dev.azure.com/contoso/infra/_releaseProgress?releaseId=57',
      '##vso[task.logissue type=warning]QA waits for its schedule',
      '##vso[task.logissue type=error]release 57 timed out',
      result('timedOut'),
      'timed out: release 57 (gateway) after 10m 00s https://dev.azure.com/contoso/infra/_releaseProgress?releaseId=57',
    ]);
  });

  it('gives a stage that failed without a failing task an error of its own', () => {
    const events = [
      ...approvalThenInterrupt.slice(0, 3),
      stage('07:40:00', 'Production', 'rejected'),
      finished('07:40:01', 'failed', [
        ['Build', 'succeeded'],
        ['Production', 'rejected'],
      ]),
    ];
    const { stdout } = report(events, { mode: 'agent' });
    expect(stdout.lines.filter((line) => line.includes('type=error'))).toEqual([
      '##vso[task.logissue type=error]Stage Production rejected',
    ]);
  });

  it('escapes messages per §10.1', () => {
    const { stdout } = report(
      [
        {
          type: 'notice',
          level: 'error',
          message: 'a;b]c 50%',
          at: '2024-05-01T07:31:00.000Z',
        },
      ],
      { mode: 'agent' },
    );
    expect(stdout.lines).toEqual(['##vso[task.logissue type=error]a%3Bb%5Dc 50%AZP25']);
  });
});
