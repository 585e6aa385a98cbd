/**
 * How aztm looks for what a create made when the create's answer was lost, and how often it may
 * send the create: how often it looks, how long, and the clock it waits on. Every field optional;
 * resolved once (docs/design/style.md rule 2).
 */
import { randomUUID } from 'node:crypto';
import { systemSleep, type Sleep } from '../clock.ts';

export interface RecoveryOptions {
  /**
   * Waits between looks. The service may take a moment to list what it just made, so aztm looks
   * again after each; default 1 s, 3 s, 6 s: four looks over about 10 s. Only after the last one
   * found nothing does aztm take it that nothing was made.
   */
  readonly lookDelaysMs?: readonly number[];
  /**
   * How many times in all the create may be sent: it is sent again only when the looks found
   * nothing it could have made, and each send is looked for the same way. Default 3.
   */
  readonly maxSends?: number;
  /** Waits; must reject with the signal's reason when it aborts. */
  readonly sleep?: Sleep;
  /** The id that marks a release as aztm's; a random UUID by default. */
  readonly newRequestId?: () => string;
}

export type ResolvedRecoveryOptions = Required<RecoveryOptions>;

export function resolveRecoveryOptions(options: RecoveryOptions = {}): ResolvedRecoveryOptions {
  return {
    lookDelaysMs: options.lookDelaysMs ?? [1_000, 3_000, 6_000],
    maxSends: Math.max(1, options.maxSends ?? 3),
    sleep: options.sleep ?? systemSleep,
    newRequestId: options.newRequestId ?? randomUUID,
  };
}
