import { describe, expect, it } from 'vitest';
import { CANCELED_LINE } from '../../src/simulator/engine/build-logs.ts';
import type { BuildRecord } from '../../src/simulator/engine/build-record.ts';
import {
  buildLogLines,
  computeBuildState,
  type BuildState,
  type TimelineRecordView,
} from '../../src/simulator/engine/build-state.ts';
import type { RunScript } from '../../src/simulator/scenario/model.ts';
import { approval, job, run, stage, task } from '../helpers/scenario-builder.ts';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const SECOND = 1_000;

function record(script: RunScript, overrides: Partial<BuildRecord> = {}): BuildRecord {
  return {
    id: 1000,
    kind: 'pipeline',
    projectId: 'project',
    definitionId: 1,
    definitionRevision: 1,
    buildNumber: '20260101.1',
    queuedAt: T0,
    script,
    sourceBranch: 'refs/heads/main',
    sourceVersion: 'abc',
    variables: {},
    templateParameters: {},
    stagesToSkip: [],
    requestedBy: { id: 'id', displayName: 'Ada', uniqueName: 'ada' },
    planId: 'plan-1',
    createdFrom: { api: 'runs', apiVersion: '7.1', token: 'admin', requestSeq: null },
    cancelRequestedAt: null,
    canceledBy: null,
    stageCancels: new Map(),
    approvalDecisions: new Map(),
    forcedFinish: null,
    ...overrides,
  };
}

const at = (ms: number): number => T0 + ms;

/** The record of a type and name; fails the test when there is not exactly one. */
function find(state: BuildState, type: string, name: string): TimelineRecordView {
  const found = state.records.filter((r) => r.type === type && r.name === name);
  expect(found, `${type} ${name}`).toHaveLength(1);
  return found[0] as TimelineRecordView;
}

/** The final state, long after everything scripted has happened. */
const finalState = (build: BuildRecord): BuildState => computeBuildState(build, at(3_600_000));

describe('results', () => {
  it.each([
    { name: 'every task succeeded', results: ['succeeded', 'succeeded'], build: 'succeeded' },
    {
      name: 'a task with issues makes the run partially succeeded',
      results: ['succeededWithIssues', 'succeeded'],
      build: 'partiallySucceeded',
    },
    { name: 'a failed task fails the run', results: ['succeeded', 'failed'], build: 'failed' },
    {
      name: 'failure outranks issues',
      results: ['succeededWithIssues', 'failed'],
      build: 'failed',
    },
    {
      name: 'a cancelled task cancels the run',
      results: ['canceled', 'succeeded'],
      build: 'canceled',
    },
  ] as const)('$name', ({ results, build }) => {
    // One stage per result, each independent, so every stage runs.
    const script = run({
      stages: results.map((result, i) =>
        stage({ name: `S${i}`, jobs: [job({ tasks: [task({ result })] })] }),
      ),
    });
    const state = finalState(record(script));
    expect(state.status).toBe('completed');
    expect(state.result).toBe(build);
    results.forEach((result, i) => expect(find(state, 'Stage', `S${i}`).result).toBe(result));
  });

  it('skips the rest of a job after a failed task, and the job takes the worst result', () => {
    const script = run({
      stages: [
        stage({
          name: 'Build',
          jobs: [
            job({
              tasks: [
                task({ name: 'one', result: 'succeededWithIssues' }),
                task({ name: 'two', result: 'failed' }),
                task({ name: 'three' }),
              ],
            }),
          ],
        }),
      ],
    });
    const state = finalState(record(script));
    expect(find(state, 'Task', 'three')).toMatchObject({ result: 'skipped', startTime: null });
    expect(find(state, 'Job', 'Job').result).toBe('failed');
    expect(find(state, 'Job', 'Job').finishTime).toBe(at(20 * SECOND));
  });

  it('runs the jobs of a stage in parallel and the tasks of a job in sequence', () => {
    const script = run({
      queueMs: 5 * SECOND,
      stages: [
        stage({
          name: 'Build',
          jobs: [
            job({
              name: 'A',
              displayName: 'A',
              tasks: [task({ name: 'a1' }), task({ name: 'a2' })],
            }),
            job({
              name: 'B',
              displayName: 'B',
              tasks: [task({ name: 'b1', durationMs: 30 * SECOND })],
            }),
          ],
        }),
      ],
    });
    const state = finalState(record(script));
    expect(find(state, 'Task', 'a2').startTime).toBe(at(15 * SECOND));
    expect(find(state, 'Task', 'b1').startTime).toBe(at(5 * SECOND));
    expect(find(state, 'Stage', 'Build').finishTime).toBe(at(35 * SECOND));
    expect(state).toMatchObject({ startTime: at(5 * SECOND), finishTime: at(35 * SECOND) });
  });

  it('stays notStarted while queued, with every record pending', () => {
    const build = record(run({ queueMs: 10 * SECOND }));
    const queued = computeBuildState(build, at(9_999));
    expect(queued).toMatchObject({
      status: 'notStarted',
      startTime: null,
      result: null,
      changeId: 1,
    });
    expect(queued.records.every((r) => r.state === 'pending')).toBe(true);
    expect(computeBuildState(build, at(10 * SECOND)).status).toBe('inProgress');
  });

  it('lays out a classic build without a Stage record', () => {
    const build = record(run({ stages: [stage({ name: '__default' })] }), { kind: 'build' });
    const state = finalState(build);
    expect(state.records.map((r) => r.type)).toEqual(['Phase', 'Job', 'Task']);
    expect(state.records[0]?.parentId).toBeNull();
    expect(state.result).toBe('succeeded');
  });
});

