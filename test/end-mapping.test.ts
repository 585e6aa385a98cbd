/**
 * What every end means, as tables: one row per member of End (src/end.ts) and the flags that
 * change its meaning. The exit codes are docs/design/cli-contract.md's "Exit codes".
 */
import { describe, expect, it } from 'vitest';
import { AzureDevOpsError } from '../src/azdo/errors.ts';
import type { End, FlowEnd } from '../src/end.ts';
import {
  EXIT,
  exitCodeOf,
  flowExitCodeOf,
  flowTaskEndOf,
  stepEndOf,
  stepEndOfError,
  taskEndOf,
} from '../src/end-mapping.ts';
import { LostAccessError } from '../src/follow/lost-access.ts';
import { InterruptedError } from '../src/interrupted.ts';
import type { Outcome, Result } from '../src/outcome.ts';
import type { Target } from '../src/target.ts';
import { TriggerError } from '../src/trigger.ts';

const HANDLE = {
  kind: 'pipeline',
  project: 'DevOps',
  id: 1000,
  url: 'https://dev.azure.com/contoso/DevOps/_build/results?buildId=1000',
  definitionName: 'deploy',
} as const;
const TARGET = { kind: 'pipeline' } as unknown as Target;

function outcome(result: Result, stopped?: Outcome['stopped']): Outcome {
  return {
    handle: HANDLE,
    result,
    stages: [],
    startedAt: '2026-12-08T10:00:00.000Z',
    finishedAt: '2026-12-08T10:01:00.000Z',
    ...(stopped ? { stopped } : {}),
  };
}

function refusal(outcomeUnknown = false): AzureDevOpsError {
  return new AzureDevOpsError('TF400813: not authorized', {
    kind: 'signIn',
    request: { method: 'POST', url: 'https://dev.azure.com/contoso' },
    status: 401,
    outcomeUnknown,
  });
}

const followed = (result: Result, stopped?: Outcome['stopped']): End => ({
  kind: 'followed',
  triggered: 'yes',
  handle: HANDLE,
  outcome: outcome(result, stopped),
});
const INTERRUPTED_BY_SIGNAL = {
  reason: 'interrupted',
  canceled: true,
  lastSeen: 'running',
} as const;

/** One of each member, by name. */
const ENDS = {
  dryRun: { kind: 'dryRun', triggered: 'no', target: TARGET },
  triggered: { kind: 'triggered', triggered: 'yes', target: TARGET, handle: HANDLE },
  succeeded: followed('succeeded'),
  partiallySucceeded: followed('partiallySucceeded'),
  failed: followed('failed'),
  canceled: followed('canceled'),
  timedOut: followed('timedOut'),
  interruptedRun: followed('interrupted'),
  // The run ended on its own while aztm was stopping: its result kept, the end still interrupted.
  succeededWhileInterrupted: followed('succeeded', INTERRUPTED_BY_SIGNAL),
  leftRunning: followed('interrupted', { ...INTERRUPTED_BY_SIGNAL, canceled: false }),
  // A time-out whose run then ended on its own ends by the run.
  failedAfterTimeOut: followed('failed', {
    reason: 'timedOut',
    canceled: true,
    lastSeen: 'completed',
  }),
  refused: { kind: 'refused', triggered: 'no', error: refusal() },
  createUnanswered: { kind: 'refused', triggered: 'unknown', error: refusal(true) },
  partlyTriggered: {
    kind: 'partlyTriggered',
    triggered: 'yes',
    handle: HANDLE,
    error: new TriggerError('stage Prod could not be started', HANDLE, null),
  },
  lostAfterTrigger: {
    kind: 'lostAfterTrigger',
    triggered: 'yes',
    handle: HANDLE,
    error: refusal(),
  },
  lostAccess: {
    kind: 'lostAccess',
    triggered: 'yes',
    handle: HANDLE,
    error: new LostAccessError(HANDLE, refusal(), 3),
  },
  interruptedBefore: {
    kind: 'interrupted',
    triggered: 'no',
    error: new InterruptedError('before', 'interrupted before anything was triggered'),
  },
  interruptedCreate: {
    kind: 'interrupted',
    triggered: 'unknown',
    error: new InterruptedError('create', 'the create request waited for its answer'),
  },
} as const satisfies Record<string, End>;

type Name = keyof typeof ENDS;

