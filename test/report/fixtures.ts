/** Builders for follow events and in-memory streams, so that report tests read as scripts. */
import { Writable } from 'node:stream';
import type { FollowEvent } from '../../src/follow/events.ts';
import type {
  ApprovalView,
  FailureDetail,
  JobView,
  StageState,
  StageView,
} from '../../src/follow/snapshot.ts';
import type { Outcome, Result, StageOutcome, Stopped } from '../../src/outcome.ts';
import type { Handle } from '../../src/target.ts';

/** A writable that keeps what it is given, synchronously. */
export class MemoryStream extends Writable {
  text = '';

  constructor() {
    super({ decodeStrings: false });
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, done: () => void): void {
    this.text += String(chunk);
    done();
  }

  get lines(): string[] {
    return this.text.split('\n').slice(0, -1);
  }
}

/** `07:31:02` on the day every test happens. */
export function at(time: string): string {
  return `2024-05-01T${time}.000Z`;
}

export const RUN_URL = 'https://dev.azure.com/contoso/infra/_build/results?buildId=1000';
export const APPROVAL_URL = `${RUN_URL}&view=approvals`;

export const pipelineRun: Handle = {
  kind: 'pipeline',
  project: 'infra',
  id: 1000,
  url: RUN_URL,
  definitionName: 'infra\\deploy-gateway',
};

export const release: Handle = {
  kind: 'release',
  project: 'infra',
  id: 57,
  url: 'https://dev.azure.com/contoso/infra/_releaseProgress?releaseId=57',
  definitionName: 'gateway',
  number: 'Release-12',
};

export function triggered(time: string, handle: Handle = pipelineRun): FollowEvent {
  return { type: 'triggered', handle, at: at(time) };
}

export function stage(
  time: string,
  name: string,
  state: StageState,
  extra: Partial<StageView> = {},
  previous: StageState | null = null,
): FollowEvent {
  const view: StageView = { id: name.toLowerCase(), name, state, jobs: [], ...extra };
  return { type: 'stage', stage: view, previous, at: at(time) };
}

export function job(time: string, stageName: string, view: JobView): FollowEvent {
  return { type: 'job', stage: stageName, job: view, previous: 'running', at: at(time) };
}

export const managersApproval: ApprovalView = {
  id: 'a1b2',
  approvers: ['Release Managers'],
  instructions: 'Check the dashboard first',
  url: APPROVAL_URL,
  assignedToCaller: false,
};

export function approvalPending(time: string, stageName: string): FollowEvent {
  return { type: 'approvalPending', stage: stageName, approval: managersApproval, at: at(time) };
}

export function failures(time: string, details: readonly FailureDetail[]): FollowEvent {
  return { type: 'failures', details, at: at(time) };
}

export function finished(
  time: string,
  result: Result,
  stages: readonly [string, StageOutcome['result']][],
  options: { handle?: Handle; startedAt?: string; stopped?: Stopped } = {},
): FollowEvent {
  const outcome: Outcome = {
    handle: options.handle ?? pipelineRun,
    result,
    stages: stages.map(([name, stageResult]) => ({ name, result: stageResult })),
    startedAt: options.startedAt ?? at('07:31:02'),
    finishedAt: at(time),
    ...(options.stopped ? { stopped: options.stopped } : {}),
  };
  return { type: 'finished', outcome, at: at(time) };
}

/** A pipeline run whose two stages succeed, in 2m 05s. */
export const pipelineSuccess: readonly FollowEvent[] = [
  triggered('07:31:02'),
  { type: 'status', status: 'running', at: at('07:31:05') },
  stage('07:31:10', 'Build', 'running', { startedAt: at('07:31:10') }, 'notStarted'),
  stage('07:32:20', 'Build', 'succeeded', {
    startedAt: at('07:31:10'),
    finishedAt: at('07:32:20'),
  }),
  stage('07:32:25', 'Deploy', 'running', { startedAt: at('07:32:25') }, 'notStarted'),
  stage('07:33:05', 'Deploy', 'succeeded', {
    startedAt: at('07:32:25'),
    finishedAt: at('07:33:05'),
  }),
  { type: 'status', status: 'completed', at: at('07:33:07') },
  finished('07:33:07', 'succeeded', [
    ['Build', 'succeeded'],
    ['Deploy', 'succeeded'],
  ]),
];

/** A pipeline run whose tests fail; the failing task's log tries to complete our task. */
export const testFailure: FailureDetail = {
  path: ['Build', 'Compile', 'Run tests'],
  result: 'failed',
  issues: ['3 tests failed', 'Bash exited with code 1.'],
  logTail: ['FAIL src/gateway.test.ts', '##vso[task.complete result=Succeeded]done'],
};

