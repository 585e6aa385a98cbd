/**
 * The answers of a trace, by request: method and URL without the host (path and query). The same
 * request made several times (a poll) gets its answers in the order recorded, then the last one
 * again, as the command replayed may poll once more than it did when the trace was made.
 */
import type { TraceRecord } from '../../trace/trace-record.ts';

export interface ReplayBook {
  /** The next answer for this request, or `undefined` when the trace holds none. */
  next(method: string, pathAndQuery: string): TraceRecord | undefined;
  /** How many requests the trace holds. */
  readonly size: number;
}

/** `METHOD /path?query`, the key requests are matched on. */
function requestKey(method: string, pathAndQuery: string): string {
  return `${method.toUpperCase()} ${pathAndQuery}`;
}

/** The path and query of an absolute URL, as a server sees it in its request line. */
function pathAndQueryOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

export function createReplayBook(records: readonly TraceRecord[]): ReplayBook {
  const queues = new Map<string, { readonly answers: TraceRecord[]; served: number }>();
  for (const record of records) {
    const key = requestKey(record.method, pathAndQueryOf(record.url));
    const queue = queues.get(key) ?? { answers: [], served: 0 };
    queue.answers.push(record);
    queues.set(key, queue);
  }
  return {
    size: records.length,
    next(method, pathAndQuery) {
      const queue = queues.get(requestKey(method, pathAndQuery));
      if (!queue) return undefined;
      const answer = queue.answers[Math.min(queue.served, queue.answers.length - 1)];
      queue.served += 1;
      return answer;
    },
  };
}
