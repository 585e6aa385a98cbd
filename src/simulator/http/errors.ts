/**
 * Errors in the service's own body shape (docs/design/azure-devops.md §5):
 * `{ $id, innerException, message, typeName, typeKey, errorCode, eventId }`.
 */
interface ServiceErrorBody {
  $id: string;
  innerException: null;
  message: string;
  typeName: string;
  typeKey: string;
  errorCode: number;
  eventId: number;
  customProperties?: Record<string, unknown>;
}

/** Assembly-qualified type names of the exceptions the simulator raises, by typeKey. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  VssVersionNotSpecifiedException:
    'Microsoft.VisualStudio.Services.WebApi.VssVersionNotSpecifiedException, Microsoft.VisualStudio.Services.WebApi',
  VssVersionOutOfRangeException:
    'Microsoft.VisualStudio.Services.WebApi.VssVersionOutOfRangeException, Microsoft.VisualStudio.Services.WebApi',
  VssInvalidPreviewVersionException:
    'Microsoft.VisualStudio.Services.WebApi.VssInvalidPreviewVersionException, Microsoft.VisualStudio.Services.WebApi',
  UnauthorizedRequestException:
    'Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server',
  BuildRequestValidationFailedException:
    'Microsoft.TeamFoundation.Build.WebApi.BuildRequestValidationFailedException, Microsoft.TeamFoundation.Build2.WebApi',
  InvalidRequestException:
    'Microsoft.VisualStudio.Services.ReleaseManagement.Data.Exceptions.InvalidRequestException, Microsoft.VisualStudio.Services.ReleaseManagement2.Data',
};

/** Whether an answer's body is the service's error shape (and so gets its wire form, below). */
export function isServiceErrorBody(body: unknown): body is ServiceErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const { typeKey, message } = body as Record<string, unknown>;
  return typeof typeKey === 'string' && typeof message === 'string';
}

/**
 * An error body as the service puts it on the wire: a UTF-8 byte-order mark before the JSON, and
 * the message again, URL-encoded (`%20` for spaces, `%3A` for colons, `%2F` for slashes), in the
 * `X-TFS-ServiceError` header (docs/design/azure-devops.md §13 row 6; recording: cli-extension
 * tests/latest/integrationtests/recordings/test_devops_team_createUpdateShowListDeleteListMember.yaml,
 * its 503 TF24668 answers).
 */
export function serviceErrorWire(body: ServiceErrorBody): {
  readonly text: string;
  readonly header: string;
} {
  return { text: `\uFEFF${JSON.stringify(body)}`, header: encodeURIComponent(body.message) };
}

/** Builds the service's error body for a typeKey and message. */
export function serviceErrorBody(
  typeKey: string,
  message: string,
  customProperties?: Record<string, unknown>,
): ServiceErrorBody {
  const typeName =
    TYPE_NAMES[typeKey] ??
    `Microsoft.TeamFoundation.Framework.Server.${typeKey}, Microsoft.TeamFoundation.Framework.Server`;
  return {
    $id: '1',
    ...(customProperties ? { customProperties } : {}),
    innerException: null,
    message,
    typeName,
    typeKey,
    errorCode: 0,
    eventId: 3000,
  };
}

/** Thrown by a route handler to answer with the service's error shape. */
export class SimHttpError extends Error {
  readonly status: number;
  readonly body: ServiceErrorBody;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    typeKey: string,
    message: string,
    options: {
      customProperties?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = 'SimHttpError';
    this.status = status;
    this.body = serviceErrorBody(typeKey, message, options.customProperties);
    this.headers = options.headers ?? {};
  }
}

/** 400 for a request the service would refuse as invalid. */
export function badRequest(typeKey: string, message: string): SimHttpError {
  return new SimHttpError(400, typeKey, message);
}

/** 404 the way the service says an object does not exist (or is not visible to the caller). */
export function notFound(typeKey: string, message: string): SimHttpError {
  return new SimHttpError(404, typeKey, message);
}
