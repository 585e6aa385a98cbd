/**
 * Looking for what a create made: what one look found, and looking again until what it finds is
 * settled or the waits run out.
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

/** The last look's finding, how many looks it took, and how long they waited in all. */
export interface Looked<F> {
  readonly found: F;
  readonly looks: number;
  readonly waitedMs: number;
}

/**
 * Looks until `settled` says what was found cannot change by waiting, or the waits run out. The
 * waits (options.ts) are the time the service may take to list what it just made.
 */
export async function lookPatiently<F>(
  look: () => Promise<F>,
  settled: (found: F) => boolean,
  options: ResolvedRecoveryOptions,
  signal: AbortSignal | undefined,
): Promise<Looked<F>> {
  let waitedMs = 0;
  for (let looks = 1; ; looks++) {
    const found = await look();
    const delay = options.lookDelaysMs[looks - 1];
    if (settled(found) || delay === undefined) return { found, looks, waitedMs };
    await options.sleep(delay, signal);
    waitedMs += delay;
  }
}
