/**
 * Giving up on work when a signal aborts: the work itself goes on (a request in flight, its
 * retries), but whoever waits for it stops waiting at once.
 */

/** `work`'s value, or `null` as soon as `signal` aborts. */
export function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal | null | undefined,
): Promise<T | null> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const stop = (): void => resolve(null);
    signal.addEventListener('abort', stop, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', stop);
        resolve(value);
      },
      (error: Error) => {
        signal.removeEventListener('abort', stop);
        reject(error);
      },
    );
  });
}

/** Why `signal` aborted, as an Error: its reason, or an AbortError when the reason is not one. */
export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error
    ? reason
    : new DOMException('The operation was aborted', 'AbortError');
}
