import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/follow/diff.ts';
import type { ApprovalView, Snapshot, StageView } from '../../src/follow/snapshot.ts';

const AT = '2026-01-01T09:00:00.000Z';

function stage(overrides: Partial<StageView> & Pick<StageView, 'id'>): StageView {
  return { name: overrides.id, state: 'notStarted', jobs: [], ...overrides };
}

function snapshot(stages: StageView[], status: Snapshot['status'] = 'running'): Snapshot {
  return { status, stages };
}

const approval = (id: string): ApprovalView => ({
  id,
  approvers: ['Ops Team'],
  url: 'https://example/run',
  assignedToCaller: false,
});

describe('diffSnapshots', () => {
  it('reports everything the first time: status, stages and jobs', () => {
    const first = snapshot([
      stage({ id: 'build', jobs: [{ id: 'j', name: 'Job', state: 'pending' }] }),
    ]);
    expect(diffSnapshots(null, first, AT).map((event) => event.type)).toEqual([
      'status',
      'stage',
      'job',
    ]);
  });

  it('reports nothing when nothing changed', () => {
    const same = snapshot([stage({ id: 'build', state: 'running' })]);
    expect(diffSnapshots(same, same, AT)).toEqual([]);
  });

  it('reports a stage change with its previous state, and the status change', () => {
    const before = snapshot([stage({ id: 'build', state: 'running' })]);
    const after = snapshot([stage({ id: 'build', state: 'succeeded' })], 'completed');
    expect(diffSnapshots(before, after, AT)).toEqual([
      { type: 'status', status: 'completed', at: AT },
      { type: 'stage', stage: after.stages[0], previous: 'running', at: AT },
    ]);
  });

  it('reports a job change within an unchanged stage', () => {
    const job = { id: 'j', name: 'Job' };
    const before = snapshot([
      stage({ id: 'b', state: 'running', jobs: [{ ...job, state: 'pending' }] }),
    ]);
    const after = snapshot([
      stage({ id: 'b', state: 'running', jobs: [{ ...job, state: 'running' }] }),
    ]);
    expect(diffSnapshots(before, after, AT)).toEqual([
      { type: 'job', stage: 'b', job: { ...job, state: 'running' }, previous: 'pending', at: AT },
    ]);
  });

  it('reports approvalPending once when a stage starts waiting, and again for a new approval', () => {
    const running = snapshot([stage({ id: 'prod', state: 'running' })]);
    const waiting = (id: string) =>
      snapshot([stage({ id: 'prod', state: 'waitingForApproval', approval: approval(id) })]);
    const pending = (from: Snapshot, to: Snapshot) =>
      diffSnapshots(from, to, AT).filter((event) => event.type === 'approvalPending');
    expect(pending(running, waiting('a'))).toEqual([
      { type: 'approvalPending', stage: 'prod', approval: approval('a'), at: AT },
    ]);
    expect(pending(waiting('a'), waiting('a'))).toEqual([]);
    expect(pending(waiting('a'), waiting('b'))).toHaveLength(1);
  });
});
