/**
 * When and how long to wait before trying a request again. Reads retry on network faults, 5xx
 * and 429; writes only when the service certainly did not act (docs/design/style.md rule 5,
 * docs/design/anchor-tools.md: never re-POST a create blindly), which no answer with a status
 * proves (`mayFollowAction`). Waits are exponential with full jitter, unless the service said how
 * long (`Retry-After`, `X-RateLimit-Delay`, docs/design/azure-devops.md §6).
 */
import { systemNow, systemSleep, type Now, type Sleep } from '../clock.ts';
import { isPermanentNetworkError } from '../net/tls-errors.ts';

/** Tuning and the injectable clock; every field optional, defaults in `resolveRetryOptions`. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 6. */
  readonly maxAttempts?: number;
  /** No retry whose wait would end later than this after the first attempt. Default 2 min. */
  readonly maxElapsedMs?: number;
  /** The first backoff's ceiling. Default 1 s. */
  readonly baseDelayMs?: number;
  /** The largest backoff ceiling (not applied to a wait the service asked for). Default 30 s. */
  readonly maxDelayMs?: number;
  /** A number in [0, 1); `Math.random` by default. */
  readonly random?: () => number;
  /** Waits; must reject with the signal's reason when it aborts. */
  readonly sleep?: Sleep;
  /** `Date.now` by default. */
  readonly now?: Now;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

/** What `onRetry` hears: the attempt that failed (1 for the first), the wait, and why. */
export interface RetryEvent {
  readonly attempt: number;
  readonly delayMs: number;
  /** e.g. `HTTP 503`, `HTTP 429`, `network: ECONNRESET`, `time-out after 30 s`. */
  readonly reason: string;
  readonly method: string;
  readonly url: string;
}

export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxAttempts: options.maxAttempts ?? 6,
    maxElapsedMs: options.maxElapsedMs ?? 120_000,
    baseDelayMs: options.baseDelayMs ?? 1_000,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? systemSleep,
    now: options.now ?? systemNow,
  };
}

/** Full jitter: a random wait between 0 and min(max, base * 2^(attempt-1)). */
export function backoffDelay(options: ResolvedRetryOptions, attempt: number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(options.random() * ceiling);
}

/**
 * How long the service asked us to wait, in ms, or `null`: `Retry-After` in seconds or as an
 * HTTP date, else `X-RateLimit-Delay` in seconds with decimals (docs/design/azure-devops.md §6).
 */
export function requestedDelay(headers: Headers, now: number): number | null {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const delay = headers.get('x-ratelimit-delay')?.trim();
  if (delay && /^\d+(\.\d+)?$/.test(delay)) return Math.round(Number(delay) * 1000);
  return null;
}

/** Methods whose repetition cannot do harm. */
export function isIdempotent(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/**
 * Whether an answer is worth another try: only for a read (or a write retried as one, `repeatable`
 * in transport.ts). A write is never retried on a status, not even a 429 or 503 with `Retry-After`:
 * a proxy or gateway between aztm and Azure DevOps may send one after it forwarded the request and
 * the service acted on it (issue 15: six runs from one command), and aztm cannot tell who sent it.
 */
export function isRetryableStatus(method: string, status: number): boolean {
  return isIdempotent(method) && (status === 429 || status >= 500);
}

/**
 * Whether a write's failed answer may have come after the service carried it out: any 5xx (the
 * service failed late, or a gateway lost the service's answer) and any 429 (a gateway's own limit
 * may be counted after forwarding). Other 4xx are the service's refusals: nothing was done.
 */
export function mayFollowAction(status: number): boolean {
  return status >= 500 || status === 429;
}

/**
 * Whether a failure to get any answer is worth another try. A write is retried only when the
 * connection was refused: then nothing was sent, so the service cannot have acted.
 */
export function isRetryableNetworkError(method: string, error: unknown): boolean {
  if (isPermanentNetworkError(error)) return false;
  if (isIdempotent(method)) return true;
  return networkErrorCodes(error).includes('ECONNREFUSED') && !hasOtherCodes(error);
}

/** Node's system error codes anywhere in a fetch error's causes (undici wraps them). */
export function networkErrorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (typeof value !== 'object' || value === null || depth > 4) return;
    const { code, cause, errors } = value as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string') codes.push(code);
    visit(cause, depth + 1);
    if (Array.isArray(errors)) for (const inner of errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  return codes;
}

/** Every code is a refusal (a host with two addresses fails with one per address). */
function hasOtherCodes(error: unknown): boolean {
  return networkErrorCodes(error).some((code) => code !== 'ECONNREFUSED');
}
