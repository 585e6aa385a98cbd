/**
 * Looking for what a create made: what one look found, and looking again while nothing is found.
 */
import type { ResolvedRecoveryOptions } from './options.ts';

/** What one look found: exactly one candidate, none yet, or several (then aztm cannot tell). */
export type Found<T> =
  | { readonly kind: 'one'; readonly item: T }
  | { readonly kind: 'none' }
  | { readonly kind: 'several'; readonly items: readonly T[] };

export function foundOf<T>(items: readonly T[]): Found<T> {
  const [first, ...rest] = items;
  if (first === undefined) return { kind: 'none' };
  return rest.length === 0 ? { kind: 'one', item: first } : { kind: 'several', items };
}

/**
 * Looks until something is found or the waits run out. Several candidates end the search at
 * once: waiting cannot make one of them ours.
 */
export async function lookPatiently<T>(
  look: () => Promise<Found<T>>,
  options: ResolvedRecoveryOptions,
  signal: AbortSignal | undefined,
): Promise<{ readonly found: Found<T>; readonly looks: number; readonly waitedMs: number }> {
  let waitedMs = 0;
  for (let looks = 1; ; looks++) {
    const found = await look();
    const delay = options.lookDelaysMs[looks - 1];
    if (found.kind !== 'none' || delay === undefined) return { found, looks, waitedMs };
    await options.sleep(delay, signal);
    waitedMs += delay;
  }
}
