/**
 * One request budget per process, shared by every client and every followed run: at most
 * `maxPerSecond` requests leave in any one-second window, and fewer while the service's rate
 * headers say we are close to its limit (docs/design/azure-devops.md §6: 200 TSTUs per identity per
 * sliding five minutes, requests delayed first, then 429 with Retry-After).
 */
import { abortReason } from '../abort.ts';
import { systemNow, systemSleep, type Now, type Sleep } from '../clock.ts';
import { requestedDelay } from './retry.ts';

/** 10 requests a second: 50 runs followed at the default 10 s poll interval with room to spare. */
export const DEFAULT_MAX_REQUESTS_PER_SECOND = 10;

export interface RequestBudgetOptions {
  /** Most requests leaving in any one-second window; 10 by default. */
  readonly maxPerSecond?: number;
  readonly now?: Now;
  readonly sleep?: Sleep;
}

interface RequestBudgetFigures {
  /** Requests that have left (or hold a slot to leave). */
  readonly requests: number;
  /** Requests that had to wait for a slot. */
  readonly waited: number;
  /** The rate now allowed: `maxPerSecond`, lowered while the service asks us to slow down. */
  readonly allowedPerSecond: number;
}

export interface RequestBudget {
  readonly maxPerSecond: number;
  /**
   * Resolves when a request may leave; rejects with the signal's reason when aborted first. A
   * signal made by withSlotHook has its hook run (and awaited) once the slot is granted.
   */
  take(signal?: AbortSignal): Promise<void>;
  /** Learns from an answer's rate headers (Retry-After, X-RateLimit-*). */
  observe(headers: Headers): void;
  figures(): RequestBudgetFigures;
  /**
   * The process is stopping (SIGINT/SIGTERM): from now on a request leaves at once, ahead of those
   * waiting for their turn and past the per-second window, held back only by the service's own
   * Retry-After. What a stop sends (a cancel and one read for each run aztm started) must be sent
   * within the agent's grace (docs/design/azure-devops.md §10.2), also while a flow's many runs
   * keep the window full; the requests already waiting are reads aztm gave up on, and keep waiting
   * behind.
   */
  expedite(): void;
}

/** Hooks of requests that must do something once they have their slot (withSlotHook). */
const slotHooks = new WeakMap<AbortSignal, () => Promise<void>>();

/**
 * A signal for one request (bounded by `signal`, when given) that also carries `onSlot`: the
 * budget runs it once the request has its slot, right before the request leaves, and the request
 * waits for it; when it throws, the request does not leave. Run once, however many attempts the
 * request makes. A flow's `--state` writes a create's intent this way: a create still waiting for
 * its slot was not sent.
 */
export function withSlotHook(
  signal: AbortSignal | undefined,
  onSlot: () => Promise<void>,
): AbortSignal {
  const own = signal ? AbortSignal.any([signal]) : new AbortController().signal;
  let ran: Promise<void> | undefined;
  slotHooks.set(own, () => (ran ??= onSlot()));
  return own;
}

const WINDOW_MS = 1000;
/**
 * Each window is held 10 % longer than a second: requests that leave exactly a second apart can
 * arrive a few milliseconds closer (the network, the server's own queue), and the budget is
 * promised where they arrive.
 */
const MARGIN_MS = 100;
/** The allowed rate is halved at most this often, and raised again no faster. */
const ADJUST_EVERY_MS = 1000;

/**
 * A sliding-window budget: the departure times of the last `maxPerSecond` requests are kept, and
 * a request may leave once fewer than the allowed rate left in the second before it. Callers take
 * their turn one after the other, and each departure is the time its wait really ended, so a
 * late timer cannot bunch requests into one second.
 */
export function createRequestBudget(options: RequestBudgetOptions = {}): RequestBudget {
  const maxPerSecond = options.maxPerSecond ?? DEFAULT_MAX_REQUESTS_PER_SECOND;
  if (!Number.isFinite(maxPerSecond) || maxPerSecond < 1) {
    throw new RangeError(`maxPerSecond must be a number of at least 1, not ${maxPerSecond}`);
  }
  const now = options.now ?? systemNow;
  const sleep = options.sleep ?? systemSleep;
  const capacity = Math.floor(maxPerSecond);
  /** Departure times, ascending; never more than `capacity` kept. */
  const departures: number[] = [];
  let allowed = capacity;
  let notBefore = 0;
  let lastAdjusted = Number.NEGATIVE_INFINITY;
  let requests = 0;
  let waited = 0;
  /** The turn of the last caller in line. */
  let line: Promise<void> = Promise.resolve();
  let expedited = false;

  /** How long until a request may leave now, 0 when it may. */
  const waitFor = (at: number): number => {
    // The request `allowed` places back must have left the window before this one leaves.
    const blocker =
      departures.length >= allowed ? departures[departures.length - allowed] : undefined;
    return Math.max(
      0,
      notBefore - at,
      blocker === undefined ? 0 : blocker + WINDOW_MS + MARGIN_MS - at,
    );
  };

  /** Leaves once `holdFor` says 0: `waitFor` in line, `retryAfterWait` when expedited. */
  const leave = async (
    signal: AbortSignal | undefined,
    holdFor: (at: number) => number,
  ): Promise<void> => {
    let counted = false;
    for (;;) {
      if (signal?.aborted) throw abortReason(signal);
      const at = now();
      const wait = holdFor(at);
      if (wait === 0) {
        // Expedited departures count too: the requests waiting behind leave no sooner for them.
        departures.push(at);
        if (departures.length > capacity) departures.shift();
        requests++;
        return;
      }
      if (!counted) waited++;
      counted = true;
      await sleep(wait, signal);
    }
  };
  const retryAfterWait = (at: number): number => Math.max(0, notBefore - at);

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
      if (expedited) return leave(signal, retryAfterWait);
      const turn = line.then(() => leave(signal, waitFor));
      // The next caller waits for this turn to end, however it ends.
      line = turn.catch(() => undefined);
      if (!signal) return turn;
      const onSlot = slotHooks.get(signal);
      // An aborted caller stops waiting at once, also while others are ahead of it in line.
      let onAbort = (): void => undefined;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(abortReason(signal));
        signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        await Promise.race([turn, aborted]);
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      // Outside the line: the callers behind this one do not wait for the hook.
      if (onSlot) await onSlot();
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
    expedite() {
      expedited = true;
    },
  };
}

/**
 * docs/design/azure-devops.md §6: `X-RateLimit-Delay` means the service is already delaying us;
 * Remaining against Limit says how close it is. Below a quarter left, slow down; above half, speed
 * up again.
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
