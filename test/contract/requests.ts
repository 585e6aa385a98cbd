/**
 * Checks whole sessions against the specs: every request a client sent and every answer the
 * simulator gave. Exchanges come from a recording proxy (recording-proxy.ts: requests and
 * responses) or from the simulator's own request log (requests and statuses only: the log keeps
 * no response bodies).
 */
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { discoveryEndpoint, validateDiscovery } from './discovery-schemas.ts';
import { findOperation, validateRequestBody, validateResponse } from './spec-index.ts';

/** One request and its answer, as seen on the wire. */
export interface Exchange {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  /** The parsed JSON body; `undefined` for none. A body that is not JSON is kept as text. */
  readonly requestBody: unknown;
  /** `null` when no answer came (the connection was reset). */
  readonly status: number | null;
  /** The answer; `null` when it was not recorded (the simulator's request log). */
  readonly response: { readonly contentType: string; readonly text: string } | null;
  /** The fault the simulator injected, when known: such answers are deliberately off-spec. */
  readonly fault?: string | null;
}

/**
 * The problems of one exchange, none when both directions are spec-valid. Skipped: the
 * simulator's admin API, injected faults, unanswered requests, and the 203 sign-in page (an
 * unauthenticated request's answer, docs/design/azure-devops.md §5, which no spec describes).
 */
export function checkExchange(exchange: Exchange): readonly string[] {
  const path = exchange.url.split('?')[0] ?? '';
  if (/^\/_sim(\/|$)/.test(path) || exchange.fault || exchange.status === null) return [];
  const { status, response } = exchange;
  // The simulator answers 203 only with the sign-in page; the request log does not say so.
  if (status === 203 && (!response || /text\/html/i.test(response.contentType))) return [];
  const body = response ? jsonBody(response) : { kind: 'unknown' as const };

  const discovery = discoveryEndpoint(exchange.method, exchange.url);
  if (discovery) {
    if (status !== 200 || body.kind === 'unknown') return [];
    if (body.kind === 'text') return ['(root) the response has no JSON body'];
    return validateDiscovery(discovery, body.value);
  }

  const operation = findOperation(exchange.method, null, exchange.url);
  if (!operation) return [`no operation of the specs is ${exchange.method} ${path}`];
  const problems = [...validateRequestBody(operation, exchange.requestBody)];
  if (body.kind === 'unknown') {
    // Without the answer, the status at least must be one the spec (or §5) allows.
    problems.push(
      ...validateResponse(operation, status, undefined).filter((p) => p.startsWith('status ')),
    );
    return problems;
  }
  // A text answer where the spec promises JSON is reported as having no JSON body; a stream
  // operation (log text, zip) has no JSON schema and is not.
  const value = body.kind === 'json' ? body.value : undefined;
  return [...problems, ...validateResponse(operation, status, value)];
}

/** Every problem of a session, each as `METHOD url: problem`; empty when all is spec-valid. */
export function checkExchanges(exchanges: readonly Exchange[]): string[] {
  return exchanges.flatMap((exchange) =>
    checkExchange(exchange).map((problem) => `${exchange.method} ${exchange.url}: ${problem}`),
  );
}

/**
 * Checks the simulator's request log: request bodies against the specs, and the answers too when
 * the simulator was started with `requestLog.recordResponses` (otherwise each status against
 * those the spec documents).
 */
export function checkRequestLog(sim: Pick<RunningSimulator, 'state'>): string[] {
  return checkExchanges(
    sim.state.requests.map((entry): Exchange => ({
      method: entry.method,
      url: entry.url,
      requestBody: entry.body === null ? undefined : entry.body,
      status: entry.status,
      response: entry.response,
      fault: entry.fault,
    })),
  );
}

type ParsedBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'text' }
  | { readonly kind: 'unknown' };

function jsonBody(response: { readonly contentType: string; readonly text: string }): ParsedBody {
  if (!/json/i.test(response.contentType) || response.text.length === 0) return { kind: 'text' };
  try {
    return { kind: 'json', value: JSON.parse(response.text) as unknown };
  } catch {
    return { kind: 'text' };
  }
}
