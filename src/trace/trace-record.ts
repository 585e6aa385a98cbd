/**
 * One line of a `--trace` file (docs/design/cli-contract.md, "Added in the second plan"): a request
 * attempt and its answer, with every secret replaced by `***` before it is written.
 */
import type { Exchange } from '../azdo/exchange.ts';
import { REDACTED, type Redactor } from '../redact.ts';

/** Exactly the contract's keys, in its order; `error` only when no answer came. */
export interface TraceRecord {
  /** When the request was sent (ISO time). */
  readonly t: string;
  readonly method: string;
  /** The absolute URL with its query, as sent. */
  readonly url: string;
  /** `null` when no answer came. */
  readonly status: number | null;
  readonly requestHeaders: Readonly<Record<string, string>>;
  /** The body as sent (JSON text), `null` when there was none. */
  readonly requestBody: string | null;
  readonly responseHeaders: Readonly<Record<string, string>> | null;
  /** The body as received (JSON, or text for logs), `null` when no answer came. */
  readonly responseBody: string | null;
  /** Why no answer came (network failure, time-out, interruption). */
  readonly error?: string;
}

/**
 * Headers that carry credentials whatever their value looks like: always `***`, also for a token
 * obtained in a way the redactor never saw (a cookie set by a proxy, say).
 */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

/** The trace line of an exchange, redacted by `redactor` (tokens and secret variable values). */
export function traceRecordOf(exchange: Exchange, redactor: Redactor): TraceRecord {
  const { response } = exchange;
  const text = (value: string): string => redactor.redact(value);
  return {
    t: exchange.sentAt.toISOString(),
    method: exchange.method,
    url: text(exchange.url),
    status: response?.status ?? null,
    requestHeaders: redactHeaders(Object.entries(exchange.requestHeaders), redactor),
    requestBody: exchange.requestBody === null ? null : text(exchange.requestBody),
    responseHeaders: response ? redactHeaders([...response.headers], redactor) : null,
    responseBody: response ? text(response.body) : null,
    ...(response ? {} : { error: text(describeFailure(exchange.error)) }),
  };
}

function redactHeaders(
  headers: readonly (readonly [string, string])[],
  redactor: Redactor,
): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, value] of headers) {
    redacted[name] = CREDENTIAL_HEADERS.has(name.toLowerCase()) ? REDACTED : redactor.redact(value);
  }
  return redacted;
}

/** The error's message and, for a network failure, the system's code (`ECONNRESET`). */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const detail = typeof cause?.message === 'string' ? cause.message : undefined;
  const message = `${error.name}: ${error.message}`;
  if (code && detail) return `${message} (${code}: ${detail})`;
  return detail ? `${message} (${detail})` : message;
}
