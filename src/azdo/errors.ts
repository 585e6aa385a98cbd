/**
 * The one error type for Azure DevOps failures: what was asked (method and URL, never headers or
 * tokens), what the service answered, and a `kind` the adapters map to exit codes and messages.
 */

export type AzureDevOpsErrorKind =
  /**
   * 203 sign-in page or 401: the token is wrong, expired, or lacks access
   * (docs/design/azure-devops.md §5).
   */
  | 'signIn'
  /** 403. */
  | 'permission'
  /** 404 (also what the service answers when the caller may not see the object, §5). */
  | 'notFound'
  /** 400, 409 and other 4xx: the request was refused as invalid. */
  | 'validation'
  /** 429 that retries did not get past. */
  | 'throttled'
  /** 5xx that retries did not get past. */
  | 'server'
  /** No answer: connection refused or reset, DNS failure, time-out. */
  | 'network'
  /** A 2xx whose body is empty or not JSON where JSON was expected. */
  | 'badAnswer';

/**
 * One of `customProperties.ValidationResults` of a refused queue (docs/design/azure-devops.md §5).
 */
interface ValidationResult {
  readonly result: string;
  readonly message: string;
}

export interface RequestSummary {
  readonly method: string;
  readonly url: string;
}

interface AzureDevOpsErrorDetails {
  readonly kind: AzureDevOpsErrorKind;
  readonly request: RequestSummary;
  /** HTTP status; `null` when no answer came. */
  readonly status: number | null;
  /** The service's `typeKey`, e.g. `BuildRequestValidationFailedException`. */
  readonly typeKey?: string | null;
  /** The service's own message, when its body had one. */
  readonly serviceMessage?: string | null;
  readonly validationResults?: readonly ValidationResult[];
  /** See `AzureDevOpsError.outcomeUnknown`; `false` when not given. */
  readonly outcomeUnknown?: boolean;
  readonly cause?: unknown;
}

export class AzureDevOpsError extends Error {
  readonly kind: AzureDevOpsErrorKind;
  readonly status: number | null;
  readonly typeKey: string | null;
  readonly serviceMessage: string | null;
  readonly validationResults: readonly ValidationResult[];
  readonly request: RequestSummary;
  /**
   * A write (POST, PATCH) that may have been carried out though no usable answer came: the
   * connection was reset or timed out after the request was sent, a 2xx could not be read, or a
   * 5xx or 429 came (a gateway may send one after the service acted, retry.ts `mayFollowAction`).
   * `false` for the service's refusal (another 4xx) and for a connection refused before anything
   * was sent.
   */
  readonly outcomeUnknown: boolean;

  constructor(message: string, details: AzureDevOpsErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'AzureDevOpsError';
    this.kind = details.kind;
    this.status = details.status;
    this.typeKey = details.typeKey ?? null;
    this.serviceMessage = details.serviceMessage ?? null;
    this.validationResults = details.validationResults ?? [];
    this.request = details.request;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
  }
}

export function isAzureDevOpsError(error: unknown): error is AzureDevOpsError {
  return error instanceof AzureDevOpsError;
}

/**
 * The kind of a non-2xx answer. Every 203 is the sign-in page (docs/design/azure-devops.md §5),
 * never success.
 */
function kindOfStatus(status: number): AzureDevOpsErrorKind {
  if (status === 203 || status === 401) return 'signIn';
  if (status === 403) return 'permission';
  if (status === 404) return 'notFound';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server';
  if (status >= 400) return 'validation';
  return 'badAnswer';
}

/** What the service's error body (docs/design/azure-devops.md §5) says, when it is one. */
interface ServiceErrorBody {
  readonly message: string | null;
  readonly typeKey: string | null;
  readonly validationResults: readonly ValidationResult[];
}

