/**
 * Keeps an Entra ID token and gets a new one before it expires, so that a follow of many hours
 * never sends an expired token. The token's source is a function: `@azure/identity` behind a lazy
 * import in the product, anything in tests.
 */
import { systemNow, type Now } from '../clock.ts';

/** A token and when it stops working, as `@azure/identity` gives it. */
export interface IssuedToken {
  readonly token: string;
  /** Milliseconds since the epoch. */
  readonly expiresOnTimestamp: number;
  /** When the issuer advises getting a new one (`refresh_in`), if it said. */
  readonly refreshAfterTimestamp?: number | undefined;
}

export interface TokenCache {
  /** A token valid for at least the margin, obtained now or earlier. */
  get(): Promise<string>;
  /** Forgets the token: the service refused it (revoked, or expired early). */
  invalidate(): void;
}

/** Tokens are renewed this long before they expire: a poll may take a while to reach the service. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export function createTokenCache(
  obtain: () => Promise<IssuedToken>,
  now: Now = systemNow,
  marginMs: number = REFRESH_MARGIN_MS,
): TokenCache {
  let current: IssuedToken | null = null;
  let pending: Promise<IssuedToken> | null = null;

  const refresh = (): Promise<IssuedToken> => {
    // Requests in flight at once share one renewal.
    pending ??= obtain().finally(() => {
      pending = null;
    });
    return pending;
  };
  const fresh = (token: IssuedToken): boolean => {
    const renewAt = Math.min(
      token.expiresOnTimestamp - marginMs,
      token.refreshAfterTimestamp ?? Number.POSITIVE_INFINITY,
    );
    return now() < renewAt;
  };

  return {
    async get() {
      const held = current;
      if (held && fresh(held)) return held.token;
      try {
        current = await refresh();
      } catch (error) {
        // Entra ID may hiccup: a token that still works is better than stopping a long follow.
        if (held && now() < held.expiresOnTimestamp) return held.token;
        throw error;
      }
      return current.token;
    },
    invalidate() {
      current = null;
    },
  };
}
