import { describe, expect, it } from 'vitest';
import { createRequestBudget } from '../../src/azdo/request-budget.ts';

/** A budget on a fake clock that moves only when the budget sleeps; departures are recorded. */
function fakeBudget(maxPerSecond: number, at = { time: 0 }) {
  const starts: number[] = [];
  const budget = createRequestBudget({
    maxPerSecond,
    now: () => at.time,
    sleep: (ms) => {
      at.time += ms;
      return Promise.resolve();
    },
  });
  const takeOne = async (): Promise<void> => {
    await budget.take();
    starts.push(at.time);
  };
  const take = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) await takeOne();
  };
  return { budget, starts, take, at };
}

/** The most start times inside any window [t, t + 1000). */
function busiestSecond(starts: readonly number[]): number {
  return Math.max(...starts.map((t) => starts.filter((s) => s >= t && s < t + 1000).length));
}

function headers(values: Record<string, string>): Headers {
  return new Headers(values);
}

describe('the request budget', () => {
  it('lets a burst of maxPerSecond requests leave at once and holds the next one a second and a tenth', async () => {
    const { starts, take } = fakeBudget(5);
    await take(6);
    // The tenth of a second keeps requests that arrive a little closer than they left within it.
    expect(starts).toEqual([0, 0, 0, 0, 0, 1100]);
  });

  it('never lets more than maxPerSecond requests start in any one-second window', async () => {
    const { starts, take } = fakeBudget(10);
    await take(95);
    expect(busiestSecond(starts)).toBe(10);
    // Nor in any window a little wider, as they may arrive; and it holds them back no longer than
    // that needs: 95 requests in 9 more windows of 1.1 s.
    expect(
      Math.max(...starts.map((t) => starts.filter((s) => s >= t && s < t + 1099).length)),
    ).toBe(10);
    expect(Math.max(...starts)).toBe(9900);
  });

  it('lets concurrent callers leave one after the other, never together past the rate', async () => {
    const { budget, at } = fakeBudget(2);
    // Three takes asked in the same tick: two leave at once, the third 1.1 s later.
    await Promise.all([budget.take(), budget.take(), budget.take()]);
    expect(at.time).toBe(1100);
    expect(budget.figures()).toMatchObject({ requests: 3, waited: 1 });
  });

  it('counts a departure when its wait really ended: a late timer does not bunch requests', async () => {
    const at = { time: 0 };
    const departures: number[] = [];
    const budget = createRequestBudget({
      maxPerSecond: 2,
      now: () => at.time,
      // Every timer fires 700 ms late, as on a busy event loop.
      sleep: (ms) => {
        at.time += ms + 700;
        return Promise.resolve();
      },
    });
    for (let i = 0; i < 6; i++) {
      await budget.take();
      departures.push(at.time);
    }
    expect(busiestSecond(departures)).toBe(2);
  });

  it('holds every request back until Retry-After has passed, even after a 200', async () => {
    const { budget, starts, take } = fakeBudget(10);
    budget.observe(headers({ 'Retry-After': '7' }));
    await take(2);
    expect(starts).toEqual([7000, 7000]);
  });

  it('halves its rate while the service says it is delaying or nearly out of units', async () => {
    const { budget, take, starts, at } = fakeBudget(8);
    budget.observe(headers({ 'X-RateLimit-Limit': '200', 'X-RateLimit-Remaining': '20' }));
    expect(budget.figures().allowedPerSecond).toBe(4);
    // Halved at most once a second, however many answers say so.
    budget.observe(headers({ 'X-RateLimit-Delay': '0.5' }));
    expect(budget.figures().allowedPerSecond).toBe(4);
    at.time = 5000;
    budget.observe(headers({ 'X-RateLimit-Limit': '200', 'X-RateLimit-Remaining': '0' }));
    expect(budget.figures().allowedPerSecond).toBe(2);
    await take(5);
    expect(busiestSecond(starts)).toBe(2);
  });

  it('raises its rate again, step by step, once the service has units to spare', () => {
    const { budget, at } = fakeBudget(16);
    budget.observe(headers({ 'X-RateLimit-Limit': '200', 'X-RateLimit-Remaining': '10' }));
    expect(budget.figures().allowedPerSecond).toBe(8);
    at.time = 1000;
    budget.observe(headers({ 'X-RateLimit-Limit': '200', 'X-RateLimit-Remaining': '180' }));
    expect(budget.figures().allowedPerSecond).toBe(10);
    for (let second = 2; second <= 5; second++) {
      at.time = second * 1000;
      budget.observe(headers({}));
    }
    expect(budget.figures().allowedPerSecond).toBe(16);
  });

  it('once expedited (the process stopping), a request leaves at once, ahead of those waiting', async () => {
    const at = { time: 0 };
    const order: string[] = [];
    // A timer that fires only when the test moves the clock: the waiting requests stay waiting.
    const timers: (() => void)[] = [];
    const budget = createRequestBudget({
      maxPerSecond: 2,
      now: () => at.time,
      sleep: () => new Promise<void>((resolve) => timers.push(resolve)),
    });
    const take = (name: string): Promise<void> =>
      budget.take().then(() => {
        order.push(name);
      });
    const reads = [take('read 1'), take('read 2'), take('read 3'), take('read 4')];
    // Two leave at once; the other two wait for the window.
    await Promise.all(reads.slice(0, 2));
    budget.expedite();
    await Promise.all([take('cancel 1'), take('cancel 2'), take('cancel 3')]);
    expect(order).toEqual(['read 1', 'read 2', 'cancel 1', 'cancel 2', 'cancel 3']);
    // The reads given up on leave later, still within the window.
    at.time = 5_000;
    for (const fire of timers.splice(0)) fire();
    await Promise.all(reads);
    expect(order.slice(5)).toEqual(['read 3', 'read 4']);
  });

  it('an expedited request still waits for Retry-After', async () => {
    const { budget, starts, take } = fakeBudget(10);
    budget.observe(headers({ 'Retry-After': '7' }));
    budget.expedite();
    await take(1);
    expect(starts).toEqual([7000]);
  });

  it('rejects a waiting request with the reason of its signal', async () => {
    const budget = createRequestBudget({ maxPerSecond: 1 });
    await budget.take();
    const controller = new AbortController();
    const waiting = budget.take(controller.signal);
    controller.abort(new Error('step stopped'));
    await expect(waiting).rejects.toThrow('step stopped');
  });

  it.each([0, 0.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses %s requests a second',
    (rate) => {
      expect(() => createRequestBudget({ maxPerSecond: rate })).toThrow(/at least 1/);
    },
  );
});