describe('stage conditions and stagesToSkip', () => {
  const failing = stage({ name: 'A', jobs: [job({ tasks: [task({ result: 'failed' })] })] });
  const passing = stage({ name: 'A' });
  it.each([
    { condition: 'succeeded', dependency: passing, runs: true },
    { condition: 'succeeded', dependency: failing, runs: false },
    { condition: 'failed', dependency: passing, runs: false },
    { condition: 'failed', dependency: failing, runs: true },
    { condition: 'succeededOrFailed', dependency: failing, runs: true },
    { condition: 'always', dependency: failing, runs: true },
  ] as const)(
    'a $condition stage after a $dependency.jobs.0.tasks.0.result dependency runs: $runs',
    ({ condition, dependency, runs }) => {
      const script = run({
        stages: [dependency, stage({ name: 'B', dependsOn: ['A'], condition })],
      });
      const b = find(finalState(record(script)), 'Stage', 'B');
      expect(b.result).toBe(runs ? 'succeeded' : 'skipped');
      expect(b.startTime === null).toBe(!runs);
    },
  );

  it('does not fail the run for a skipped stage, and skips what depends on it', () => {
    const script = run({
      stages: [
        stage({ name: 'A' }),
        stage({ name: 'OnFailure', dependsOn: ['A'], condition: 'failed' }),
        stage({ name: 'AfterIt', dependsOn: ['OnFailure'] }),
      ],
    });
    const state = finalState(record(script));
    expect(find(state, 'Stage', 'OnFailure').result).toBe('skipped');
    expect(find(state, 'Stage', 'AfterIt').result).toBe('skipped');
    expect(state.result).toBe('succeeded');
  });

  it('skips the stages named in stagesToSkip (any letter case) and their dependents', () => {
    const script = run({
      stages: [
        stage({ name: 'Build' }),
        stage({ name: 'Deploy', dependsOn: ['Build'] }),
        stage({ name: 'Lint' }),
      ],
    });
    const state = finalState(record(script, { stagesToSkip: ['build'] }));
    expect(find(state, 'Stage', 'Build')).toMatchObject({ result: 'skipped', finishTime: T0 });
    expect(find(state, 'Stage', 'Deploy').result).toBe('skipped');
    expect(find(state, 'Stage', 'Lint').result).toBe('succeeded');
    expect(state.result).toBe('succeeded');
  });
});

