/**
 * One request budget per process, shared by every client and every followed run: at most
 * `maxPerSecond` requests leave in any one-second window, and fewer while the service's rate
 * headers say we are close to its limit (fact sheet §6: 200 TSTUs per identity per sliding five
 * minutes, requests delayed first, then 429 with Retry-After).
 */
import { abortReason, requestedDelay, sleep as defaultSleep } from './retry.ts';

/** 10 requests a second: 50 runs followed at the default 10 s poll interval with room to spare. */
export const DEFAULT_MAX_REQUESTS_PER_SECOND = 10;

export interface RequestBudgetOptions {
  /** Most requests leaving in any one-second window; 10 by default. */
  readonly maxPerSecond?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RequestBudgetFigures {
  /** Requests that have left (or hold a slot to leave). */
  readonly requests: number;
  /** Requests that had to wait for a slot. */
  readonly waited: number;
  /** The rate now allowed: `maxPerSecond`, lowered while the service asks us to slow down. */
  readonly allowedPerSecond: number;
}

export interface RequestBudget {
  readonly maxPerSecond: number;
  /** Resolves when a request may leave; rejects with the signal's reason when aborted first. */
  take(signal?: AbortSignal): Promise<void>;
  /** Learns from an answer's rate headers (Retry-After, X-RateLimit-*). */
  observe(headers: Headers): void;
  figures(): RequestBudgetFigures;
}

const WINDOW_MS = 1000;
/** The allowed rate is halved at most this often, and raised again no faster. */
const ADJUST_EVERY_MS = 1000;

/**
 * A sliding-window budget: the start times of the last `maxPerSecond` requests are kept, and a
 * request may leave once fewer than the allowed rate started in the second before it. Slots are
 * reserved when asked for, in order, so concurrent callers never share one.
 */
export function createRequestBudget(options: RequestBudgetOptions = {}): RequestBudget {
  const maxPerSecond = options.maxPerSecond ?? DEFAULT_MAX_REQUESTS_PER_SECOND;
  if (!Number.isFinite(maxPerSecond) || maxPerSecond < 1) {
    throw new RangeError(`maxPerSecond must be a number of at least 1, not ${maxPerSecond}`);
  }
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const capacity = Math.floor(maxPerSecond);
  /** Reserved start times, ascending; never more than `capacity` kept. */
  const starts: number[] = [];
  let allowed = capacity;
  let notBefore = 0;
  let lastAdjusted = Number.NEGATIVE_INFINITY;
  let requests = 0;
  let waited = 0;

  const reserve = (): number => {
    const at = now();
    let slot = Math.max(at, notBefore, starts.at(-1) ?? at);
    // The request `allowed` places back must have left the window before this one starts.
    const blocker = starts.length >= allowed ? starts[starts.length - allowed] : undefined;
    if (blocker !== undefined) slot = Math.max(slot, blocker + WINDOW_MS);
    starts.push(slot);
    if (starts.length > capacity) starts.shift();
    requests++;
    if (slot > at) waited++;
    return slot - at;
  };

  const adjust = (direction: 'down' | 'up'): void => {
    const at = now();
    if (at - lastAdjusted < ADJUST_EVERY_MS) return;
    const next =
      direction === 'down'
        ? Math.max(1, Math.floor(allowed / 2))
        : Math.min(capacity, allowed + Math.max(1, Math.floor(capacity / 8)));
    if (next === allowed) return;
    allowed = next;
    lastAdjusted = at;
  };

  return {
    maxPerSecond: capacity,
    async take(signal) {
      if (signal?.aborted) throw abortReason(signal);
      const wait = reserve();
      if (wait > 0) await sleep(wait, signal);
    },
    observe(headers) {
      // Retry-After, even on a 200, holds every request back, not only the one it answered.
      const asked = requestedDelay(headers, now());
      if (asked !== null) notBefore = Math.max(notBefore, now() + asked);
      const pressure = ratePressure(headers);
      if (pressure === 'high') adjust('down');
      else if (pressure === 'low') adjust('up');
    },
    figures: () => ({ requests, waited, allowedPerSecond: allowed }),
  };
}

/**
 * Fact sheet §6: `X-RateLimit-Delay` means the service is already delaying us; Remaining against
 * Limit says how close it is. Below a quarter left, slow down; above half, speed up again.
 */
function ratePressure(headers: Headers): 'high' | 'low' | 'unknown' {
  const delay = Number(headers.get('x-ratelimit-delay') ?? '0');
  if (delay > 0) return 'high';
  const limit = Number(headers.get('x-ratelimit-limit'));
  const remaining = Number(headers.get('x-ratelimit-remaining'));
  if (!headers.has('x-ratelimit-limit') || !headers.has('x-ratelimit-remaining')) return 'low';
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || limit <= 0) return 'unknown';
  if (remaining / limit < 0.25) return 'high';
  return remaining / limit > 0.5 ? 'low' : 'unknown';
}
