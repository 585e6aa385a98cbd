import { describe, expect, it } from 'vitest';
import { scenario, TEST_BEARER } from '../helpers/scenario-builder.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';
import { validateDiscovery } from './discovery-schemas.ts';

interface Location {
  id: string;
  area: string;
  resourceName: string;
  routeTemplate: string;
  resourceVersion: number;
  minVersion: string;
  maxVersion: string;
  releasedVersion: string;
}

interface LocationList {
  count: number;
  value: Location[];
}

async function options(
  sim: TestSimulator,
  host: 'org' | 'release',
  path: string,
): Promise<LocationList> {
  const init = { method: 'OPTIONS' };
  const response = await (host === 'org' ? sim.api(path, init) : sim.releaseApi(path, init));
  expect(response.status).toBe(200);
  const body = (await response.json()) as LocationList;
  expect(validateDiscovery('locations', body)).toEqual([]);
  return body;
}

async function getJson(sim: TestSimulator, path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await sim.api(path, init);
  expect(response.status).toBe(200);
  return response.json();
}

const BUILDS = '0cd358e1-9217-4d94-8269-1c1ee6f93dcf';
const TIMELINE = '8baac422-4c6e-4de5-8532-db96d92acffa';
const RUNS = '7859261e-d2e9-4a68-b820-a5d84cc5bb3d';
const RELEASES = 'a166fde7-27ad-408e-ba75-703c2cc9d500';
const RELEASE_APPROVALS_UPDATE = '9328e074-59fb-465a-89d9-b09c82ee5109';
const RESOURCE_AREAS_LOCATION = 'e81700f7-3be2-46de-8624-2eb35882fcaa';

describe('OPTIONS locations', () => {
  it.each([
    { host: 'org' as const, area: 'build', ids: [BUILDS, TIMELINE] },
    { host: 'org' as const, area: 'pipelines', ids: [RUNS] },
    { host: 'org' as const, area: 'Location', ids: [RESOURCE_AREAS_LOCATION] },
    { host: 'org' as const, area: 'approval', ids: [] },
    { host: 'release' as const, area: 'Release', ids: [RELEASES, RELEASE_APPROVALS_UPDATE] },
  ])('_apis/$area on the $host host lists only that area', async ({ host, area, ids }) => {
    const sim = await startTestSimulator(scenario());
    const body = await options(sim, host, `_apis/${area}`);
    expect(body.count).toBe(body.value.length);
    expect(body.value.length).toBeGreaterThan(0);
    for (const location of body.value) expect(location.area.toLowerCase()).toBe(area.toLowerCase());
    expect(body.value.map((location) => location.id)).toEqual(expect.arrayContaining(ids));
  });

  it('gives the Builds location the service template and the Node client its version', async () => {
    const sim = await startTestSimulator(scenario());
    const body = await options(sim, 'org', '_apis/build');
    expect(body.value.find((location) => location.id === BUILDS)).toEqual({
      id: BUILDS,
      area: 'build',
      resourceName: 'Builds',
      routeTemplate: '{project}/_apis/build/{resource}/{buildId}',
      resourceVersion: 7,
      minVersion: '1.0',
      maxVersion: '7.2',
      releasedVersion: '7.1',
    });
  });

  it('matches the area name in any letter case', async () => {
    const sim = await startTestSimulator(scenario());
    const lower = await options(sim, 'release', '_apis/release');
    const upper = await options(sim, 'release', '_apis/RELEASE');
    expect(upper).toEqual(lower);
    expect(lower.value.map((location) => location.id)).toContain(RELEASES);
  });

  it('answers an area the host does not serve with an empty list', async () => {
    const sim = await startTestSimulator(scenario());
    // On Services the Release area lives on the release host only (docs/design/azure-devops.md §4).
    expect(await options(sim, 'org', '_apis/Release')).toEqual({ count: 0, value: [] });
  });

  it('lists every area of a host under _apis', async () => {
    const sim = await startTestSimulator(scenario());
    const org = await options(sim, 'org', '_apis');
    const areas = new Set(org.value.map((location) => location.area));
    expect(areas).toEqual(new Set(['Location', 'core', 'build', 'pipelines', 'approval']));
    const release = await options(sim, 'release', '_apis');
    expect(new Set(release.value.map((location) => location.area))).toEqual(new Set(['Release']));
  });

  it('on Server lists the Release area on the collection and follows its versions', async () => {
    const sim = await startTestSimulator(
      scenario({ mode: 'server', apiVersion: { released: '7.0', max: '7.0' } }),
    );
    const all = await options(sim, 'org', '_apis');
    const builds = all.value.find((location) => location.id === BUILDS);
    expect(builds).toMatchObject({ maxVersion: '7.0', releasedVersion: '7.0' });
    expect(all.value.map((location) => location.id)).toContain(RELEASES);
    // ResourceAreas is preview-only: releasedVersion "0.0" (§8.2).
    const areas = all.value.find((location) => location.id === RESOURCE_AREAS_LOCATION);
    expect(areas).toMatchObject({ maxVersion: '7.0', releasedVersion: '0.0' });
  });

  it('requires sign-in', async () => {
    const sim = await startTestSimulator(scenario());
    const anonymous = await fetch(`${sim.organizationUrl}/_apis/build`, { method: 'OPTIONS' });
    expect(anonymous.status).toBe(203);
    const suppressed = await fetch(`${sim.organizationUrl}/_apis/build`, {
      method: 'OPTIONS',
      headers: { 'X-TFS-FedAuthRedirect': 'Suppress' },
    });
    expect(suppressed.status).toBe(401);
  });
});