function parseServiceErrorBody(text: string): ServiceErrorBody {
  const none: ServiceErrorBody = { message: null, typeKey: null, validationResults: [] };
  let parsed: unknown;
  try {
    // A byte-order mark may come first (docs/design/azure-devops.md §13 row 6).
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return none;
  }
  if (!isRecord(parsed)) return none;
  const custom = isRecord(parsed.customProperties) ? parsed.customProperties : {};
  const results = Array.isArray(custom.ValidationResults) ? custom.ValidationResults : [];
  return {
    message: typeof parsed.message === 'string' ? parsed.message : null,
    typeKey: typeof parsed.typeKey === 'string' ? parsed.typeKey : null,
    validationResults: results.filter(isRecord).map((item) => ({
      result: typeof item.result === 'string' ? item.result : 'error',
      message: typeof item.message === 'string' ? item.message : '',
    })),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The error for a non-2xx answer. Its message says what went wrong in words a user can act on;
 * a sign-in failure explains the usual causes (and never names the token).
 */
export function errorFromAnswer(
  request: RequestSummary,
  status: number,
  bodyText: string,
  headers?: Headers,
): AzureDevOpsError {
  const kind = kindOfStatus(status);
  // 203 is an HTML sign-in page: nothing in it is worth parsing.
  const parsed =
    status === 203
      ? { message: null, typeKey: null, validationResults: [] }
      : parseServiceErrorBody(bodyText);
  const headerMessage = status === 203 ? null : serviceErrorHeader(headers);
  const body = parsed.message === null ? { ...parsed, message: headerMessage } : parsed;
  const where = `${request.method} ${request.url}`;
  let message: string;
  if (kind === 'signIn') {
    message =
      `Azure DevOps did not accept the credentials (HTTP ${status} on ${where}): ` +
      'the token is wrong, has expired, or lacks access to this organization or the scope this call needs' +
      (body.message ? ` (${body.message})` : '');
  } else {
    const problems = body.validationResults
      .filter((item) => item.message && item.result !== 'ok')
      .map((item) => item.message);
    const main = body.message ?? `HTTP ${status} on ${where}`;
    message = problems.length > 0 ? `${main} ${problems.join(' ')}` : main;
  }
  return new AzureDevOpsError(message, {
    kind,
    request,
    status,
    typeKey: body.typeKey,
    serviceMessage: body.message,
    validationResults: body.validationResults,
  });
}

/**
 * The service's message as the `x-tfs-serviceerror` header carries it, form-encoded
 * (docs/design/azure-devops.md §13 row 6, cli-extension recording
 * `test_devops_team_createUpdateShowListDeleteListMember.yaml`): what a body that cannot be read
 * still says.
 */
function serviceErrorHeader(headers: Headers | undefined): string | null {
  const raw = headers?.get('x-tfs-serviceerror');
  if (!raw) return null;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).trim() || null;
  } catch {
    return raw.trim() || null;
  }
}

/**
 * The same error with every occurrence of `secret` masked. The service has no reason to echo a
 * token, but a message is printed as is, so the transport makes sure (docs/design/cli-contract.md,
 * Secrets).
 */
export function redactSecret(error: AzureDevOpsError, secret: string): AzureDevOpsError {
  if (secret.length < 4) return error;
  const mask = (text: string): string => text.split(secret).join('***');
  const texts = [
    error.message,
    error.serviceMessage ?? '',
    ...error.validationResults.map((item) => item.message),
  ];
  if (!texts.some((text) => text.includes(secret))) return error;
  return changedError(error, {
    message: mask(error.message),
    serviceMessage: error.serviceMessage === null ? null : mask(error.serviceMessage),
    validationResults: error.validationResults.map((item) => ({
      result: item.result,
      message: mask(item.message),
    })),
  });
}

/** A copy of `error` with `changes`: errors are values, never altered where they are caught. */
export function changedError(
  error: AzureDevOpsError,
  changes: {
    readonly message?: string;
    readonly serviceMessage?: string | null;
    readonly validationResults?: AzureDevOpsError['validationResults'];
    readonly outcomeUnknown?: boolean;
  },
): AzureDevOpsError {
  return new AzureDevOpsError(changes.message ?? error.message, {
    kind: error.kind,
    request: error.request,
    status: error.status,
    typeKey: error.typeKey,
    serviceMessage:
      changes.serviceMessage === undefined ? error.serviceMessage : changes.serviceMessage,
    validationResults: changes.validationResults ?? error.validationResults,
    outcomeUnknown: changes.outcomeUnknown ?? error.outcomeUnknown,
    cause: error.cause,
  });
}

/** The same error, marked as a write that may have been carried out (see `outcomeUnknown`). */
export function withOutcomeUnknown(error: AzureDevOpsError): AzureDevOpsError {
  if (error.outcomeUnknown) return error;
  return changedError(error, { outcomeUnknown: true });
}
