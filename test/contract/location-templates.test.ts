/**
 * The locations the simulator advertises, filled in by azure-devops-node-api itself
 * (`getVersioningData`: OPTIONS, version negotiation and the template rules of
 * docs/design/azure-devops.md §8.1), give the paths of the spec operations they stand for.
 */
import { getPersonalAccessTokenHandler, WebApi } from 'azure-devops-node-api';
import { describe, expect, it } from 'vitest';
import { scenario, TEST_PAT } from '../helpers/scenario-builder.ts';
import { startTestSimulator } from '../helpers/simulator.ts';
import { createRouter } from '../../src/simulator/index.ts';
import { API_LOCATIONS } from '../../src/simulator/routes/location-table.ts';
import { findOperation } from './spec-index.ts';

const PROJECT = 'Infrastructure';

describe('advertised locations build the spec paths', () => {
  const P: string = `/contoso/${PROJECT}/_apis`;
  const R = `/vsrm/contoso/${PROJECT}/_apis`;
  it.each([
    {
      api: 'build',
      id: '0cd358e1-9217-4d94-8269-1c1ee6f93dcf',
      version: '7.2-preview.7',
      values: {},
      method: 'POST',
      path: `${P}/build/Builds`,
      operationId: 'Builds_Queue',
    },
    {
      api: 'build',
      id: '0cd358e1-9217-4d94-8269-1c1ee6f93dcf',
      version: '7.2-preview.7',
      values: { buildId: 1000 },
      method: 'PATCH',
      path: `${P}/build/Builds/1000`,
      operationId: 'Builds_Update Build',
    },
    {
      api: 'build',
      id: '8baac422-4c6e-4de5-8532-db96d92acffa',
      version: '7.2-preview.3',
      values: { buildId: 1000 },
      method: 'GET',
      path: `${P}/build/builds/1000/Timeline`,
      operationId: 'Timeline_Get',
    },
    {
      api: 'build',
      id: '35a80daf-7f30-45fc-86e8-6b813d9c90df',
      version: '7.2-preview.2',
      values: { buildId: 1000, logId: 4 },
      method: 'GET',
      path: `${P}/build/builds/1000/logs/4`,
      operationId: 'Builds_Get Build Log',
    },
    {
      api: 'build',
      id: 'b8aac6c9-744b-46e1-88fc-3550969f9313',
      version: '7.2-preview.1',
      values: { buildId: 1000, stageRefName: 'Deploy' },
      method: 'PATCH',
      path: `${P}/build/builds/1000/stages/Deploy`,
      operationId: 'Stages_Update',
    },
    {
      api: 'build',
      id: 'dbeaf647-6167-421a-bda9-c9327b25e2e6',
      version: '7.2-preview.7',
      values: { definitionId: 12 },
      method: 'GET',
      path: `${P}/build/Definitions/12`,
      operationId: 'Definitions_Get',
    },
    {
      api: 'pipelines',
      id: '28e1305e-2afe-47bf-abaf-cbb0e6a91988',
      version: '7.2-preview.1',
      values: { pipelineId: 7 },
      method: 'GET',
      path: `${P}/pipelines/7`,
      operationId: 'Pipelines_Get',
    },
    {
      api: 'pipelines',
      id: '7859261e-d2e9-4a68-b820-a5d84cc5bb3d',
      version: '7.2-preview.1',
      values: { pipelineId: 7, runId: 1000 },
      method: 'GET',
      path: `${P}/pipelines/7/runs/1000`,
      operationId: 'Runs_Get',
    },
    {
      api: 'pipelines',
      id: '53df2d18-29ea-46a9-bee0-933540f80abf',
      version: '7.2-preview.1',
      values: { pipelineId: 7 },
      method: 'POST',
      path: `${P}/pipelines/7/preview`,
      operationId: 'Preview_Preview',
    },
    {
      api: 'pipelines',
      id: 'fb1b6d27-3957-43d5-a14b-a2d70403e545',
      version: '7.2-preview.1',
      values: { pipelineId: 7, runId: 1000, logId: 2 },
      method: 'GET',
      path: `${P}/pipelines/7/runs/1000/logs/2`,
      operationId: 'Logs_Get',
    },
    {
      api: 'release',
      id: 'a166fde7-27ad-408e-ba75-703c2cc9d500',
      version: '7.2-preview.9',
      values: {},
      method: 'POST',
      path: `${R}/Release/releases`,
      operationId: 'Releases_Create',
    },
    {
      api: 'release',
      id: 'a166fde7-27ad-408e-ba75-703c2cc9d500',
      version: '7.2-preview.9',
      values: { releaseId: 100 },
      method: 'GET',
      path: `${R}/Release/releases/100`,
      operationId: 'Releases_Get Release',
    },
    {
      api: 'release',
      id: 'a7e426b1-03dc-48af-9dfe-c98bac612dcb',
      version: '7.2-preview.8',
      values: { releaseId: 100, environmentId: 5 },
      method: 'PATCH',
      path: `${R}/Release/releases/100/environments/5`,
      operationId: 'Releases_Update Release Environment',
    },
    {
      api: 'release',
      id: 'b47c6458-e73b-47cb-a770-4df1e8813a91',
      version: '7.2-preview.3',
      values: {},
      method: 'GET',
      path: `${R}/Release/approvals`,
      operationId: 'Approvals_List',
    },
    {
      api: 'release',
      id: '9328e074-59fb-465a-89d9-b09c82ee5109',
      version: '7.2-preview.3',
      values: { approvalId: 500 },
      method: 'PATCH',
      path: `${R}/Release/approvals/500`,
      operationId: 'Approvals_Update',
    },
    {
      api: 'release',
      id: 'd8f96f24-8ea7-4cb6-baab-2df8fc515665',
      version: '7.2-preview.4',
      values: { definitionId: 3 },
      method: 'GET',
      path: `${R}/Release/definitions/3`,
      operationId: 'Definitions_Get',
    },
    {
      api: 'release',
      id: '17c91af7-09fd-4256-bff1-c24ee4f73bc0',
      version: '7.2-preview.2',
      values: { releaseId: 100, environmentId: 5, releaseDeployPhaseId: 9, taskId: 3 },
      method: 'GET',
      path: `${R}/Release/releases/100/environments/5/deployPhases/9/tasks/3/logs`,
      operationId: 'Releases_Get Task Log',
    },
  ] as const)(
    '$operationId: $method $path',
    async ({ api, id, version, values, method, path, operationId }) => {
      const sim = await startTestSimulator(scenario());
      const client = new WebApi(sim.organizationUrl, getPersonalAccessTokenHandler(TEST_PAT));
      const vsoClient =
        api === 'build'
          ? (await client.getBuildApi()).vsoClient
          : api === 'pipelines'
            ? (await client.getPipelinesApi()).vsoClient
            : (await client.getReleaseApi()).vsoClient;
      const area = api === 'release' ? 'Release' : api;
      const data = await vsoClient.getVersioningData(version, area, id, {
        project: PROJECT,
        ...values,
      });
      // The resource version advertised lets the client keep the version it asks for.
      expect(data.apiVersion).toBe(version);
      expect(new URL(data.requestUrl ?? '').pathname).toBe(path);
      expect(findOperation(method, null, path)?.operationId).toBe(operationId);
      // And the simulator serves it.
      const [, first = '', ...rest] = path.split('/');
      const base = first === 'vsrm' ? 'release' : 'org';
      const below = (base === 'release' ? rest.slice(1) : rest).join('/');
      expect(createRouter().match(base, method, below).kind).toBe('found');
    },
  );
});