describe('approvals', () => {
  const gated = (overrides: Parameters<typeof approval>[0] = {}): RunScript =>
    run({
      stages: [
        stage({ name: 'Build' }),
        stage({ name: 'Deploy', dependsOn: ['Build'], approval: approval(overrides) }),
        stage({ name: 'Verify', dependsOn: ['Deploy'] }),
      ],
    });
  const checkpointOf = (state: BuildState) =>
    state.records.find((r) => r.type === 'Checkpoint.Approval');

  it('has no checkpoint until the stage is reached, then a Checkpoint.Approval inProgress', () => {
    const build = record(gated());
    expect(checkpointOf(computeBuildState(build, at(9_999)))).toBeUndefined();
    const waiting = computeBuildState(build, at(10 * SECOND));
    const deploy = find(waiting, 'Stage', 'Deploy');
    const checkpoint = find(waiting, 'Checkpoint', 'Checkpoint');
    const record_ = checkpointOf(waiting);
    expect(record_).toMatchObject({ state: 'inProgress', result: null, parentId: checkpoint.id });
    expect(checkpoint.parentId).toBe(deploy.id);
    expect(waiting.pendingApprovals.map((a) => a.id)).toEqual([record_?.id]);
    expect(waiting.pendingApprovals[0]).toMatchObject({
      stageName: 'Deploy',
      createdOn: at(10 * SECOND),
    });
  });

  it('waits forever for a pending approval nobody answers', () => {
    const state = computeBuildState(record(gated()), at(86_400_000));
    expect(state.status).toBe('inProgress');
    expect(state.records.filter((r) => r.type === 'Task' && r.state === 'pending')).toHaveLength(2);
  });

  it('starts the stage jobs when the scripted approval comes', () => {
    const state = finalState(
      record(gated({ outcome: 'approved', afterMs: 5 * SECOND, comment: 'ok' })),
    );
    expect(checkpointOf(state)).toMatchObject({
      state: 'completed',
      result: 'succeeded',
      finishTime: at(15 * SECOND),
    });
    const deployJob = state.records.filter((r) => r.type === 'Job')[1];
    expect(deployJob?.startTime).toBe(at(15 * SECOND));
    expect(state.approvals[0]).toMatchObject({
      status: 'approved',
      decision: { by: 'Release Managers', comment: 'ok' },
    });
    expect(state.result).toBe('succeeded');
  });

  it('fails the stage and the run on a rejection, skipping its jobs and its dependents', () => {
    const state = finalState(record(gated({ outcome: 'rejected', afterMs: 2 * SECOND })));
    expect(find(state, 'Stage', 'Deploy')).toMatchObject({
      result: 'failed',
      finishTime: at(12 * SECOND),
    });
    expect(checkpointOf(state)?.result).toBe('failed');
    expect(state.records.filter((r) => r.type === 'Task').map((r) => r.result)).toEqual([
      'succeeded',
      'skipped',
      'skipped',
    ]);
    expect(find(state, 'Stage', 'Verify').result).toBe('skipped');
    expect(state).toMatchObject({ result: 'failed', finishTime: at(12 * SECOND) });
  });

  it('takes an API decision made before the scripted one', () => {
    const build = record(gated({ outcome: 'rejected', afterMs: 60 * SECOND }));
    const id = computeBuildState(build, at(10 * SECOND)).pendingApprovals[0]?.id ?? '';
    build.approvalDecisions.set(id, {
      status: 'approved',
      at: at(11 * SECOND),
      by: 'Ada',
      comment: 'go',
    });
    const state = finalState(build);
    expect(state.approvals[0]).toMatchObject({
      status: 'approved',
      lastModifiedOn: at(11 * SECOND),
    });
    expect(state.result).toBe('succeeded');
  });

  it('gives the approval the id of its timeline record, the same on every computation', () => {
    const first = computeBuildState(record(gated()), at(20 * SECOND));
    const second = computeBuildState(record(gated()), at(30 * SECOND));
    expect(first.pendingApprovals[0]?.id).toBe(checkpointOf(first)?.id);
    expect(second.pendingApprovals[0]?.id).toBe(first.pendingApprovals[0]?.id);
  });
});

