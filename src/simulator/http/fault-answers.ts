/**
 * What each fault kind does to a request (README "Faults"): answer in its place, hold it back,
 * or let it be carried out and then spoil or withhold its answer.
 */
import { STATUS_CODES } from 'node:http';
import type { FaultSpec } from '../scenario/model.ts';
import type { SimState } from '../state.ts';
import { SIGN_IN_PAGE } from './auth.ts';
import { serviceErrorBody } from './errors.ts';
import { HTML_200_PAGE, rateLimitHeaders, serverErrorBody, throttledBody } from './faults.ts';
import type { RouteResponse } from './route.ts';

/** The value `unknownEnum` puts in every enum field: one no client has heard of. */
const UNKNOWN_ENUM_VALUE = 'somethingNew';

/**
 * The fields whose text values are enums in every answer aztm reads
 * (docs/design/azure-devops.md §1.2, §2, §4.2).
 */
const ENUM_FIELDS: ReadonlySet<string> = new Set(['status', 'state', 'result']);

type FaultPlan =
  /** Answer this instead; the request is not carried out. */
  | { readonly kind: 'answer'; readonly response: RouteResponse }
  /** Reset the connection; the request is not carried out. */
  | { readonly kind: 'reset' }
  /**
   * Carry the request out after `delayMs` of real time, then send `after(answer)`, or reset the
   * connection unanswered for `'reset'`.
   */
  | {
      readonly kind: 'carryOut';
      readonly delayMs: number;
      readonly after: (response: RouteResponse) => RouteResponse | 'reset';
    };

const unchanged = (response: RouteResponse): RouteResponse => response;

export function planFault(state: SimState, spec: FaultSpec, requestBody: unknown): FaultPlan {
  switch (spec.kind) {
    case 'throttle':
      return answer(429, {
        body: throttledBody(),
        headers: rateLimitHeaders(
          state,
          { ...spec, retryAfterSeconds: spec.retryAfterSeconds ?? 30 },
          { delayed: false },
        ),
      });
    case 'serverError':
      return answer(spec.status, {
        body: serverErrorBody(spec.status),
        headers:
          spec.retryAfterSeconds === null ? {} : { 'Retry-After': String(spec.retryAfterSeconds) },
      });
    case 'resetBeforeHandling':
      return { kind: 'reset' };
    case 'emptyBody':
      return answer(200, { text: '', headers: { 'Content-Type': JSON_TYPE } });
    case 'htmlBody':
      return answer(200, { text: HTML_200_PAGE, headers: { 'Content-Type': HTML_TYPE } });
    case 'echoParameters':
      return answer(400, { body: echoedParameters(requestBody) });
    case 'signInPage':
      // What a proxy's or the service's sign-in redirect looks like, whatever the client asked
      // for with X-TFS-FedAuthRedirect (docs/design/azure-devops.md §5).
      return answer(203, { text: SIGN_IN_PAGE, headers: { 'Content-Type': HTML_TYPE } });
    case 'slow':
      return { kind: 'carryOut', delayMs: spec.delayMs, after: unchanged };
    case 'rateLimitDelay': {
      const headers = rateLimitHeaders(state, spec, { delayed: true });
      return {
        kind: 'carryOut',
        delayMs: 0,
        after: (response) => ({ ...response, headers: { ...response.headers, ...headers } }),
      };
    }
    case 'resetAfterCommit':
      return { kind: 'carryOut', delayMs: 0, after: () => 'reset' };
    case 'answerAfterCommit':
      return { kind: 'carryOut', delayMs: 0, after: () => gatewayAnswer(spec) };
    case 'invalidJson':
      return { kind: 'carryOut', delayMs: 0, after: truncatedAnswer };
    case 'unknownEnum':
      return {
        kind: 'carryOut',
        delayMs: 0,
        after: (response) =>
          response.body === undefined
            ? response
            : { ...response, body: withUnknownEnums(response.body) },
      };
  }
}

/**
 * What a proxy or gateway between the client and the service sends in place of the service's
 * answer: its own HTML error page, not the service's JSON error (docs/design/azure-devops.md §5),
 * so nothing in it says whether the service acted.
 */
function gatewayAnswer(spec: FaultSpec): RouteResponse {
  const title = `${spec.status} ${STATUS_CODES[spec.status] ?? 'Error'}`;
  return {
    status: spec.status,
    text: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>gateway</center>\r\n</body>\r\n</html>\r\n`,
    headers: {
      'Content-Type': HTML_TYPE,
      ...(spec.retryAfterSeconds === null ? {} : { 'Retry-After': String(spec.retryAfterSeconds) }),
    },
  };
}

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';

function answer(status: number, response: Omit<RouteResponse, 'status'>): FaultPlan {
  return { kind: 'answer', response: { status, ...response } };
}

/**
 * A refused queue that quotes the request's queue-time values back, as JSON text in a JSON
 * string: a secret in them comes back escaped twice in the message, three times in the body.
 */
function echoedParameters(requestBody: unknown): ReturnType<typeof serviceErrorBody> {
  const request = (typeof requestBody === 'object' && requestBody !== null ? requestBody : {}) as {
    parameters?: unknown;
    variables?: unknown;
  };
  const given =
    typeof request.parameters === 'string'
      ? request.parameters
      : JSON.stringify(request.variables ?? request.parameters ?? null);
  return serviceErrorBody(
    'BuildRequestValidationFailedException',
    'Could not queue the build because there were validation errors or warnings.',
    {
      ValidationResults: [
        {
          result: 'error',
          message: `The queue-time values ${JSON.stringify(given)} could not be applied to the definition's variables.`,
        },
      ],
    },
  );
}

/**
 * The answer's JSON cut off half-way, as a proxy or a dropped upstream connection leaves it, sent
 * as a complete 200 so that only parsing it fails.
 */
function truncatedAnswer(response: RouteResponse): RouteResponse {
  const full = response.text ?? JSON.stringify(response.body ?? {});
  const cut = full.slice(0, Math.floor(full.length / 2));
  return {
    status: 200,
    text: cut.length > 1 ? cut : '{"value":[',
    headers: { 'Content-Type': JSON_TYPE },
  };
}

/** A deep copy of `value` with every text `status`, `state` and `result` replaced. */
function withUnknownEnums(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withUnknownEnums);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      ENUM_FIELDS.has(key) && typeof child === 'string'
        ? UNKNOWN_ENUM_VALUE
        : withUnknownEnums(child),
    ]),
  );
}