describe('the exit code of an end (docs/design/cli-contract.md, "Exit codes")', () => {
  it.each<[Name, boolean, number]>([
    ['dryRun', false, EXIT.succeeded],
    ['triggered', false, EXIT.succeeded],
    ['succeeded', false, EXIT.succeeded],
    ['partiallySucceeded', false, EXIT.failed],
    ['partiallySucceeded', true, EXIT.succeeded],
    ['failed', false, EXIT.failed],
    ['failed', true, EXIT.failed],
    ['canceled', false, EXIT.canceled],
    ['timedOut', false, EXIT.timedOut],
    ['interruptedRun', false, EXIT.canceled],
    ['succeededWhileInterrupted', false, EXIT.canceled],
    ['leftRunning', false, EXIT.canceled],
    ['failedAfterTimeOut', false, EXIT.failed],
    ['refused', false, EXIT.refused],
    ['createUnanswered', false, EXIT.refused],
    ['partlyTriggered', false, EXIT.failed],
    ['lostAfterTrigger', false, EXIT.failed],
    ['lostAccess', false, EXIT.failed],
    ['lostAccess', true, EXIT.failed],
    ['interruptedBefore', false, EXIT.canceled],
    ['interruptedCreate', false, EXIT.canceled],
  ])('%s (allow partial: %s) exits %i', (name, allowPartial, code) => {
    expect(exitCodeOf(ENDS[name], allowPartial)).toBe(code);
  });

  it.each<[FlowEnd, number]>([
    [{ kind: 'ran', result: 'succeeded', interrupted: false }, EXIT.succeeded],
    [{ kind: 'ran', result: 'failed', interrupted: false }, EXIT.failed],
    [{ kind: 'ran', result: 'failed', interrupted: true }, EXIT.canceled],
    [{ kind: 'ran', result: 'succeeded', interrupted: true }, EXIT.canceled],
    [{ kind: 'interrupted' }, EXIT.canceled],
    [{ kind: 'refused' }, EXIT.refused],
  ])('flow run %o exits %i', (end, code) => {
    expect(flowExitCodeOf(end)).toBe(code);
  });
});

const SEE_ABOVE = { result: 'Failed', message: 'see the errors above', issue: true } as const;
const REFUSED = {
  result: 'Failed',
  message:
    'Azure DevOps refused the request, or aztm cannot tell what its create request made (see the error above)',
  issue: true,
} as const;
const STEP_CANCELED = {
  result: 'Canceled',
  message: 'the step was canceled; pipeline run 1000 was stopped',
  issue: false,
} as const;

describe('the TriggerAndMonitor task result of an end (docs/design/azure-devops.md §10.1)', () => {
  it.each<[Name, { allowPartial: boolean; interrupted: boolean }, unknown]>([
    [
      'dryRun',
      { allowPartial: false, interrupted: false },
      { result: 'Succeeded', message: 'dry run: nothing was triggered', issue: false },
    ],
    [
      'triggered',
      { allowPartial: false, interrupted: false },
      { result: 'Succeeded', message: 'triggered, not waited for', issue: false },
    ],
    [
      'succeeded',
      { allowPartial: false, interrupted: false },
      { result: 'Succeeded', message: 'pipeline run 1000 (deploy) succeeded', issue: false },
    ],
    // Accepted: the agent reporter already said SucceededWithIssues, once.
    ['partiallySucceeded', { allowPartial: true, interrupted: false }, null],
    [
      'partiallySucceeded',
      { allowPartial: false, interrupted: false },
      {
        result: 'Failed',
        message: 'pipeline run 1000 (deploy) partially succeeded (allowPartial accepts it)',
        issue: false,
      },
    ],
    [
      'failed',
      { allowPartial: false, interrupted: false },
      { result: 'Failed', message: 'pipeline run 1000 (deploy) failed', issue: false },
    ],
    // Canceled by someone in Azure DevOps, not by the agent: the step fails.
    [
      'canceled',
      { allowPartial: false, interrupted: false },
      { result: 'Failed', message: 'pipeline run 1000 (deploy) canceled', issue: false },
    ],
    [
      'timedOut',
      { allowPartial: false, interrupted: false },
      { result: 'Failed', message: 'pipeline run 1000 (deploy) timed out', issue: false },
    ],
    ['interruptedRun', { allowPartial: false, interrupted: true }, STEP_CANCELED],
    ['succeededWhileInterrupted', { allowPartial: false, interrupted: true }, STEP_CANCELED],
    [
      'leftRunning',
      { allowPartial: false, interrupted: true },
      {
        result: 'Canceled',
        message: `the step was canceled; pipeline run 1000 was not canceled and may still be running: ${HANDLE.url}`,
        issue: true,
      },
    ],
    ['refused', { allowPartial: false, interrupted: false }, REFUSED],
    ['createUnanswered', { allowPartial: false, interrupted: false }, REFUSED],
    // A refusal that came while the agent canceled the step: the step was canceled.
    [
      'refused',
      { allowPartial: false, interrupted: true },
      { result: 'Canceled', message: 'the step was canceled; the run was stopped', issue: false },
    ],
    ['partlyTriggered', { allowPartial: false, interrupted: false }, SEE_ABOVE],
    ['lostAfterTrigger', { allowPartial: false, interrupted: false }, SEE_ABOVE],
    ['lostAccess', { allowPartial: false, interrupted: false }, SEE_ABOVE],
    [
      'interruptedBefore',
      { allowPartial: false, interrupted: true },
      { result: 'Canceled', message: 'the step was canceled; the run was stopped', issue: false },
    ],
    [
      'interruptedCreate',
      { allowPartial: false, interrupted: true },
      { result: 'Canceled', message: 'the step was canceled; the run was stopped', issue: false },
    ],
  ])('%s (%o) ends the step %o', (name, flags, expected) => {
    expect(taskEndOf(ENDS[name], flags)).toEqual(expected);
  });

  it.each<[FlowEnd, string, unknown]>([
    [
      { kind: 'ran', result: 'succeeded', interrupted: false },
      'succeeded',
      { result: 'Succeeded', message: 'the flow succeeded', issue: false },
    ],
    [
      { kind: 'ran', result: 'failed', interrupted: false },
      'failed',
      { result: 'Failed', message: 'a step of the flow failed', issue: true },
    ],
    [
      { kind: 'ran', result: 'failed', interrupted: true },
      'canceled',
      {
        result: 'Canceled',
        message: 'the step was canceled; the running steps were stopped',
        issue: false,
      },
    ],
    [
      { kind: 'interrupted' },
      'canceled',
      {
        result: 'Canceled',
        message: 'the step was canceled; the running steps were stopped',
        issue: false,
      },
    ],
    [{ kind: 'refused' }, 'failed', REFUSED],
  ])('the RunFlow task ends flow run %o with result %s and %o', (end, result, expected) => {
    expect(flowTaskEndOf(end)).toEqual({ result, end: expected });
  });
});