describe('cancel and forced finish', () => {
  const twoTasks = run({
    queueMs: 5 * SECOND,
    stages: [
      stage({
        name: 'Build',
        jobs: [job({ tasks: [task({ name: 'one' }), task({ name: 'two' })] })],
      }),
      stage({ name: 'Deploy', dependsOn: ['Build'] }),
    ],
  });

  it('completes a run cancelled while queued at once, with every record skipped', () => {
    const build = record(twoTasks, { cancelRequestedAt: at(2 * SECOND) });
    const state = computeBuildState(build, at(2 * SECOND));
    expect(state).toMatchObject({
      status: 'completed',
      result: 'canceled',
      finishTime: at(2 * SECOND),
      startTime: null,
    });
    expect(state.records.every((r) => r.result === 'skipped')).toBe(true);
  });

  it('stays cancelling for 3 s, cancels what runs and skips what has not started', () => {
    const build = record(twoTasks, { cancelRequestedAt: at(8 * SECOND) });
    expect(computeBuildState(build, at(8 * SECOND)).status).toBe('cancelling');
    expect(computeBuildState(build, at(10_999)).status).toBe('cancelling');
    const state = computeBuildState(build, at(11 * SECOND));
    expect(state).toMatchObject({
      status: 'completed',
      result: 'canceled',
      finishTime: at(11 * SECOND),
    });
    expect(find(state, 'Task', 'one')).toMatchObject({
      result: 'canceled',
      finishTime: at(8 * SECOND),
    });
    expect(find(state, 'Task', 'two')).toMatchObject({ result: 'skipped', startTime: null });
    expect(find(state, 'Stage', 'Build').result).toBe('canceled');
    expect(find(state, 'Stage', 'Deploy').result).toBe('skipped');
  });

  it('cancels a pending approval', () => {
    const script = run({ stages: [stage({ name: 'Deploy', approval: approval() })] });
    const build = record(script, { cancelRequestedAt: at(4 * SECOND) });
    const state = finalState(build);
    expect(state.approvals[0]).toMatchObject({ status: 'canceled', decision: null });
    expect(state.records.find((r) => r.type === 'Checkpoint.Approval')?.result).toBe('canceled');
    expect(find(state, 'Task', 'Run script').result).toBe('skipped');
    expect(state.result).toBe('canceled');
  });

  it('cancels one stage: its running work ends canceled, its dependents are skipped', () => {
    const script = run({
      stages: [
        stage({ name: 'Build' }),
        stage({
          name: 'Lint',
          jobs: [job({ tasks: [task({ name: 'lint', durationMs: 30 * SECOND })] })],
        }),
        stage({ name: 'Deploy', dependsOn: ['Build'] }),
      ],
    });
    const build = record(script, { stageCancels: new Map([['build', at(4 * SECOND)]]) });
    const state = finalState(build);
    expect(find(state, 'Stage', 'Build')).toMatchObject({
      result: 'canceled',
      finishTime: at(4 * SECOND),
    });
    expect(find(state, 'Stage', 'Deploy').result).toBe('skipped');
    expect(find(state, 'Stage', 'Lint')).toMatchObject({
      result: 'succeeded',
      finishTime: at(30 * SECOND),
    });
    expect(state).toMatchObject({ result: 'canceled', finishTime: at(30 * SECOND) });
  });

  it('ignores a cancel that comes after the run completed', () => {
    const state = finalState(record(twoTasks, { cancelRequestedAt: at(600 * SECOND) }));
    expect(state).toMatchObject({ result: 'succeeded', finishTime: at(35 * SECOND) });
  });

  it.each([
    { result: 'failed', running: 'failed' },
    { result: 'partiallySucceeded', running: 'succeededWithIssues' },
    { result: 'succeeded', running: 'succeeded' },
  ] as const)(
    'a forced $result ends what runs as $running and skips the rest',
    ({ result, running }) => {
      const state = finalState(record(twoTasks, { forcedFinish: { at: at(7 * SECOND), result } }));
      expect(state).toMatchObject({ status: 'completed', result, finishTime: at(7 * SECOND) });
      expect(find(state, 'Task', 'one')).toMatchObject({
        result: running,
        finishTime: at(7 * SECOND),
      });
      expect(find(state, 'Task', 'two').result).toBe('skipped');
    },
  );
});