export const pipelineFailure: readonly FollowEvent[] = [
  triggered('07:31:02'),
  stage('07:31:10', 'Build', 'running', { startedAt: at('07:31:10') }, 'notStarted'),
  job('07:32:40', 'Build', {
    id: 'j1',
    name: 'Compile',
    state: 'failed',
    startedAt: at('07:31:12'),
    finishedAt: at('07:32:40'),
  }),
  job('07:32:40', 'Build', { id: 'j2', name: 'Lint', state: 'succeeded' }),
  stage('07:32:41', 'Build', 'failed', { startedAt: at('07:31:10'), finishedAt: at('07:32:41') }),
  stage('07:32:41', 'Deploy', 'skipped', { reason: 'Build failed' }),
  failures('07:32:45', [testFailure]),
  finished('07:32:45', 'failed', [
    ['Build', 'failed'],
    ['Deploy', 'skipped'],
  ]),
];

/** Build succeeds, Tests partially: a partial success overall. */
export const pipelinePartial: readonly FollowEvent[] = [
  triggered('07:31:02'),
  stage('07:31:10', 'Build', 'succeeded', {
    startedAt: at('07:31:05'),
    finishedAt: at('07:31:10'),
  }),
  stage('07:32:00', 'Tests', 'partiallySucceeded', {
    startedAt: at('07:31:11'),
    finishedAt: at('07:32:00'),
  }),
  finished('07:32:02', 'partiallySucceeded', [
    ['Build', 'succeeded'],
    ['Tests', 'partiallySucceeded'],
  ]),
];

/** A Production stage waits for Release Managers, then aztm is interrupted and cancels. */
export const approvalThenInterrupt: readonly FollowEvent[] = [
  triggered('07:31:02'),
  stage('07:31:10', 'Build', 'succeeded', {
    startedAt: at('07:31:03'),
    finishedAt: at('07:31:10'),
  }),
  stage(
    '07:33:40',
    'Production',
    'waitingForApproval',
    { approval: managersApproval },
    'notStarted',
  ),
  approvalPending('07:33:40', 'Production'),
  { type: 'stopping', reason: 'interrupted', action: 'cancel', at: at('07:35:00') },
  stage('07:35:04', 'Production', 'canceled'),
  finished('07:35:05', 'canceled', [
    ['Build', 'succeeded'],
    ['Production', 'canceled'],
  ]),
];

/** Interrupted while Deploy runs, and the cancel could not be sent: the run goes on. */
export const interruptedNotCanceled: readonly FollowEvent[] = [
  triggered('07:31:02'),
  stage('07:31:10', 'Build', 'running', { startedAt: at('07:31:10') }, 'notStarted'),
  stage('07:31:20', 'Build', 'succeeded', {
    startedAt: at('07:31:10'),
    finishedAt: at('07:31:20'),
  }),
  stage('07:31:21', 'Deploy', 'running', { startedAt: at('07:31:21') }, 'notStarted'),
  { type: 'stopping', reason: 'interrupted', action: 'cancel', at: at('07:32:00') },
  {
    type: 'notice',
    level: 'error',
    message: `could not cancel the run: no time was left to cancel it; it may still be running: ${RUN_URL}`,
    at: at('07:32:06'),
  },
  finished(
    '07:32:06',
    'interrupted',
    [
      ['Build', 'succeeded'],
      ['Deploy', 'running'],
    ],
    { stopped: { reason: 'interrupted', canceled: false, lastSeen: 'running' } },
  ),
];

/** A release: Dev deploys, QA is scheduled, Prod is not deployed; then the timeout is reached. */
export const releaseTimedOut: readonly FollowEvent[] = [
  triggered('07:31:02', release),
  stage('07:31:05', 'Dev', 'running', { startedAt: at('07:31:05') }, 'notStarted'),
  stage('07:31:50', 'Dev', 'succeeded', { startedAt: at('07:31:05'), finishedAt: at('07:31:50') }),
  stage('07:31:51', 'QA', 'scheduled', { scheduledFor: '2024-05-01T22:00:00Z' }, 'notStarted'),
  stage('07:31:51', 'Prod', 'notDeployed', { reason: 'not in --stages' }, 'notStarted'),
  { type: 'notice', level: 'warning', message: 'QA waits for its schedule', at: at('07:31:52') },
  { type: 'stopping', reason: 'timedOut', action: 'leave', at: at('07:41:02') },
  finished(
    '07:41:02',
    'timedOut',
    [
      ['Dev', 'succeeded'],
      ['QA', 'scheduled'],
      ['Prod', 'notDeployed'],
    ],
    { handle: release, stopped: { reason: 'timedOut', canceled: false, lastSeen: 'running' } },
  ),
];