describe("a flow step's result (docs/design/flow-file.md)", () => {
  it.each<[Name, boolean, string, string | null, boolean]>([
    // name, flow interrupted, step result, url, error reported
    ['succeeded', false, 'succeeded', HANDLE.url, false],
    ['partiallySucceeded', false, 'partiallySucceeded', HANDLE.url, false],
    ['failed', false, 'failed', HANDLE.url, false],
    ['canceled', false, 'canceled', HANDLE.url, false],
    ['timedOut', false, 'timedOut', HANDLE.url, false],
    ['interruptedRun', true, 'interrupted', HANDLE.url, false],
    ['succeededWhileInterrupted', true, 'succeeded', HANDLE.url, false],
    ['refused', false, 'failed', null, true],
    ['createUnanswered', false, 'failed', null, true],
    ['refused', true, 'canceled', null, false],
    ['partlyTriggered', false, 'failed', HANDLE.url, true],
    ['partlyTriggered', true, 'canceled', HANDLE.url, false],
    ['lostAfterTrigger', false, 'failed', HANDLE.url, true],
    ['lostAccess', false, 'failed', HANDLE.url, true],
    ['lostAccess', true, 'canceled', HANDLE.url, false],
    ['interruptedBefore', true, 'canceled', null, false],
    // The create's answer never came: a run may exist and go on; never called canceled.
    ['interruptedCreate', true, 'interrupted', null, true],
    // Never asked of a step (it always triggers and waits): not a success.
    ['dryRun', false, 'failed', null, false],
    ['triggered', false, 'failed', HANDLE.url, false],
  ])('%s (flow interrupted: %s) is %s', (name, interrupted, result, url, reported) => {
    const end = ENDS[name];
    const step = stepEndOf(end, { interrupted });
    expect(step.result).toBe(result);
    expect(step.url).toBe(url);
    expect(step.error).toBe(reported && 'error' in end ? end.error : null);
  });

  it.each<[boolean, string, boolean]>([
    [false, 'failed', true],
    [true, 'canceled', false],
  ])(
    'an error outside End (flow interrupted: %s) makes the step %s',
    (interrupted, result, reported) => {
      const error = new Error('an earlier run left a create that cannot be told');
      expect(stepEndOfError(error, null, { interrupted })).toEqual({
        result,
        url: null,
        error: reported ? error : null,
      });
    },
  );
});
