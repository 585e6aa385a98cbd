import { notFound } from '../http/errors.ts';
import type { Route, RouteBase, RouteResponse } from '../http/route.ts';
import { listOf } from '../render/common.ts';
import type { SimState } from '../state.ts';
import { connectionData } from './location-connection.ts';
import {
  API_LOCATIONS,
  RESOURCE_AREAS,
  type ApiLocationSpec,
  type LocationHost,
  type ResourceAreaSpec,
} from './location-table.ts';

/**
 * Endpoint discovery (docs/design/azure-devops.md §8): the resource locations (`OPTIONS
 * _apis[/{area}]`), the resource areas and the connection data. A client such as
 * azure-devops-node-api reads these before its first real call, and builds every URL from them.
 */
export const locationRoutes: readonly Route[] = [
  ...(['org', 'release'] as const).flatMap((base): Route[] => [
    {
      operation: 'Location - Options',
      method: 'OPTIONS',
      base,
      template: '_apis',
      scope: null,
      handle: ({ state }) => ok(listOf(locationsOn(state, base, null))),
    },
    {
      operation: 'Location - Options (area)',
      method: 'OPTIONS',
      base,
      template: '_apis/{area}',
      scope: null,
      // An area the host does not serve answers an empty list [unverified], which a client
      // reports as "Failed to find api location" (§8.1 step 2).
      handle: ({ state, request }) =>
        ok(listOf(locationsOn(state, base, request.params.area ?? ''))),
    },
  ]),
  {
    operation: 'ResourceAreas - List',
    method: 'GET',
    base: 'org',
    template: '_apis/ResourceAreas',
    scope: null,
    handle: ({ state }) => {
      // Azure DevOps Server has no resource areas: the client then keeps the collection URL for
      // every area (§8.1, §9). `value` is null, not an empty list.
      if (state.scenario.mode === 'server') return ok({ count: 0, value: null });
      return ok(listOf(RESOURCE_AREAS.map((area) => resourceArea(state, area))));
    },
  },
  {
    operation: 'ResourceAreas - Get',
    method: 'GET',
    base: 'org',
    template: '_apis/ResourceAreas/{areaId}',
    scope: null,
    handle: ({ state, request }) => {
      const wanted = (request.params.areaId ?? '').toLowerCase();
      // Server lists no areas, so it finds none either; the exception's name and text are
      // [unverified].
      const area =
        state.scenario.mode === 'services'
          ? RESOURCE_AREAS.find((candidate) => candidate.id === wanted)
          : undefined;
      if (!area) {
        throw notFound(
          'ResourceAreaNotFoundException',
          `The resource area with id '${request.params.areaId ?? ''}' was not found.`,
        );
      }
      return ok(resourceArea(state, area));
    },
  },
  {
    operation: 'ConnectionData - Get',
    method: 'GET',
    base: 'org',
    template: '_apis/connectionData',
    scope: null,
    handle: ({ state, identity }) => ok(connectionData(state, identity)),
  },
];

/**
 * The locations a host answers. On Services the organization host does not serve the Release
 * area (the release host does, §4), so it does not advertise it; on Server one collection URL
 * serves everything (§9) and every request arrives on the `org` base.
 */
function locationsOn(
  state: SimState,
  base: RouteBase,
  area: string | null,
): Record<string, unknown>[] {
  const hosts: readonly LocationHost[] =
    base === 'release'
      ? ['release']
      : state.scenario.mode === 'server'
        ? ['org', 'release']
        : ['org'];
  return API_LOCATIONS.filter(
    (location) =>
      hosts.includes(location.host) &&
      (area === null || location.area.toLowerCase() === area.toLowerCase()),
  ).map((location) => apiResourceLocation(state, location));
}

/**
 * `ApiResourceLocation` (§8.2). The versions follow the scenario, so that the Node client's
 * negotiation (§8.1 step 3) lands on a version the server accepts: on Server 2022 (7.0) it falls
 * back from its `7.2-preview.N` to `7.0`.
 */
function apiResourceLocation(state: SimState, location: ApiLocationSpec): Record<string, unknown> {
  const { released, max } = state.scenario.apiVersion;
  return {
    id: location.id,
    area: location.area,
    resourceName: location.resourceName,
    routeTemplate: location.routeTemplate,
    resourceVersion: location.resourceVersion,
    minVersion: location.minVersion,
    maxVersion: max,
    releasedVersion: location.previewOnly ? '0.0' : released,
  };
}

/** `ResourceArea`; the service writes `locationUrl` with a trailing slash (§8.2). */
function resourceArea(state: SimState, area: ResourceAreaSpec): Record<string, unknown> {
  const url = area.host === 'release' ? state.urls.release : state.urls.organization;
  return { id: area.id, name: area.name, locationUrl: `${url}/` };
}

function ok(body: unknown): RouteResponse {
  return { status: 200, body };
}
