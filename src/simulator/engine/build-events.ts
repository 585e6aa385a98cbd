import { isNever } from './build-moment.ts';
import type { PlannedRecord } from './build-plan.ts';

/** A record starting or finishing, at a moment (see build-moment.ts for the rank). */
interface ScheduledEvent {
  readonly at: number;
  readonly rank: number;
  readonly seq: number;
  readonly record: Readonly<PlannedRecord>;
  readonly kind: 'start' | 'finish';
}

export interface NumberedEvents {
  /** Start and finish events that happen at all, in changeId order (the first has changeId 2). */
  readonly events: readonly ScheduledEvent[];
  /** changeId of each record's start and finish event (by record index); 0 for none. */
  readonly startChangeIds: readonly number[];
  readonly finishChangeIds: readonly number[];
  /** Log id of each Task record (by record index), given in the order tasks start; 0 for none. */
  readonly logIds: readonly number[];
}

/** Sorts every event that happens and numbers it: changeId 1 is the creation of the records. */
export function numberEvents(records: readonly PlannedRecord[]): NumberedEvents {
  const events: ScheduledEvent[] = [];
  for (const record of records) {
    if (record.start && !isNever(record.start)) {
      events.push({ ...record.start, seq: record.startSeq, record, kind: 'start' });
    }
    if (!isNever(record.finish)) {
      events.push({ ...record.finish, seq: record.finishSeq, record, kind: 'finish' });
    }
  }
  events.sort((a, b) => a.at - b.at || a.rank - b.rank || a.seq - b.seq);
  const startChangeIds = records.map(() => 0);
  const finishChangeIds = records.map(() => 0);
  const logIds = records.map(() => 0);
  let nextLogId = 1;
  events.forEach((event, i) => {
    const ids = event.kind === 'start' ? startChangeIds : finishChangeIds;
    ids[event.record.index] = i + 2;
    if (event.kind === 'start' && event.record.type === 'Task') {
      logIds[event.record.index] = nextLogId++;
    }
  });
  return { events, startChangeIds, finishChangeIds, logIds };
}
