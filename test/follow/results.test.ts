import { describe, expect, it } from 'vitest';
import type {
  BuildResult,
  BuildStatus,
  TaskResult,
  TimelineRecord,
  TimelineRecordState,
} from '../../src/azdo/types.ts';
import type { Result, StageResult } from '../../src/outcome.ts';
import {
  isFinalState,
  mapBuildResult,
  mapBuildStatus,
  mapTaskResult,
  recordStepState,
  wasDeployed,
} from '../../src/follow/results.ts';
import type { RunStatus, StageState, StepState } from '../../src/follow/snapshot.ts';

const STATUSES: readonly [BuildStatus | undefined, RunStatus][] = [
  [undefined, 'queued'],
  ['none', 'queued'],
  ['notStarted', 'queued'],
  ['postponed', 'queued'],
  ['inProgress', 'running'],
  ['all', 'running'],
  ['cancelling', 'cancelling'],
  ['completed', 'completed'],
  ['abandoned', 'completed'],
];

const RESULTS: readonly (BuildResult | undefined)[] = [
  undefined,
  'none',
  'succeeded',
  'partiallySucceeded',
  'failed',
  'canceled',
];

/** The result of a completed (or abandoned) build, per BuildResult. */
const COMPLETED: Record<string, { completed: Result; abandoned: Result }> = {
  undefined: { completed: 'failed', abandoned: 'canceled' },
  none: { completed: 'failed', abandoned: 'canceled' },
  succeeded: { completed: 'succeeded', abandoned: 'succeeded' },
  // Kept: the Build API has partial success, the Runs API does not
  // (docs/design/azure-devops.md §1.2).
  partiallySucceeded: { completed: 'partiallySucceeded', abandoned: 'partiallySucceeded' },
  failed: { completed: 'failed', abandoned: 'failed' },
  canceled: { completed: 'canceled', abandoned: 'canceled' },
};

describe('build status and result', () => {
  it.each(STATUSES)('status %s is %s', (status, expected) => {
    expect(mapBuildStatus(status)).toBe(expected);
  });

  const cases = STATUSES.flatMap(([status]) => RESULTS.map((result) => [status, result] as const));
  it.each(cases)('status %s with result %s', (status, result) => {
    const expected =
      status === 'completed' || status === 'abandoned'
        ? COMPLETED[String(result)]?.[status]
        : undefined;
    expect(mapBuildResult(status, result)).toBe(expected);
  });
});

describe('task results', () => {
  const table: readonly [TaskResult, StageResult][] = [
    ['succeeded', 'succeeded'],
    ['succeededWithIssues', 'partiallySucceeded'],
    ['failed', 'failed'],
    ['canceled', 'canceled'],
    ['skipped', 'skipped'],
    ['abandoned', 'failed'],
    ['manuallyQueued', 'notRun'],
    ['dependentOnManualQueue', 'notRun'],
  ];
  it.each(table)('%s is %s', (result, expected) => {
    expect(mapTaskResult(result)).toBe(expected);
  });

  const record = (
    state: TimelineRecordState | null,
    result: TaskResult | null,
  ): TimelineRecord => ({
    id: 'r',
    type: 'Task',
    name: 'Task',
    state,
    result,
  });
  const steps: readonly [TimelineRecordState | null, TaskResult | null, StepState][] = [
    ['pending', null, 'pending'],
    [null, null, 'pending'],
    ['inProgress', null, 'running'],
    // A cancel can set the result before the state follows: still running until it completes.
    ['inProgress', 'canceled', 'running'],
    ['completed', 'succeeded', 'succeeded'],
    ['completed', 'succeededWithIssues', 'partiallySucceeded'],
    ['completed', 'failed', 'failed'],
    // Never report a success that was not seen.
    ['completed', null, 'failed'],
    // Skipped records may stay `pending` with their result set.
    ['pending', 'skipped', 'skipped'],
  ];
  it.each(steps)('a record %s with result %s is %s', (state, result, expected) => {
    expect(recordStepState(record(state, result))).toBe(expected);
  });
});

describe('stage states', () => {
  const table: readonly [StageState, boolean, boolean][] = [
    ['notStarted', false, false],
    ['queued', false, true],
    ['waitingForApproval', false, true],
    ['waitingForChecks', false, true],
    ['scheduled', false, true],
    ['running', false, true],
    ['cancelling', false, true],
    ['succeeded', true, true],
    ['partiallySucceeded', true, true],
    ['failed', true, true],
    ['canceled', true, true],
    ['timedOut', true, true],
    ['rejected', true, true],
    ['skipped', true, false],
    ['notDeployed', true, false],
    ['notRun', true, false],
  ];
  it.each(table)('%s: final %s, deployed %s', (state, final, deployed) => {
    expect(isFinalState(state)).toBe(final);
    expect(wasDeployed(state)).toBe(deployed);
  });
});
