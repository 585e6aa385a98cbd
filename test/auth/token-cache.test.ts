import { describe, expect, it } from 'vitest';
import {
  createTokenCache,
  REFRESH_MARGIN_MS,
  type IssuedToken,
} from '../../src/auth/token-cache.ts';

const HOUR = 3_600_000;

/** A token source that hands out `t1`, `t2`, ... living `lifetimeMs` from the clock's now. */
function issuer(clock: { now: number }, lifetimeMs = HOUR, extra: Partial<IssuedToken> = {}) {
  const issued: string[] = [];
  let failing = false;
  return {
    issued,
    fail: (value: boolean) => (failing = value),
    obtain: () => {
      if (failing) return Promise.reject(new Error('AADSTS50000: the token endpoint is down'));
      const token = `t${issued.length + 1}`;
      issued.push(token);
      return Promise.resolve({ token, expiresOnTimestamp: clock.now + lifetimeMs, ...extra });
    },
  };
}

describe('createTokenCache', () => {
  it('reuses a token while it has more than the margin left, then gets a new one', async () => {
    const clock = { now: 0 };
    const source = issuer(clock);
    const cache = createTokenCache(source.obtain, () => clock.now);
    expect(await cache.get()).toBe('t1');
    clock.now = HOUR - REFRESH_MARGIN_MS - 1;
    expect(await cache.get()).toBe('t1');
    clock.now = HOUR - REFRESH_MARGIN_MS;
    expect(await cache.get()).toBe('t2');
    expect(source.issued).toEqual(['t1', 't2']);
  });

  it('renews at the time the issuer advised (refresh_in), when that comes first', async () => {
    const clock = { now: 0 };
    const source = issuer(clock, HOUR, { refreshAfterTimestamp: 10_000 });
    const cache = createTokenCache(source.obtain, () => clock.now);
    await cache.get();
    clock.now = 10_000;
    expect(await cache.get()).toBe('t2');
  });

  it('requests at the same time share one renewal', async () => {
    const clock = { now: 0 };
    const source = issuer(clock);
    const cache = createTokenCache(source.obtain, () => clock.now);
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual(['t1', 't1', 't1']);
    expect(source.issued).toHaveLength(1);
  });

  it('keeps using a token that still works when its renewal fails', async () => {
    const clock = { now: 0 };
    const source = issuer(clock);
    const cache = createTokenCache(source.obtain, () => clock.now);
    await cache.get();
    source.fail(true);
    clock.now = HOUR - 60_000;
    expect(await cache.get()).toBe('t1');
  });

  it('fails once the token has expired and no new one comes', async () => {
    const clock = { now: 0 };
    const source = issuer(clock);
    const cache = createTokenCache(source.obtain, () => clock.now);
    await cache.get();
    source.fail(true);
    clock.now = HOUR;
    await expect(cache.get()).rejects.toThrow(/token endpoint is down/);
  });

  it('after invalidate (the service refused the token), gets a new one at once', async () => {
    const clock = { now: 0 };
    const source = issuer(clock);
    const cache = createTokenCache(source.obtain, () => clock.now);
    await cache.get();
    cache.invalidate();
    expect(await cache.get()).toBe('t2');
  });
});
