/**
 * The one HTTP layer every area client shares: authentication, api-version, time-outs, retries,
 * rate limits, and turning answers into values or AzureDevOpsErrors. Tokens live only in the
 * Authorization header; no message it builds contains one.
 */
import { createAuthorizer, type Authorizer } from '../auth/authorizer.ts';
import { abortReason } from '../abort.ts';
import { messageOf } from '../errors.ts';
import { isPermanentNetworkError } from '../net/tls-errors.ts';
import type { Credential } from './auth.ts';
import { tooOldFor } from './server-features.ts';
import { apiArea, requestVersion, versionCeiling } from './versions.ts';
import { authorize, withSignInMethod } from './sign-in.ts';
import {
  badAnswer,
  checkSignedIn,
  noAnswerError,
  parseJson,
  withoutBom,
  withQuery,
  type QueryValue,
  type RawAnswer,
} from './answers.ts';
import {
  errorFromAnswer,
  isAzureDevOpsError,
  redactSecret,
  withOutcomeUnknown,
  type RequestSummary,
} from './errors.ts';
import {
  backoffDelay,
  isIdempotent,
  isRetryableNetworkError,
  isRetryableStatus,
  mayFollowAction,
  networkErrorCodes,
  requestedDelay,
  resolveRetryOptions,
  type ResolvedRetryOptions,
  type RetryEvent,
  type RetryOptions,
} from './retry.ts';
import { createRequestBudget, type RequestBudget } from './request-budget.ts';
import { AnswerShapeError, readAnswer, type Reader } from './decode/read.ts';
import type { Exchange } from './exchange.ts';

declare const __AZTM_VERSION__: string;
const VERSION = typeof __AZTM_VERSION__ === 'string' ? __AZTM_VERSION__ : '0.0.0-dev';

/**
 * The latest GA version; every operation aztm uses is GA at 7.1 (docs/design/azure-devops.md §0.2).
 */
const DEFAULT_API_VERSION = '7.1';

interface TransportOptions {
  readonly credential: Credential;
  /**
   * Node's global fetch by default; tests may inject their own, and the CLI gives one that goes
   * through a proxy or trusts `--ca-file` (src/net/). Entra ID token requests use it too.
   */
  readonly fetch?: typeof fetch;
  /**
   * `7.1` by default; older servers need lower (Server 2022: `7.0`,
   * docs/design/azure-devops.md §9).
   */
  readonly apiVersion?: string;
  /** `aztm/<version>` by default. */
  readonly userAgent?: string;
  /** Per attempt; 30 s by default. */
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
  readonly onRetry?: (event: RetryEvent) => void;
  /**
   * Shared by every transport of the process so that all of them together stay under one rate
   * (`--max-rps`); a budget of its own, at the default rate, when not given.
   */
  readonly budget?: RequestBudget;
  /** Told every attempt, a retry too, with its answer or error (`--trace`); unredacted. */
  readonly onExchange?: (exchange: Exchange) => void;
}

export interface TransportRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** Absolute URL without the query. */
  readonly url: string;
  /** `undefined` and `null` values are left out; arrays are comma-joined. */
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Sent as JSON when given. */
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
  /** This call's api-version, when it differs from the transport's. */
  readonly apiVersion?: string;
  /**
   * A write that does no harm when sent twice (a cancel): retried like a read when no answer or
   * a 5xx comes, always within `signal` (the shutdown's deadline).
   */
  readonly repeatable?: boolean;
}

interface JsonAnswer<T> {
  readonly body: T;
  readonly headers: Headers;
}

export interface Transport {
  readonly apiVersion: string;
  /**
   * A call answered with JSON, decoded by `reader` into the client's type: nothing past the
   * transport sees a raw answer. An answer the reader cannot make sense of is a `badAnswer`.
   */
  json<T>(request: TransportRequest, reader: Reader<T>): Promise<JsonAnswer<T>>;
  /** A call answered with text (logs); may be empty. */
  text(request: TransportRequest): Promise<string>;
  /** Listens to retries (for "lost connection, retrying" messages); returns the unsubscribe. */
  onRetry(listener: (event: RetryEvent) => void): () => void;
}

interface Settings {
  readonly authorizer: Authorizer;
  readonly fetch: typeof fetch;
  readonly apiVersion: string;
  /** The newest version the server said it speaks, once it refused ours as out of range. */
  ceiling: string | null;
  /** The areas (`_apis/{area}`) the server wants `-preview` for at its version. */
  readonly previewAreas: Set<string>;
  readonly userAgent: string;
  readonly timeoutMs: number;
  readonly retry: ResolvedRetryOptions;
  readonly budget: RequestBudget;
  readonly onExchange: ((exchange: Exchange) => void) | undefined;
}

