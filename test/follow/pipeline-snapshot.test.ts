import { describe, expect, it } from 'vitest';
import type { TaskResult, TimelineRecord, TimelineRecordState } from '../../src/azdo/types.ts';
import type { StageResult } from '../../src/outcome.ts';
import {
  CLASSIC_STAGE_ID,
  snapshotOfBuild,
  type PipelineSnapshotContext,
} from '../../src/follow/pipeline-snapshot.ts';
import type { ApprovalView } from '../../src/follow/snapshot.ts';
import { TimelineRecords } from '../../src/follow/timeline.ts';
import { build, checkpoint, record, stageRecords } from './fixtures.ts';

const URL = 'https://dev.azure.com/contoso/p/_build/results?buildId=1000';
const yaml: PipelineSnapshotContext = { kind: 'pipeline', url: URL, approvals: new Map() };
const classic: PipelineSnapshotContext = { ...yaml, kind: 'build' };

const stageOf = (records: TimelineRecord[], context = yaml, b = build()) =>
  snapshotOfBuild(b, records, context).stages;

describe('YAML runs: stages from the timeline', () => {
  it('lists Stage records by order, keyed by identifier and named by displayName', () => {
    const stages = stageOf([...stageRecords('deploy', 2), ...stageRecords('build', 1)]);
    expect(stages.map((stage) => [stage.id, stage.name])).toEqual([
      ['build', 'build stage'],
      ['deploy', 'deploy stage'],
    ]);
  });

  it('shows the implicit __default stage of a pipeline without stages as the run, by its name', () => {
    const records = stageRecords('__default', 1, { state: 'inProgress', result: null }).map(
      (item) => (item.type === 'Stage' ? { ...item, name: '__default' } : item),
    );
    expect(stageOf(records).map((stage) => [stage.id, stage.name, stage.state])).toEqual([
      ['__default', 'web-ci', 'running'],
    ]);
  });

  it('shows the Job records under a stage as its jobs, and a Phase without Job as one', () => {
    const records = [
      ...stageRecords('build', 1, { state: 'inProgress', result: null }),
      record({ id: 'later', type: 'Phase', parentId: 'build', name: 'Later job', order: 2 }),
    ];
    expect(stageOf(records)[0]?.jobs).toEqual([
      { id: 'build.job', name: 'build job', state: 'running' },
      { id: 'later', name: 'Later job', state: 'pending' },
    ]);
  });

  const results: readonly [TaskResult, StageResult][] = [
    ['succeeded', 'succeeded'],
    ['succeededWithIssues', 'partiallySucceeded'],
    ['failed', 'failed'],
    ['canceled', 'canceled'],
    ['skipped', 'skipped'],
    ['abandoned', 'failed'],
  ];
  it.each(results)('a stage that completed %s is %s', (result, expected) => {
    const [stage] = stageOf(stageRecords('build', 1, { state: 'completed', result }));
    expect(stage?.state).toBe(expected);
  });

  it.each(['pending', 'inProgress'] as const)(
    'a stage (%s) with an in-progress Checkpoint.Approval waits for approval',
    (state) => {
      const approval: ApprovalView = {
        id: 'build.check',
        approvers: ['Ops Team'],
        instructions: 'Check the dashboard',
        url: URL,
        assignedToCaller: false,
      };
      const records = [
        ...stageRecords('build', 1, { state, result: null }),
        ...checkpoint('build', 'Checkpoint.Approval', 'inProgress'),
      ];
      const context = { ...yaml, approvals: new Map([[approval.id, approval]]) };
      expect(stageOf(records, context)[0]).toMatchObject({
        state: 'waitingForApproval',
        approval,
      });
    },
  );

  it('shows an approval it knows nothing about yet with the run URL and no approvers', () => {
    const records = [
      ...stageRecords('build', 1),
      ...checkpoint('build', 'Checkpoint.Approval', 'inProgress'),
    ];
    expect(stageOf(records)[0]?.approval).toEqual({
      id: 'build.check',
      approvers: [],
      url: URL,
      assignedToCaller: false,
    });
  });

  it.each(['Checkpoint.TaskCheck', 'Checkpoint.Authorization'])(
    'a stage with an in-progress %s waits for checks',
    (type) => {
      const records = [...stageRecords('build', 1), ...checkpoint('build', type, 'inProgress')];
      expect(stageOf(records)[0]?.state).toBe('waitingForChecks');
    },
  );

  it('a stage whose approval was answered and whose jobs run is running', () => {
    const records = [
      ...stageRecords('build', 1, { state: 'inProgress', result: null }),
      ...checkpoint('build', 'Checkpoint.Approval', 'completed'),
    ];
    expect(stageOf(records)[0]?.state).toBe('running');
  });

  it('open stages of a cancelling run are cancelling; ended ones keep their result', () => {
    const records = [
      ...stageRecords('build', 1, { state: 'completed', result: 'succeeded' }),
      ...stageRecords('deploy', 2, { state: 'inProgress', result: null }),
    ];
    const stages = stageOf(records, yaml, build({ status: 'cancelling' }));
    expect(stages.map((stage) => stage.state)).toEqual(['succeeded', 'cancelling']);
  });

  it('keeps a partially succeeded build partially succeeded', () => {
    const snapshot = snapshotOfBuild(
      build({ status: 'completed', result: 'partiallySucceeded' }),
      stageRecords('build', 1, { state: 'completed', result: 'succeededWithIssues' }),
      yaml,
    );
    expect(snapshot).toMatchObject({ status: 'completed', result: 'partiallySucceeded' });
  });

  it('has no stages before the timeline has any', () => {
    expect(stageOf([])).toEqual([]);
  });
});

describe('classic builds: one stage for the whole build', () => {
  const jobs = (state: TimelineRecordState) => [
    record({ id: 'phase', type: 'Phase', name: 'Agent job 1', state }),
    record({ id: 'job', type: 'Job', parentId: 'phase', name: 'Agent job 1', state }),
  ];

  it('names the stage after the definition and holds every job', () => {
    const [stage] = stageOf(jobs('pending'), classic, build({ status: 'notStarted' }));
    expect(stage).toMatchObject({ id: CLASSIC_STAGE_ID, name: 'web-ci', state: 'queued' });
    expect(stage?.jobs.map((job) => job.name)).toEqual(['Agent job 1']);
  });

  it('is running once a job runs, and ends with the build result', () => {
    expect(stageOf(jobs('inProgress'), classic)[0]?.state).toBe('running');
    const done = build({ status: 'completed', result: 'partiallySucceeded' });
    expect(stageOf(jobs('completed'), classic, done)[0]?.state).toBe('partiallySucceeded');
  });
});

describe('incremental timeline', () => {
  it('merges the records changed since the last changeId by id', () => {
    const timeline = new TimelineRecords();
    expect(timeline.changeId).toBeUndefined();
    timeline.merge({ changeId: 3, records: stageRecords('build', 1) });
    const done = record({ id: 'build.task', type: 'Task', state: 'completed', result: 'failed' });
    timeline.merge({ changeId: 5, records: [done] });
    expect(timeline.changeId).toBe(5);
    expect(timeline.records.size).toBe(4);
    expect(timeline.records.get('build.task')?.result).toBe('failed');
  });

  it('reads every record again after the service started a new timeline', () => {
    const timeline = new TimelineRecords();
    timeline.merge({ changeId: 9, records: [] });
    timeline.merge({ changeId: 2, records: [] });
    expect(timeline.changeId).toBeUndefined();
  });
});
