/**
 * Two snapshots → the events between them. Pure. Only changes are emitted: the run's status, a
 * stage's or job's state, and `approvalPending` when a stage starts waiting for an approval (or
 * for a different one). Against `null` (the first snapshot) everything is new.
 */
import type { FollowEvent } from './events.ts';
import type { JobView, Snapshot, StageView } from './snapshot.ts';

export function diffSnapshots(
  previous: Snapshot | null,
  next: Snapshot,
  at: string,
): FollowEvent[] {
  const events: FollowEvent[] = [];
  if (previous?.status !== next.status) events.push({ type: 'status', status: next.status, at });
  const before = new Map((previous?.stages ?? []).map((stage) => [stage.id, stage]));
  for (const stage of next.stages) {
    const old = before.get(stage.id);
    if (old?.state !== stage.state) {
      events.push({ type: 'stage', stage, previous: old?.state ?? null, at });
    }
    const approval = stage.state === 'waitingForApproval' ? stage.approval : undefined;
    const waitedBefore = old?.state === 'waitingForApproval' ? old.approval?.id : undefined;
    if (approval && approval.id !== waitedBefore) {
      events.push({ type: 'approvalPending', stage: stage.name, approval, at });
    }
    events.push(...jobChanges(old, stage, at));
  }
  return events;
}

function jobChanges(old: StageView | undefined, stage: StageView, at: string): FollowEvent[] {
  const before = new Map<string, JobView>((old?.jobs ?? []).map((job) => [job.id, job]));
  return stage.jobs
    .filter((job) => before.get(job.id)?.state !== job.state)
    .map((job) => ({
      type: 'job',
      stage: stage.name,
      job,
      previous: before.get(job.id)?.state ?? null,
      at,
    }));
}