describe('GET _apis/ResourceAreas', () => {
  it('on Services maps each area to its host, the release area to the release host', async () => {
    const sim = await startTestSimulator(scenario());
    const body = await getJson(sim, '_apis/ResourceAreas', {
      headers: { accept: 'application/json;api-version=7.2-preview.1' },
    });
    expect(validateDiscovery('resourceAreas', body)).toEqual([]);
    const areas = (body as { value: { id: string; locationUrl: string }[] }).value;
    const urlOf = (id: string): string | undefined =>
      areas.find((area) => area.id === id)?.locationUrl;
    expect(urlOf('965220d5-5bb9-42cf-8d67-9b146df2a5a4')).toBe(`${sim.organizationUrl}/`);
    expect(urlOf('efc2f575-36ef-48e9-b672-0c6fb4a48ac5')).toBe(`${sim.releaseUrl}/`);
    expect(urlOf('79134c72-4a58-4b42-976c-04e7115f32bf')).toBe(`${sim.organizationUrl}/`);
    // The id azure-devops-node-api's getPipelinesApi() looks up (§8.1).
    expect(urlOf('5264459e-e5e0-4bd8-b118-0985e68a4ec5')).toBe(`${sim.organizationUrl}/`);
  });

  it('on Server answers count 0 and value null', async () => {
    const sim = await startTestSimulator(scenario({ mode: 'server' }));
    expect(await getJson(sim, '_apis/ResourceAreas')).toEqual({ count: 0, value: null });
  });

  it('answers one area by id, in any letter case', async () => {
    const sim = await startTestSimulator(scenario());
    expect(await getJson(sim, '_apis/ResourceAreas/EFC2F575-36EF-48E9-B672-0C6FB4A48AC5')).toEqual({
      id: 'efc2f575-36ef-48e9-b672-0c6fb4a48ac5',
      name: 'Release',
      locationUrl: `${sim.releaseUrl}/`,
    });
  });

  it('answers 404 for an unknown area id', async () => {
    const sim = await startTestSimulator(scenario());
    const response = await sim.api('_apis/ResourceAreas/00000000-0000-0000-0000-000000000001');
    expect(response.status).toBe(404);
  });
});

describe('GET _apis/connectionData', () => {
  interface Connection {
    authenticatedUser: { id: string; providerDisplayName: string; properties: unknown };
    authorizedUser: { id: string };
    deploymentType: string;
    instanceId: string;
    locationServiceData: { accessMappings: { accessPoint: string }[] };
  }

  it('names the identity behind the PAT', async () => {
    const sim = await startTestSimulator(scenario());
    const body = await getJson(sim, '_apis/connectionData');
    expect(validateDiscovery('connectionData', body)).toEqual([]);
    const data = body as Connection;
    expect(data.authenticatedUser.providerDisplayName).toBe('Ada Admin');
    expect(data.authenticatedUser.properties).toEqual({
      Account: { $type: 'System.String', $value: 'ada@contoso.com' },
    });
    expect(data.authorizedUser.id).toBe(data.authenticatedUser.id);
    expect(data.deploymentType).toBe('hosted');
    // As recorded: no accessMappings, no group fields (§13 row 4).
    expect(Object.keys(data.locationServiceData).sort()).toEqual([
      'defaultAccessMappingMoniker',
      'lastChangeId',
      'lastChangeId64',
      'serviceOwner',
    ]);
    expect(data.authenticatedUser).not.toHaveProperty('members');
  });

  it('names a different identity for the bearer token', async () => {
    const sim = await startTestSimulator(scenario());
    const pat = (await getJson(sim, '_apis/connectionData')) as Connection;
    const bearer = (await getJson(sim, '_apis/connectionData', {
      headers: { authorization: `Bearer ${TEST_BEARER}` },
    })) as Connection;
    expect(bearer.authenticatedUser.providerDisplayName).toBe('Project Collection Build Service');
    expect(bearer.authenticatedUser.id).not.toBe(pat.authenticatedUser.id);
  });

  it('is onPremises on Server and keeps its ids across runs of a scenario', async () => {
    const first = (await getJson(
      await startTestSimulator(scenario({ mode: 'server' })),
      '_apis/connectionData',
    )) as Connection;
    const second = (await getJson(
      await startTestSimulator(scenario({ mode: 'server' })),
      '_apis/connectionData',
    )) as Connection;
    expect(first.deploymentType).toBe('onPremises');
    expect(second.instanceId).toBe(first.instanceId);
    expect(second.authenticatedUser.id).toBe(first.authenticatedUser.id);
  });
});
