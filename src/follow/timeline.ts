/**
 * A build timeline kept up to date incrementally: the first read fetches every record, later
 * reads pass `?changeId=` and get only the records changed since
 * (docs/design/azure-devops.md §2.4), which are merged in by record id.
 */
import type { Timeline, TimelineRecord } from '../azdo/types.ts';

export class TimelineRecords {
  readonly #records = new Map<string, TimelineRecord>();
  #changeId: number | undefined;

  /** What to pass as `changeId` on the next read: `undefined` before the first one. */
  get changeId(): number | undefined {
    return this.#changeId;
  }

  get records(): ReadonlyMap<string, TimelineRecord> {
    return this.#records;
  }

  /**
   * Merges a timeline read. A `changeId` lower than the one we hold means the service started
   * over (a new timeline): what it sent is kept, and the next read asks for every record again.
   * Records `usable` refuses (values aztm does not know, known-values.ts) are left out and the
   * `changeId` is not moved on, so the next read asks for them again instead of losing the change.
   */
  merge(timeline: Timeline, usable: (record: TimelineRecord) => boolean = () => true): void {
    let complete = true;
    for (const record of timeline.records) {
      if (usable(record)) this.#records.set(record.id, record);
      else complete = false;
    }
    const restarted = this.#changeId !== undefined && timeline.changeId < this.#changeId;
    if (restarted) this.#changeId = undefined;
    else if (complete) this.#changeId = timeline.changeId;
  }
}

/** Records by parent id, each list sorted by `order` (siblings are ordered so, §2.4). */
export function childrenByParent(
  records: Iterable<TimelineRecord>,
): ReadonlyMap<string | null, readonly TimelineRecord[]> {
  const children = new Map<string | null, TimelineRecord[]>();
  for (const record of records) {
    const parent = record.parentId ?? null;
    const list = children.get(parent);
    if (list) list.push(record);
    else children.set(parent, [record]);
  }
  for (const list of children.values()) list.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  return children;
}

/** Every record under `root`, depth first, siblings in order. */
export function descendantsOf(
  root: string | null,
  children: ReadonlyMap<string | null, readonly TimelineRecord[]>,
): TimelineRecord[] {
  const found: TimelineRecord[] = [];
  const visit = (parent: string | null): void => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      visit(child.id);
    }
  };
  visit(root);
  return found;
}
