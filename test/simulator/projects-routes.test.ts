/**
 * The Core projects API (core 7.1 spec, Projects - List / Get), over HTTP and through the official
 * Node client's `getCoreApi()`. The simulator's own `project.url` must resolve here.
 */
import { getPersonalAccessTokenHandler, WebApi } from 'azure-devops-node-api';
import { describe, expect, it } from 'vitest';
import { pipeline, project, scenario, TEST_PAT, token } from '../helpers/scenario-builder.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';

const OTHER_ID = '22222222-2222-4222-8222-222222222222';
const PAT_NARROW = 'n'.repeat(52);

async function start(): Promise<TestSimulator> {
  const base = scenario();
  return startTestSimulator(
    scenario({
      tokens: [
        ...base.tokens,
        token({ name: 'narrow', value: PAT_NARROW, projects: ['Infrastructure'] }),
      ],
      projects: [
        project({ pipelines: [pipeline({ id: 7, name: 'infra' })] }),
        project({ id: OTHER_ID, name: 'Secret Project' }),
      ],
    }),
  );
}

interface ProjectBody {
  id: string;
  name: string;
  url: string;
  state: string;
  revision: number;
  visibility: string;
  lastUpdateTime: string;
  _links?: Record<string, { href: string }>;
  capabilities?: Record<string, Record<string, string>>;
  defaultTeam?: { id: string; name: string; url: string };
}

async function json<T>(answer: Promise<Response>): Promise<{ status: number; body: T }> {
  const res = await answer;
  return { status: res.status, body: (await res.json()) as T };
}

describe('GET _apis/projects', () => {
  it('lists the projects the caller can see as TeamProjectReferences', async () => {
    const sim = await start();
    const all = await json<{ count: number; value: ProjectBody[] }>(
      sim.api('_apis/projects?api-version=7.1'),
    );
    expect(all.status).toBe(200);
    expect(all.body.count).toBe(2);
    expect(all.body.value.map((p) => p.name)).toEqual(['Infrastructure', 'Secret Project']);
    expect(all.body.value[0]).toMatchObject({ state: 'wellFormed', visibility: 'private' });
    expect(all.body.value[0]).not.toHaveProperty('capabilities');
    const narrow = await json<{ count: number; value: ProjectBody[] }>(
      sim.api('_apis/projects?api-version=7.1', {
        headers: { authorization: `Basic ${Buffer.from(`:${PAT_NARROW}`).toString('base64')}` },
      }),
    );
    expect(narrow.body.value.map((p) => p.name)).toEqual(['Infrastructure']);
  });
});

describe('GET _apis/projects/{idOrName}', () => {
  it('resolves the url a build carries to the TeamProject, by id or by name', async () => {
    const sim = await start();
    const run = await json<{ id: number }>(
      sim.api('Infrastructure/_apis/pipelines/7/runs?api-version=7.1', {
        method: 'POST',
        json: {},
      }),
    );
    const build = await json<{ project: { id: string; url: string } }>(
      sim.api(`Infrastructure/_apis/build/builds/${run.body.id}?api-version=7.1`),
    );
    const byUrl = await json<ProjectBody>(sim.api(`${build.body.project.url}?api-version=7.1`));
    expect(byUrl.status).toBe(200);
    expect(byUrl.body).toMatchObject({
      id: build.body.project.id,
      name: 'Infrastructure',
      url: build.body.project.url,
      state: 'wellFormed',
      revision: 1,
      visibility: 'private',
      _links: { self: { href: build.body.project.url } },
    });
    expect(byUrl.body).not.toHaveProperty('capabilities');
    const byName = await json<ProjectBody>(
      sim.api('_apis/projects/infrastructure?api-version=7.1'),
    );
    expect(byName.body.id).toBe(build.body.project.id);
  });

  it('adds capabilities and the default team with includeCapabilities=true', async () => {
    const sim = await start();
    const { body } = await json<ProjectBody>(
      sim.api('_apis/projects/Infrastructure?includeCapabilities=true&api-version=7.1'),
    );
    expect(body.capabilities?.versioncontrol).toMatchObject({ sourceControlType: 'Git' });
    expect(body.capabilities?.processTemplate).toMatchObject({ templateName: 'Agile' });
    expect(body.defaultTeam).toMatchObject({ name: 'Infrastructure Team' });
  });

  it('answers 404 TF200016 for a project that does not exist or is not visible', async () => {
    const sim = await start();
    const missing = await json<{ typeKey: string; message: string }>(
      sim.api('_apis/projects/Nope?api-version=7.1'),
    );
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/^TF200016: The following project does not exist: Nope/);
    const hidden = await sim.api(`_apis/projects/${OTHER_ID}?api-version=7.1`, {
      headers: { authorization: `Basic ${Buffer.from(`:${PAT_NARROW}`).toString('base64')}` },
    });
    expect(hidden.status).toBe(404);
  });
});

describe('the Node client', () => {
  it('reads the projects through getCoreApi().getProjects() and getProject()', async () => {
    const sim = await start();
    const client = new WebApi(sim.organizationUrl, getPersonalAccessTokenHandler(TEST_PAT));
    const core = await client.getCoreApi();
    const projects = await core.getProjects();
    expect(projects.map((p) => p.name)).toEqual(['Infrastructure', 'Secret Project']);
    const one = await core.getProject('Infrastructure', true);
    expect(one.name).toBe('Infrastructure');
    expect(one.capabilities?.versioncontrol?.sourceControlType).toBe('Git');
    expect(one.defaultTeam?.name).toBe('Infrastructure Team');
  });
});
