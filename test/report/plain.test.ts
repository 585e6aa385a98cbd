import { describe, expect, it } from 'vitest';
import {
  RUN_URL,
  approvalThenInterrupt,
  at,
  interruptedNotCanceled,
  job,
  pipelineFailure,
  pipelinePartial,
  pipelineSuccess,
  releaseTimedOut,
  stage,
} from './fixtures.ts';
import { report } from './harness.ts';

const RELEASE_URL = 'https://dev.azure.com/contoso/infra/_releaseProgress?releaseId=57';

describe('plain reporter', () => {
  it('tells a successful pipeline run line by line, then its summary', () => {
    const { stdout, stderr } = report(pipelineSuccess, { mode: 'plain' });
    expect(stderr.lines).toEqual([
      `07:31:02 triggered pipeline run 1000 of infra\\deploy-gateway: ${RUN_URL}`,
      '07:31:05 run started',
      '07:31:10 stage Build: running',
      '07:32:20 stage Build: succeeded in 1m 10s',
      '07:32:25 stage Deploy: running',
      '07:33:05 stage Deploy: succeeded in 40s',
      '07:33:07 finished: succeeded in 2m 05s',
      '         Build   succeeded  1m 10s',
      '         Deploy  succeeded  40s',
    ]);
    expect(stdout.lines).toEqual([
      `succeeded: pipeline run 1000 (infra\\deploy-gateway) in 2m 05s ${RUN_URL}`,
    ]);
  });

  it('prints the URL as soon as the run is triggered', () => {
    const { stderr } = report(pipelineSuccess.slice(0, 1), { mode: 'plain' });
    expect(stderr.lines).toEqual([
      `07:31:02 triggered pipeline run 1000 of infra\\deploy-gateway: ${RUN_URL}`,
    ]);
  });

  it('tells a failure: the failed job, then each failure with its issues and log tail', () => {
    const { stdout, stderr } = report(pipelineFailure, { mode: 'plain' });
    expect(stderr.lines).toEqual([
      `07:31:02 triggered pipeline run 1000 of infra\\deploy-gateway: ${RUN_URL}`,
      '07:31:10 stage Build: running',
      '07:32:40 job Build › Compile: failed after 1m 28s',
      '07:32:41 stage Build: failed after 1m 31s',
      '07:32:41 stage Deploy: skipped (Build failed)',
      '07:32:45 Build › Compile › Run tests: failed',
      '           - 3 tests failed',
      '           - Bash exited with code 1.',
      '           last 2 log lines:',
      '             FAIL src/gateway.test.ts',
      '             ##\u200Bvso[task.complete result=Succeeded]done',
      '07:32:45 finished: failed after 1m 43s',
      '         Build   failed   1m 31s',
      '         Deploy  skipped  (Build failed)',
    ]);
    expect(stdout.lines).toEqual([
      `failed: pipeline run 1000 (infra\\deploy-gateway) after 1m 43s ${RUN_URL}`,
    ]);
  });

  it('tells every job change only when verbose', () => {
    const jobs = [
      job('07:31:12', 'Build', { id: 'j2', name: 'Lint', state: 'running' }),
      job('07:31:40', 'Build', { id: 'j2', name: 'Lint', state: 'succeeded' }),
    ];
    expect(report(jobs, { mode: 'plain' }).stderr.text).toBe('');
    expect(report(jobs, { mode: 'plain', verbose: true }).stderr.lines).toEqual([
      '07:31:12 job Build › Lint: running',
      '07:31:40 job Build › Lint: succeeded',
    ]);
  });

  it.each([
    [false, 'partially succeeded in 1m 00s (counts as failed; --allow-partial accepts it)'],
    [true, 'partially succeeded in 1m 00s (accepted: --allow-partial)'],
  ])('says whether a partial success counts (allowPartial %s)', (allowPartial, headline) => {
    const { stdout, stderr } = report(pipelinePartial, { mode: 'plain', allowPartial });
    expect(stderr.lines.slice(-3)).toEqual([
      `07:32:02 finished: ${headline}`,
      '         Build  succeeded            5s',
      '         Tests  partially succeeded  49s',
    ]);
    expect(stdout.lines).toEqual([
      `partially succeeded: pipeline run 1000 (infra\\deploy-gateway) in 1m 00s ${RUN_URL}`,
    ]);
  });

  it('announces a pending approval once, with who and where, then tells the interruption', () => {
    const { stdout, stderr } = report(approvalThenInterrupt, { mode: 'plain' });
    expect(stderr.lines).toEqual([
      `07:31:02 triggered pipeline run 1000 of infra\\deploy-gateway: ${RUN_URL}`,
      '07:31:10 stage Build: succeeded in 7s',
      '07:33:40 stage Production: waiting for approval by Release Managers ' +
        `("Check the dashboard first") — approve at ${RUN_URL}&view=approvals`,
      '07:35:00 interrupted: canceling pipeline run 1000',
      '07:35:04 stage Production: canceled',
      '07:35:05 finished: canceled after 4m 03s',
      '         Build       succeeded  7s',
      '         Production  canceled',
    ]);
    expect(stdout.lines).toEqual([
      `canceled: pipeline run 1000 (infra\\deploy-gateway) after 4m 03s ${RUN_URL}`,
    ]);
  });

  it('never calls a run canceled that was not: interrupted, last seen running, named with its URL', () => {
    const { stdout, stderr } = report(interruptedNotCanceled, { mode: 'plain' });
    expect(stderr.lines.slice(-5)).toEqual([
      '07:32:00 interrupted: canceling pipeline run 1000',
      `07:32:06 error: could not cancel the run: no time was left to cancel it; it may still be running: ${RUN_URL}`,
      `07:32:06 finished: interrupted, not canceled after 1m 04s (last seen running; it may still be running: ${RUN_URL})`,
      '         Build   succeeded  10s',
      '         Deploy  running',
    ]);
    expect(stdout.lines).toEqual([
      `interrupted, not canceled: pipeline run 1000 (infra\\deploy-gateway) after 1m 04s ${RUN_URL}`,
    ]);
  });

  it('tells a release: scheduled and not deployed stages, a warning, a timeout that leaves it', () => {
    const { stdout, stderr } = report(releaseTimedOut, { mode: 'plain' });
    expect(stderr.lines).toEqual([
      `07:31:02 triggered release 57 (Release-12) of gateway: ${RELEASE_URL}`,
      '07:31:05 stage Dev: running',
      '07:31:50 stage Dev: succeeded in 45s',
      '07:31:51 stage QA: scheduled for 2024-05-01 22:00 UTC',
      '07:31:51 stage Prod: not deployed (not in --stages)',
      '07:31:52 warning: QA waits for its schedule',
      `07:41:02 timed out: leaving release 57 running: ${RELEASE_URL}`,
      `07:41:02 finished: timed out after 10m 00s (last seen running; it may still be running: ${RELEASE_URL})`,
      '         Dev   succeeded     45s',
      '         QA    scheduled',
      '         Prod  not deployed  (not in --stages)',
    ]);
    expect(stdout.lines).toEqual([`timed out: release 57 (gateway) after 10m 00s ${RELEASE_URL}`]);
  });

  it('says nothing of stages first seen not started, unless verbose', () => {
    const first = [stage('07:31:03', 'Build', 'notStarted')];
    expect(report(first, { mode: 'plain' }).stderr.text).toBe('');
    expect(report(first, { mode: 'plain', verbose: true }).stderr.lines).toEqual([
      '07:31:03 stage Build: not started',
    ]);
  });

  it('keeps a stage name or message from breaking the line or moving the cursor', () => {
    const events = [
      stage('07:31:03', 'Evil\nStage\u001b[2A', 'running'),
      { type: 'notice', level: 'info', message: 'two\nlines', at: at('07:31:04') } as const,
    ];
    expect(report(events, { mode: 'plain' }).stderr.lines).toEqual([
      '07:31:03 stage Evil Stage: running',
      '07:31:04 two lines',
    ]);
  });

  it('writes no cursor movement and no colour when colour is off', () => {
    const { stdout, stderr } = report(pipelineFailure, { mode: 'plain' });
    expect(stderr.text + stdout.text).not.toContain('\u001b');
  });

  it('colours only the headlines when colour is on, and never stdout', () => {
    const { stdout, stderr } = report(pipelineSuccess, { mode: 'plain', color: true });
    expect(stderr.lines).toContain('07:33:07 \u001b[32mfinished: succeeded in 2m 05s\u001b[39m');
    expect(stdout.text).not.toContain('\u001b');
  });
});
