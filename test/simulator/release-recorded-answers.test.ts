/**
 * Release answers as recorded traffic shows them: PascalCase `operationStatus` (vsteam
 * Get-VSTeamRelease-id178-expandEnvironments.json), deployment jobs and tasks only with
 * `$expand=tasks` (docs/design/azure-devops.md §4.2), and the artifact versions a new release can
 * pick from.
 */
import { getPersonalAccessTokenHandler, WebApi } from 'azure-devops-node-api';
import { describe, expect, it } from 'vitest';
import {
  PROJECT_ID,
  project,
  releaseDefinition,
  releaseStage,
  scenario,
  task,
  TEST_PAT,
  WEB_CD_ARTIFACTS,
} from '../helpers/scenario-builder.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';

const P = 'Infrastructure/_apis/release';

const definition = releaseDefinition({
  id: 7,
  name: 'Web CD',
  artifacts: WEB_CD_ARTIFACTS,
  stages: [
    releaseStage({
      id: 1,
      name: 'Dev',
      deploys: [{ approval: null, tasks: [task({ name: 'Deploy', result: 'failed' })] }],
    }),
  ],
});

async function start(): Promise<TestSimulator> {
  return startTestSimulator(
    scenario({ projects: [project({ releaseDefinitions: [definition] })] }),
  );
}

async function get<T>(sim: TestSimulator, path: string): Promise<T> {
  const res = await sim.releaseApi(`${path}${path.includes('?') ? '&' : '?'}api-version=7.1`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

interface Env {
  id: number;
  status: string;
  deploySteps: {
    status: string;
    operationStatus: string;
    releaseDeployPhases: { deploymentJobs: { job: { id: number }; tasks: { name: string }[] }[] }[];
  }[];
}

async function failedRelease(sim: TestSimulator): Promise<{ id: number; envId: number }> {
  const res = await sim.releaseApi(`${P}/releases?api-version=7.1`, {
    method: 'POST',
    json: { definitionId: 7, artifacts: [{ alias: 'web-ci', instanceReference: { id: '42' } }] },
  });
  const created = (await res.json()) as { id: number; environments: Env[] };
  sim.manualClock.advance(10 * 60_000);
  return { id: created.id, envId: created.environments[0]?.id ?? 0 };
}

describe('deploy steps', () => {
  it('spell operationStatus in PascalCase, every other status in camelCase', async () => {
    const sim = await start();
    const { id } = await failedRelease(sim);
    const release = await get<{ environments: Env[] }>(sim, `${P}/releases/${id}`);
    const env = release.environments[0];
    expect(env?.status).toBe('rejected');
    expect(env?.deploySteps[0]).toMatchObject({ status: 'failed', operationStatus: 'PhaseFailed' });
  });

  it.each([
    ['GET release', (id: number) => `${P}/releases/${id}`],
    ['GET environment', (id: number, envId: number) => `${P}/releases/${id}/environments/${envId}`],
  ])('%s lists deployment jobs and tasks only with $expand=tasks', async (_name, path) => {
    const sim = await start();
    const { id, envId } = await failedRelease(sim);
    const envOf = async (query: string): Promise<Env | undefined> => {
      const body = await get<Env & { environments?: Env[] }>(sim, `${path(id, envId)}${query}`);
      return body.environments ? body.environments[0] : body;
    };
    const plain = await envOf('');
    expect(plain?.deploySteps[0]?.releaseDeployPhases[0]?.deploymentJobs).toEqual([]);
    const expanded = await envOf('?$expand=tasks');
    const jobs = expanded?.deploySteps[0]?.releaseDeployPhases[0]?.deploymentJobs;
    expect(jobs).toHaveLength(1);
    expect(jobs?.[0]?.tasks.map((t) => t.name)).toEqual(['Deploy']);
  });
});

interface VersionsAnswer {
  artifactVersions: {
    alias: string;
    sourceId: string;
    defaultVersion?: { id: string; name: string };
    versions: { id: string; name: string; sourceBranch: string }[];
    errorMessage: string | null;
  }[];
}

describe('GET _apis/release/artifacts/versions', () => {
  it("answers each artifact source's versions, newest first, and its default", async () => {
    const sim = await start();
    const body = await get<VersionsAnswer>(sim, `${P}/artifacts/versions?releaseDefinitionId=7`);
    expect(body.artifactVersions.map((a) => [a.alias, a.sourceId])).toEqual([
      ['web-ci', `${PROJECT_ID}:3`],
      ['tools', `${PROJECT_ID}:4`],
    ]);
    const [web, tools] = body.artifactVersions;
    expect(web?.versions.map((v) => [v.id, v.name])).toEqual([
      ['42', '20260102.1'],
      ['41', '20260101.1'],
    ]);
    expect(web?.versions[0]?.sourceBranch).toMatch(/^refs\/heads\//);
    expect(web).not.toHaveProperty('defaultVersion');
    expect(tools?.defaultVersion).toMatchObject({ id: '9', name: '1.0' });
  });

  it('answers 404 VS402936 for an unknown definition, 400 without one', async () => {
    const sim = await start();
    const unknown = await sim.releaseApi(
      `${P}/artifacts/versions?releaseDefinitionId=99&api-version=7.1`,
    );
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/^VS402936/);
    const missing = await sim.releaseApi(`${P}/artifacts/versions?api-version=7.1`);
    expect(missing.status).toBe(400);
  });

  it('serves the Node client getArtifactVersions', async () => {
    const sim = await start();
    const client = new WebApi(sim.organizationUrl, getPersonalAccessTokenHandler(TEST_PAT));
    const release = await client.getReleaseApi();
    const result = await release.getArtifactVersions('Infrastructure', 7);
    expect(result.artifactVersions?.map((a) => a.alias)).toEqual(['web-ci', 'tools']);
  });
});
