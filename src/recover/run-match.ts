/**
 * Which run is the one aztm queued, when the answer to the create was lost. A run or build takes
 * no free-text field every definition accepts (a queue-time variable is refused unless declared
 * settable, fact sheet §1.1, §2.1), so it is recognised strictly: same definition, queued by the
 * identity aztm signed in as, on the branch asked for, not one of the runs that existed before the
 * create, and queued no earlier than those (allowing for the service's own clocks). Exactly one
 * such run is ours; none or several, and aztm cannot tell.
 */
import type { QueuedBuild } from '../azdo/builds.ts';
import { foundOf, type Found } from './look.ts';

/**
 * How much earlier than the newest run that existed before the create a new run's `queueTime`
 * may be: the service's machines' clocks and the time a queue takes to commit. Comparing the
 * service's times with each other, never with aztm's clock, means a wrong clock on either side
 * cannot hide our run or pass an old one off as ours.
 */
export const QUEUE_TIME_ALLOWANCE_MS = 2 * 60_000;

export interface RunCriteria {
  readonly definitionId: number;
  /** `connectionData.authenticatedUser.id` (fact sheet §8.3). */
  readonly identityId: string;
  /** The full ref asked for; `null` when the definition's default branch was (any branch). */
  readonly branch: string | null;
  /** Every run of the definition listed before the create was sent. */
  readonly knownIds: ReadonlySet<number>;
  /** The earliest `queueTime` (ms since the epoch, the service's clock) ours can have. */
  readonly notBefore: number | null;
}

/** Why a run is not ours, or `null` when it could be. */
export function whyNotOurs(run: QueuedBuild, criteria: RunCriteria): string | null {
  if (criteria.knownIds.has(run.id)) return 'it existed before the create';
  if (run.definition?.id !== criteria.definitionId) return 'another definition';
  // Who queued it; `requestedFor` only when the service sent no `requestedBy` (fact sheet §2.2).
  const queuedBy = (run.requestedBy ?? run.requestedFor)?.id;
  if (queuedBy === undefined || !sameId(queuedBy, criteria.identityId)) {
    return 'queued by another identity';
  }
  if (criteria.branch !== null && !sameRef(run.sourceBranch, criteria.branch)) {
    return 'another branch';
  }
  if (criteria.notBefore !== null) {
    const queued = queueTimeOf(run);
    if (queued === null || queued < criteria.notBefore) return 'queued too early';
  }
  return null;
}

/** The runs that could be ours: exactly one is the answer, none or several are not. */
export function matchOurRun(
  runs: readonly QueuedBuild[],
  criteria: RunCriteria,
): Found<QueuedBuild> {
  return foundOf(runs.filter((run) => whyNotOurs(run, criteria) === null));
}

/** `queueTime` in ms, or `null` when absent or unreadable. */
export function queueTimeOf(run: QueuedBuild): number | null {
  if (run.queueTime === undefined) return null;
  const time = Date.parse(run.queueTime);
  return Number.isNaN(time) ? null : time;
}

/** Identity ids are GUIDs: letter case does not matter. */
function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The branch as typed may differ in letter case from the ref the service stored. */
function sameRef(ref: string | undefined, wanted: string): boolean {
  return ref !== undefined && ref.toLowerCase() === wanted.toLowerCase();
}
