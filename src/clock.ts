/**
 * The one clock: what time it is and how to wait. Everything that reads the time or waits (the
 * follow loop, retries, the request budget, the looks after a lost create, the flow scheduler)
 * takes these, so that a test moves time instead of waiting. The simulator's clock
 * (src/simulator/clock.ts) is another thing: the simulated service's time, not aztm's.
 */
import { abortReason } from './abort.ts';

/** Milliseconds since the epoch. */
export type Now = () => number;

/** Waits `ms`; rejects with the signal's reason when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real time: `Date.now`. */
export const systemNow: Now = Date.now;

/** A timer that stops early, with the signal's reason, when the signal aborts. */
export const systemSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