/**
 * Fills a template as the Node client does (§8.1 step 4): `{area}` and `{resource}` from the
 * location, other values from `values`, a segment without a value dropped.
 */
function fill(
  template: string,
  location: { area: string; resourceName: string },
  values: Record<string, string>,
): string {
  const all: Record<string, string> = {
    ...values,
    area: location.area,
    resource: location.resourceName,
  };
  return template
    .split('/')
    .map((segment) => segment.replace(/^\{(\w+)\}$/, (_whole, name: string) => all[name] ?? ''))
    .filter((segment) => segment.length > 0)
    .join('/');
}

describe('every advertised location', () => {
  const router = createRouter();
  it.each(API_LOCATIONS.map((location) => [location.resourceName, location.id, location] as const))(
    '%s (%s) is served by the simulator',
    (_name, _id, location) => {
      const params = [...location.routeTemplate.matchAll(/\{(\w+)\}/g)]
        .map((match) => match[1] ?? '')
        .filter((name) => name !== 'area' && name !== 'resource');
      const values = Object.fromEntries(
        params.map((name) => [name, name === 'project' ? PROJECT : '1']),
      );
      const last = params.at(-1);
      const listValues = { ...values };
      if (last !== undefined && last !== 'project') delete listValues[last];
      const paths = [
        fill(location.routeTemplate, location, values),
        fill(location.routeTemplate, location, listValues),
      ];
      // A path served under any method counts: the match says so with `methodNotAllowed`.
      const served = paths.some((path) => router.match(location.host, 'GET', path).kind !== 'none');
      expect(served, `no route for ${paths.join(' or ')}`).toBe(true);
    },
  );
});
