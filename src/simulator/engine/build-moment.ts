/**
 * A point in simulated time plus a rank that orders events happening in the same millisecond.
 *
 * Why a rank: with a manual clock a client can read a timeline at time T, and a request at the same
 * T (an approval, a cancel) then changes what happens from T on. The new events must sort after
 * every event the client may already have seen at T, or the changeIds it was given would move
 * (docs/design/azure-devops.md §2.4: `?changeId=N` must keep returning what changed after N).
 * Events that follow from nothing but the script have rank 0; the k-th approval decision given
 * through an API has rank k, a cancel ranks above every decision and a forced finish above that.
 */
export interface Moment {
  readonly at: number;
  readonly rank: number;
}

/** The moment of something that never happens (an approval nobody answers, and what waits on it). */
export const NEVER: Moment = { at: Number.POSITIVE_INFINITY, rank: 0 };

export function moment(at: number, rank = 0): Moment {
  return { at, rank };
}

/** Negative when `a` comes first, positive when `b` does, 0 when they are the same moment. */
export function compareMoments(a: Moment, b: Moment): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.rank - b.rank;
}

export function isAtOrBefore(a: Moment, b: Moment): boolean {
  return compareMoments(a, b) <= 0;
}

/** The later of two moments: what waits for both starts then. */
export function later(a: Moment, b: Moment): Moment {
  return compareMoments(a, b) >= 0 ? a : b;
}

/**
 * `ms` after `from`. Once time has moved on, the rank no longer matters: nobody can have seen a
 * later millisecond before the request that caused it, so the rank restarts at 0.
 */
export function after(from: Moment, ms: number): Moment {
  return ms > 0 ? { at: from.at + ms, rank: 0 } : from;
}

export function isNever(value: Moment): boolean {
  return value.at === Number.POSITIVE_INFINITY;
}
