/**
 * The Location area: who we are signed in as, and where the release area lives
 * (docs/design/azure-devops.md §8).
 */
import { isAzureDevOpsError } from './errors.ts';
import type { OrganizationUrl } from './organization.ts';
import type { CallOptions } from './paging.ts';
import type { Transport } from './transport.ts';
import { connectionData, resourceAreas } from './decode/location.ts';
import type { ConnectionData, ResourceAreasAnswer } from './types.ts';

/** The Release area's id (docs/design/azure-devops.md §4, §8.1). */
const RELEASE_AREA_ID = 'efc2f575-36ef-48e9-b672-0c6fb4a48ac5';

export interface LocationClient {
  /** `GET {org}/_apis/connectionData`: the signed-in identity. */
  getConnectionData(options?: CallOptions): Promise<ConnectionData>;
  /** `GET {org}/_apis/ResourceAreas`; `null` where the server has none (Server, §9). */
  getResourceAreas(options?: CallOptions): Promise<ResourceAreasAnswer>;
  /** The release host's base URL, without a trailing slash; asked once, then remembered. */
  releaseUrl(options?: CallOptions): Promise<string>;
}

/**
 * The Location resources are preview-only (`releasedVersion` 0.0,
 * docs/design/azure-devops.md §8.2): a released version number is refused, so ask for the preview
 * of the transport's version.
 */
function locationVersion(apiVersion: string): string {
  const match = /^(\d+\.\d+)/.exec(apiVersion);
  return `${match?.[1] ?? '7.1'}-preview.1`;
}

export function createLocationClient(
  transport: Transport,
  organization: OrganizationUrl,
): LocationClient {
  const apiVersion = locationVersion(transport.apiVersion);
  let releaseUrl: Promise<string> | null = null;

  const getResourceAreas = async (options: CallOptions = {}): Promise<ResourceAreasAnswer> =>
    (
      await transport.json(
        {
          method: 'GET',
          url: `${organization.url}/_apis/ResourceAreas`,
          apiVersion,
          signal: options.signal,
        },
        resourceAreas,
      )
    ).body;

  /**
   * dev.azure.com and visualstudio.com have known release hosts. Elsewhere the Release area's
   * `locationUrl` says; a server that lists no areas (`{count: 0, value: null}`) or not that one
   * serves releases on the collection URL (§8.1, §9).
   */
  const discoverReleaseUrl = async (options: CallOptions): Promise<string> => {
    if (organization.releaseUrl !== null) return organization.releaseUrl;
    let answer: ResourceAreasAnswer;
    try {
      answer = await getResourceAreas(options);
    } catch (error) {
      // A server too old to have the resource has no release host either.
      if (isAzureDevOpsError(error) && error.kind === 'notFound') return organization.url;
      throw error;
    }
    const area = answer.value.find((candidate) => candidate.id.toLowerCase() === RELEASE_AREA_ID);
    return area?.locationUrl ? area.locationUrl.replace(/\/+$/, '') : organization.url;
  };

  return {
    async getConnectionData(options = {}) {
      const answer = await transport.json(
        {
          method: 'GET',
          url: `${organization.url}/_apis/connectionData`,
          apiVersion,
          signal: options.signal,
        },
        connectionData,
      );
      return answer.body;
    },
    getResourceAreas,
    releaseUrl(options = {}) {
      if (releaseUrl === null) {
        const pending = discoverReleaseUrl(options);
        releaseUrl = pending;
        // A failed lookup is not remembered: the next call asks again.
        pending.catch(() => {
          if (releaseUrl === pending) releaseUrl = null;
        });
      }
      return releaseUrl;
    },
  };
}