describe('changeIds', () => {
  const script = run({
    stages: [
      stage({
        name: 'Build',
        jobs: [job({ tasks: [task({ name: 'one' }), task({ name: 'two' })] })],
      }),
      stage({ name: 'Deploy', dependsOn: ['Build'], approval: approval() }),
    ],
  });

  it('only grow, every record within the timeline changeId', () => {
    const build = record(script);
    let previous = 0;
    const seen = new Map<string, number>();
    for (let t = 0; t <= 40 * SECOND; t += 500) {
      const state = computeBuildState(build, at(t));
      expect(state.changeId).toBeGreaterThanOrEqual(previous);
      previous = state.changeId;
      for (const r of state.records) {
        expect(r.changeId).toBeLessThanOrEqual(state.changeId);
        expect(r.changeId).toBeGreaterThanOrEqual(seen.get(r.id) ?? 0);
        seen.set(r.id, r.changeId);
      }
    }
    // 8 records start and finish; the Checkpoint records appear (start) once the stage is reached.
    expect(previous).toBeGreaterThan(10);
  });

  it('keeps what a client saw at T when a decision at the same T adds changes after it', () => {
    // Lint ends at T too, and is laid out after Deploy: its changes must keep their changeIds.
    const build = record(
      run({
        stages: [
          ...script.stages,
          stage({
            name: 'Lint',
            jobs: [job({ tasks: [task({ name: 'lint', durationMs: 20 * SECOND })] })],
          }),
        ],
      }),
    );
    const seenAt = at(20 * SECOND);
    const before = computeBuildState(build, seenAt);
    const approvalId = before.pendingApprovals[0]?.id ?? '';
    build.approvalDecisions.set(approvalId, {
      status: 'approved',
      at: seenAt,
      by: 'Ada',
      comment: '',
    });
    const after = computeBuildState(build, seenAt);
    for (const r of before.records) {
      const same = after.records.find((candidate) => candidate.id === r.id);
      if (same?.state === r.state) expect(same.changeId).toBe(r.changeId);
    }
    expect(find(after, 'Task', 'lint').changeId).toBe(find(before, 'Task', 'lint').changeId);
    expect(find(after, 'Stage', 'Lint')).toMatchObject({
      state: 'completed',
      changeId: find(before, 'Stage', 'Lint').changeId,
    });
    const changed = after.records.filter((r) => r.changeId > before.changeId);
    expect(changed.map((r) => r.type).sort()).toEqual([
      'Checkpoint',
      'Checkpoint.Approval',
      'Job',
      'Phase',
      'Task',
    ]);
    expect(after.changeId).toBeGreaterThan(before.changeId);
  });
});

describe('logs', () => {
  const logged = run({
    stages: [
      stage({
        name: 'Build',
        jobs: [job({ tasks: [task({ name: 'Compile', log: ['a', 'b', 'c', 'd'] })] })],
      }),
    ],
  });

  it('reveals the script lines in proportion to the time run, between the agent lines', () => {
    const build = record(logged);
    expect(buildLogLines(build, 1, at(0))).toEqual(['##[section]Starting: Compile']);
    expect(buildLogLines(build, 1, at(5 * SECOND))).toEqual([
      '##[section]Starting: Compile',
      'a',
      'b',
    ]);
    expect(computeBuildState(build, at(5 * SECOND)).logs[0]?.lineCount).toBe(3);
    expect(buildLogLines(build, 1, at(10 * SECOND))).toEqual([
      '##[section]Starting: Compile',
      'a',
      'b',
      'c',
      'd',
      '##[section]Finishing: Compile',
    ]);
    expect(buildLogLines(build, 2, at(10 * SECOND))).toBeNull();
  });

  it('ends the log of a cancelled task with the agent cancel line', () => {
    const build = record(logged, { cancelRequestedAt: at(2_500) });
    expect(buildLogLines(build, 1, at(60 * SECOND))).toEqual([
      '##[section]Starting: Compile',
      'a',
      CANCELED_LINE,
      '##[section]Finishing: Compile',
    ]);
  });

  it('numbers logs in the order tasks start and gives none to a task not started', () => {
    const script = run({
      stages: [
        stage({
          name: 'Build',
          jobs: [
            job({
              name: 'A',
              displayName: 'A',
              tasks: [task({ name: 'a1' }), task({ name: 'a2' })],
            }),
            job({ name: 'B', displayName: 'B', tasks: [task({ name: 'b1' })] }),
          ],
        }),
      ],
    });
    const state = computeBuildState(record(script), at(5 * SECOND));
    expect(find(state, 'Task', 'a1').log?.id).toBe(1);
    expect(find(state, 'Task', 'b1').log?.id).toBe(2);
    expect(find(state, 'Task', 'a2').log).toBeNull();
    expect(find(finalState(record(script)), 'Task', 'a2').log?.id).toBe(3);
  });
});
