/**
 * What the transport makes of an answer, or of no answer: the value, or an AzureDevOpsError
 * saying why there is none.
 */
import { AzureDevOpsError, errorFromAnswer, type RequestSummary } from './errors.ts';
import { describePermanentNetworkError } from '../net/tls-errors.ts';
import { networkErrorCodes } from './retry.ts';
import { messageOf } from '../errors.ts';

/** One answer as read off the wire. */
export interface RawAnswer {
  readonly summary: RequestSummary;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly redirected: boolean;
}

/**
 * A 2xx can still be the sign-in page: when the service redirected to it
 * (docs/design/azure-devops.md §5, "or with a 302 redirect to sign-in") we land on HTML.
 */
export function checkSignedIn(answer: RawAnswer): RawAnswer {
  const html = /text\/html/i.test(answer.headers.get('content-type') ?? '');
  if (answer.redirected && html) throw errorFromAnswer(answer.summary, 203, answer.text);
  return answer;
}

/**
 * The text without the UTF-8 byte-order mark the service may put first
 * (docs/design/azure-devops.md §13 row 6).
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** An answer that came but cannot be used: `what` says what it was instead of what was expected. */
export function badAnswer(answer: RawAnswer, what: string, cause?: unknown): AzureDevOpsError {
  const where = `${answer.summary.method} ${answer.summary.url}`;
  return new AzureDevOpsError(`Azure DevOps answered ${where} with ${what}`, {
    kind: 'badAnswer',
    request: answer.summary,
    status: answer.status,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The answer's JSON, as `JSON.parse` gives it: the decoders (decode/) take it from there. */
export function parseJson(answer: RawAnswer): unknown {
  const text = withoutBom(answer.text);
  const contentType = answer.headers.get('content-type') ?? '';
  if (text.trim() === '') throw badAnswer(answer, 'an empty body where JSON was expected');
  if (/text\/html/i.test(contentType)) {
    throw badAnswer(answer, 'an HTML page where JSON was expected');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badAnswer(answer, 'a body that is not JSON where JSON was expected', error);
  }
}

/** No answer came: the connection failed, was reset, or the time-out passed. */
export function noAnswerError(
  summary: RequestSummary,
  error: unknown,
  timedOutAfterMs: number | null,
): AzureDevOpsError {
  const detail =
    timedOutAfterMs !== null
      ? `no answer within ${timedOutAfterMs / 1000} s`
      : `no answer (${describePermanentNetworkError(error) ?? networkErrorCodes(error)[0] ?? messageOf(error)})`;
  return new AzureDevOpsError(
    `Could not reach Azure DevOps: ${summary.method} ${summary.url} got ${detail}`,
    { kind: 'network', request: summary, status: null, cause: error },
  );
}

/** A query parameter's value: `undefined` and `null` are left out, arrays are comma-joined. */
export type QueryValue =
  string | number | boolean | null | undefined | readonly (string | number)[];

/** The URL with its query. `$expand` keeps its `$` and lists their commas, as the service writes them. */
export function withQuery(
  url: string,
  query: Readonly<Record<string, QueryValue>> | undefined,
): string {
  const encode = (text: string): string =>
    encodeURIComponent(text).replace(/%24/g, '$').replace(/%2C/gi, ',');
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    const text = typeof value === 'object' ? value.join(',') : String(value);
    parts.push(`${encode(name)}=${encode(text)}`);
  }
  const base = new URL(url).toString();
  return parts.length === 0 ? base : `${base}${base.includes('?') ? '&' : '?'}${parts.join('&')}`;
}
