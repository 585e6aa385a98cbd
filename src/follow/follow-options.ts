/**
 * The options of `follow()`: all optional in, merged with defaults once into a fully resolved
 * object (docs/design/style.md §2), so the loop never asks "was this set?".
 */
import { systemNow, systemSleep, type Now, type Sleep } from '../clock.ts';
import type { FollowEventListener } from './events.ts';

export type ShowLogs = 'failed' | 'all' | 'none';
export type StopAction = 'cancel' | 'leave';

export interface FollowOptions {
  /** Time between reads. Default 10 s (docs/design/cli-contract.md `--poll-interval`). */
  readonly pollIntervalMs?: number;
  readonly onEvent?: FollowEventListener;
  /**
   * Aborted on SIGINT/SIGTERM by the CLI: the read in flight is given up and aztm stops as
   * `onInterrupt` says.
   */
  readonly signal?: AbortSignal;
  /**
   * Bounds what aztm still does once it stops (the cancel, sent again when it fails, and one more
   * read): aborted when the shutdown's time is up. None by default: the cancel's own retries.
   */
  readonly stopSignal?: AbortSignal;
  /**
   * Waits between reads; may end early (resolving or rejecting) when `signal` aborts. Tests inject
   * one that moves a simulated clock.
   */
  readonly sleep?: Sleep;
  /** The clock: times of events and the time-out use it. */
  readonly now?: Now;
  /**
   * Opt-in `--approve`: answer approvals assigned to the signed-in identity itself, with this
   * comment. Never by default.
   */
  readonly approve?: { readonly comment: string } | null;
  /** Failure detail and log tails at the end: of what failed (default), of every task, or none. */
  readonly showLogs?: ShowLogs;
  /** Lines of each log tail. Default 20. */
  readonly logTailLines?: number;
  /** Longest time to follow, from `startedAt`; `null` (default): no limit. */
  readonly timeoutMs?: number | null;
  readonly onTimeout?: StopAction;
  readonly onInterrupt?: StopAction;
  /** When aztm triggered or attached (ISO); the time-out counts from it. Default: now. */
  readonly startedAt?: string;
  /**
   * Releases: the stages the release was asked to deploy (`--stages`); every other stage that has
   * not started is not waited for. `null` (default): as the definition's triggers say.
   */
  readonly stagesToDeploy?: readonly string[] | null;
  /**
   * How many reads in a row Azure DevOps may refuse (sign-in, permission, not found, an invalid
   * read: contact.ts) before `follow()` gives up with a LostAccessError. A deleted run or an
   * expired or revoked token does not come back, so a few reads tell a passing glitch from that.
   * Default 3.
   */
  readonly maxRefusedReads?: number;
  /**
   * The longest aztm keeps trying while Azure DevOps refuses it, whatever `maxRefusedReads`
   * says (it matters with a long poll interval). Default 5 minutes.
   */
  readonly refusalGraceMs?: number;
}

export type ResolvedFollowOptions = Required<Omit<FollowOptions, 'signal' | 'stopSignal'>> & {
  readonly signal: AbortSignal | null;
  readonly stopSignal: AbortSignal | null;
};

const DEFAULT_POLL_INTERVAL_MS = 10_000;
const DEFAULT_LOG_TAIL_LINES = 20;
const DEFAULT_REFUSAL_GRACE_MS = 5 * 60_000;
const DEFAULT_MAX_REFUSED_READS = 3;

export function resolveFollowOptions(options: FollowOptions): ResolvedFollowOptions {
  const now = options.now ?? systemNow;
  const resolved: ResolvedFollowOptions = {
    pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    onEvent: options.onEvent ?? (() => undefined),
    signal: options.signal ?? null,
    stopSignal: options.stopSignal ?? null,
    sleep: options.sleep ?? systemSleep,
    now,
    approve: options.approve ?? null,
    showLogs: options.showLogs ?? 'failed',
    logTailLines: options.logTailLines ?? DEFAULT_LOG_TAIL_LINES,
    timeoutMs: options.timeoutMs ?? null,
    onTimeout: options.onTimeout ?? 'cancel',
    onInterrupt: options.onInterrupt ?? 'cancel',
    startedAt: options.startedAt ?? new Date(now()).toISOString(),
    stagesToDeploy: options.stagesToDeploy ?? null,
    maxRefusedReads: options.maxRefusedReads ?? DEFAULT_MAX_REFUSED_READS,
    refusalGraceMs: options.refusalGraceMs ?? DEFAULT_REFUSAL_GRACE_MS,
  };
  if (!(resolved.pollIntervalMs > 0)) throw new RangeError('pollIntervalMs must be above 0');
  if (!(resolved.logTailLines >= 0)) throw new RangeError('logTailLines must be 0 or more');
  if (!Number.isInteger(resolved.maxRefusedReads) || resolved.maxRefusedReads < 1) {
    throw new RangeError('maxRefusedReads must be a whole number, 1 or more');
  }
  if (Number.isNaN(Date.parse(resolved.startedAt))) {
    throw new RangeError(`startedAt is not an ISO time: ${resolved.startedAt}`);
  }
  return resolved;
}