export function createTransport(options: TransportOptions): Transport {
  const retry = resolveRetryOptions(options.retry);
  const settings: Settings = {
    authorizer: createAuthorizer(options.credential, { fetch: options.fetch }),
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    apiVersion: options.apiVersion ?? DEFAULT_API_VERSION,
    ceiling: null,
    previewAreas: new Set(),
    userAgent: options.userAgent ?? `aztm/${VERSION}`,
    timeoutMs: options.timeoutMs ?? 30_000,
    retry,
    budget: options.budget ?? createRequestBudget({ now: retry.now, sleep: retry.sleep }),
    onExchange: options.onExchange,
  };
  const listeners = new Set<(event: RetryEvent) => void>();
  if (options.onRetry) listeners.add(options.onRetry);
  const send = (request: TransportRequest, accept: 'json' | 'text'): Promise<RawAnswer> =>
    sendWithRetries(settings, listeners, request, accept);
  return {
    apiVersion: settings.apiVersion,
    async json<T>(request: TransportRequest, reader: Reader<T>): Promise<JsonAnswer<T>> {
      const answer = await send(request, 'json');
      try {
        return { body: decodeAnswer(answer, reader), headers: answer.headers };
      } catch (error) {
        // A write answered 2xx was carried out, but what it made cannot be read.
        const write = !isIdempotent(request.method) && isAzureDevOpsError(error);
        throw write ? withOutcomeUnknown(error) : error;
      }
    },
    async text(request: TransportRequest): Promise<string> {
      return withoutBom((await send(request, 'text')).text);
    },
    onRetry(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function decodeAnswer<T>(answer: RawAnswer, reader: Reader<T>): T {
  const parsed = parseJson(answer);
  try {
    return readAnswer(reader, parsed).value;
  } catch (error) {
    if (!(error instanceof AnswerShapeError)) throw error;
    throw badAnswer(answer, `an answer aztm cannot read (${error.message})`, error);
  }
}

type Attempt =
  | { readonly kind: 'answer'; readonly answer: RawAnswer }
  | { readonly kind: 'noAnswer'; readonly error: unknown; readonly timedOut: boolean };

async function sendWithRetries(
  settings: Settings,
  listeners: ReadonlySet<(event: RetryEvent) => void>,
  request: TransportRequest,
  accept: 'json' | 'text',
): Promise<RawAnswer> {
  const { retry } = settings;
  const url = withQuery(request.url, request.query);
  const summary: RequestSummary = { method: request.method, url };
  const started = retry.now();
  let renewed = false;
  const area = apiArea(url);
  for (let attempt = 1; ; attempt++) {
    // An older Server lacks some areas (docs/design/azure-devops.md §9): say so rather than send a
    // doomed call.
    const tooOld = settings.ceiling === null ? null : tooOldFor(summary, settings.ceiling);
    if (tooOld) throw tooOld;
    const authorization = await authorize(settings.authorizer, summary);
    const version = requestVersion(
      request.apiVersion ?? settings.apiVersion,
      settings.ceiling,
      settings.previewAreas.has(area),
    );
    // Every attempt, a retry too, takes its slot in the process's budget; the budget also holds
    // requests back while the service asks us to slow down (docs/design/azure-devops.md §6).
    await settings.budget.take(request.signal);
    const outcome = await attemptOnce(
      settings,
      request,
      url,
      accept,
      summary,
      authorization,
      version,
    );
    let retryable: boolean;
    let delay: number;
    let reason: string;
    if (outcome.kind === 'answer') {
      const { answer } = outcome;
      const asked = requestedDelay(answer.headers, retry.now());
      // docs/design/azure-devops.md §6: honour Retry-After even on a 200, and slow down while
      // delayed.
      settings.budget.observe(answer.headers);
      if (answer.status < 300 && answer.status !== 203) return checkSignedIn(answer);
      // An Entra ID token refused before its time (revoked, clock skew): one more try with a new
      // one. The service did not act on a request it refused, so even a write is resent.
      if ((answer.status === 401 || answer.status === 203) && !renewed) {
        renewed = settings.authorizer.renew();
        if (renewed) continue;
      }
      // An older server (Azure DevOps Server, docs/design/azure-devops.md §0.1, §9) names the
      // newest version it speaks: use it from now on. It did not act on the request, so even a
      // write is resent.
      const ceiling = versionCeiling(answer);
      if (ceiling !== null && ceiling !== settings.ceiling) {
        settings.ceiling = ceiling;
        continue;
      }
      // An area still in preview at the server's version asks for `-preview`
      // (docs/design/azure-devops.md §0.1).
      if (
        !settings.previewAreas.has(area) &&
        answer.status === 400 &&
        /-preview flag must be supplied/.test(answer.text)
      ) {
        settings.previewAreas.add(area);
        continue;
      }
      retryable = isRetryableStatus(retryAs(request), answer.status);
      delay = asked ?? backoffDelay(retry, attempt);
      reason = `HTTP ${answer.status}`;
      if (!retryable || !withinBudget(retry, started, attempt, delay)) {
        const error = settings.authorizer
          .secrets()
          .reduce(
            redactSecret,
            withSignInMethod(
              settings.authorizer,
              errorFromAnswer(summary, answer.status, answer.text, answer.headers),
            ),
          );
        // A write's 5xx or 429 may have come after the service acted (retry.ts): the caller of a
        // create looks for what it made before it sends anything again (src/recover/).
        const late = !isIdempotent(request.method) && mayFollowAction(answer.status);
        throw late ? withOutcomeUnknown(error) : error;
      }
    } else {
      if (request.signal?.aborted) throw abortReason(request.signal);
      retryable =
        isRetryableNetworkError(retryAs(request), outcome.error) &&
        !writeTimedOut(outcome, request);
      delay = backoffDelay(retry, attempt);
      reason = outcome.timedOut
        ? `time-out after ${settings.timeoutMs / 1000} s`
        : `network: ${networkErrorCodes(outcome.error)[0] ?? messageOf(outcome.error)}`;
      if (!retryable || !withinBudget(retry, started, attempt, delay)) {
        const error = noAnswerError(
          summary,
          outcome.error,
          outcome.timedOut ? settings.timeoutMs : null,
        );
        throw mayHaveActed(request, outcome) ? withOutcomeUnknown(error) : error;
      }
    }
    for (const listener of listeners) {
      listener({ attempt, delayMs: delay, reason, method: request.method, url });
    }
    await retry.sleep(delay, request.signal);
  }
}

/** The method whose retry rules apply: a repeatable write is retried like a read. */
function retryAs(request: TransportRequest): string {
  return request.repeatable === true ? 'GET' : request.method;
}

/**
 * A write that got no answer may have been carried out, unless the connection was refused (then
 * nothing was sent). The caller of a create looks for what it made instead (trigger.ts).
 */
function mayHaveActed(request: TransportRequest, outcome: Attempt): boolean {
  if (outcome.kind !== 'noAnswer' || isIdempotent(request.method)) return false;
  // An untrusted certificate or a proxy refusal: the request never reached the service.
  if (isPermanentNetworkError(outcome.error)) return false;
  return outcome.timedOut || !isRetryableNetworkError(request.method, outcome.error);
}

/** A write that timed out may have been acted on: never repeat it. */
function writeTimedOut(outcome: Attempt, request: TransportRequest): boolean {
  return outcome.kind === 'noAnswer' && outcome.timedOut && retryAs(request) !== 'GET';
}

function withinBudget(
  retry: ResolvedRetryOptions,
  started: number,
  attempt: number,
  delay: number,
): boolean {
  return attempt < retry.maxAttempts && retry.now() + delay - started <= retry.maxElapsedMs;
}

async function attemptOnce(
  settings: Settings,
  request: TransportRequest,
  url: string,
  accept: 'json' | 'text',
  summary: RequestSummary,
  authorization: string,
  version: string,
): Promise<Attempt> {
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  const headers: Record<string, string> = {
    Authorization: authorization,
    // Without it a bad token gets 203 and an HTML sign-in page instead of 401
    // (docs/design/azure-devops.md §5).
    'X-TFS-FedAuthRedirect': 'Suppress',
    Accept: `${accept === 'json' ? 'application/json' : 'text/plain'};api-version=${version}`,
    'User-Agent': settings.userAgent,
  };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  const body = request.body !== undefined ? JSON.stringify(request.body) : undefined;
  const sent = { sentAt: new Date(), method: request.method, url, requestHeaders: headers };
  let outcome: Attempt;
  try {
    const response = await settings.fetch(url, {
      method: request.method,
      headers,
      signal,
      ...(body !== undefined ? { body } : {}),
    });
    // Read inside the try: a connection reset half-way through the body is no answer either.
    const text = await response.text();
    outcome = {
      kind: 'answer',
      answer: {
        summary,
        status: response.status,
        headers: response.headers,
        text,
        redirected: response.redirected,
      },
    };
  } catch (error) {
    outcome = { kind: 'noAnswer', error, timedOut: timeout.aborted };
  }
  // Told outside the try: a listener's fault must not pass for the network's.
  settings.onExchange?.({
    ...sent,
    requestBody: body ?? null,
    ...(outcome.kind === 'answer'
      ? {
          response: {
            status: outcome.answer.status,
            headers: outcome.answer.headers,
            body: outcome.answer.text,
          },
        }
      : { response: null, error: outcome.error }),
  });
  return outcome;
}

export { clampVersion } from './versions.ts';
