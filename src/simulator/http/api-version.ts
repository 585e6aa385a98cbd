import type { IncomingHttpHeaders } from 'node:http';
import { SimHttpError } from './errors.ts';

const VERSION = /^(\d+)\.(\d+)(?:-preview(?:\.(\d+))?)?$/i;

/**
 * The api-version a request carries, in the query or the Accept header
 * (docs/design/azure-devops.md §0.1).
 */
export function readApiVersion(
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
): string | null {
  const fromQuery = query.get('api-version');
  if (fromQuery) return fromQuery.trim();
  const accept = headers.accept ?? '';
  const match = /api-version\s*=\s*([^;,\s]+)/i.exec(accept);
  return match?.[1] ?? null;
}

/**
 * Refuses what the service refuses (docs/design/azure-devops.md §0.1): a write without api-version,
 * a malformed one, one above the newest the server speaks, and a version above the released one
 * without `-preview`.
 */
export function checkApiVersion(
  method: string,
  version: string | null,
  limits: { readonly released: string; readonly max: string },
): void {
  if (version === null) {
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return;
    throw new SimHttpError(
      400,
      'VssVersionNotSpecifiedException',
      `No api-version was supplied for the "${method}" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. "?api-version=1.0").`,
    );
  }
  const parsed = VERSION.exec(version);
  if (!parsed) {
    throw new SimHttpError(
      400,
      'VssInvalidApiVersionException',
      `The api-version '${version}' is not valid. The api-version must be in the format {Major}.{Minor}[-{stage}[.{resource-version}]], for example 1.0-preview.1.`,
    );
  }
  const requested = Number(parsed[1]) * 1000 + Number(parsed[2]);
  const max = toNumber(limits.max);
  if (requested > max) {
    throw new SimHttpError(
      400,
      'VssVersionOutOfRangeException',
      `The requested REST API version of ${parsed[1]}.${parsed[2]} is out of range for this server. The latest REST API version this server supports is ${limits.max}.`,
    );
  }
  const isPreview = /-preview/i.test(version);
  if (!isPreview && requested > toNumber(limits.released)) {
    throw new SimHttpError(
      400,
      'VssInvalidPreviewVersionException',
      `The requested version "${version}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${version}-preview"`,
    );
  }
}

function toNumber(version: string): number {
  const [major = '0', minor = '0'] = version.split('.');
  return Number(major) * 1000 + Number(minor);
}

/**
 * Whether an Azure DevOps Server speaking `max` has the area of a route
 * (docs/design/azure-devops.md §9): the Pipelines Runs API came with Server 2020 (6.0), the
 * Approvals API with Server 2022 (7.0).
 */
export function serverHasRoute(template: string, max: string): boolean {
  if (/_apis\/pipelines\/approvals/i.test(template)) return toNumber(max) >= toNumber('7.0');
  if (/_apis\/pipelines/i.test(template)) return toNumber(max) >= toNumber('6.0');
  return true;
}
