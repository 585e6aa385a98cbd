import { describe, expect, it } from 'vitest';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';
import {
  API,
  as,
  bodyOf,
  buildScenario,
  call,
  PAT_LIMITED,
  PAT_READER,
  type WireBuild,
  type WireError,
  type WireList,
  type WireRun,
} from './build-fixtures.ts';

const RUNS = `Infrastructure/_apis/pipelines/7/runs?${API}`;

async function start(): Promise<TestSimulator> {
  return startTestSimulator(buildScenario());
}

describe('running a pipeline', () => {
  it('creates a run whose id is a build id, in progress and without a result', async () => {
    const sim = await start();
    const created = await call(sim, RUNS, { method: 'POST', json: {} });
    expect(created.status).toBe(200);
    const run = bodyOf<WireRun>(created);
    expect(run).toMatchObject({ id: 1000, name: '20260101.1', state: 'inProgress' });
    expect(run.result).toBeUndefined();
    expect(run._links.web?.href).toBe(
      `${sim.organizationUrl}/${sim.state.scenario.projects[0]?.id}/_build/results?buildId=1000`,
    );
    const build = await call(sim, `Infrastructure/_apis/build/builds/1000?${API}`);
    expect(bodyOf<WireBuild>(build)).toMatchObject({
      id: 1000,
      status: 'inProgress',
      sourceBranch: 'refs/heads/main',
    });
  });

  it('takes the branch as a bare name or a ref, and the commit as sent', async () => {
    const sim = await start();
    const bare = await call(sim, RUNS, {
      method: 'POST',
      json: {
        resources: { repositories: { self: { refName: 'release/2.0', version: 'f'.repeat(40) } } },
      },
    });
    expect(bodyOf<WireRun>(bare).resources.repositories.self).toEqual({
      repository: { type: 'azureReposGit' },
      refName: 'refs/heads/release/2.0',
      version: 'f'.repeat(40),
    });
    const tag = await call(sim, RUNS, {
      method: 'POST',
      json: { resources: { repositories: { self: { refName: 'refs/tags/v1' } } } },
    });
    expect(bodyOf<WireRun>(tag).resources.repositories.self.refName).toBe('refs/tags/v1');
  });

  it('records settable variables, template parameters and stages to skip', async () => {
    const sim = await start();
    await call(sim, RUNS, {
      method: 'POST',
      json: {
        variables: {
          REGION: { value: 'northeurope' },
          password: { value: 's3cret', isSecret: true },
        },
        templateParameters: { env: 'prod' },
        stagesToSkip: ['deploy'],
      },
    });
    const record = sim.state.builds.get(1000);
    expect(record).toMatchObject({
      variables: {
        REGION: { value: 'northeurope', isSecret: false },
        password: { value: 's3cret', isSecret: true },
      },
      templateParameters: { env: 'prod' },
      stagesToSkip: ['deploy'],
      createdFrom: { api: 'runs', apiVersion: '7.1', token: 'admin' },
    });
    const run = await call(sim, `Infrastructure/_apis/pipelines/7/runs/1000?${API}`);
    // A secret's value is never sent back.
    expect(run.body).toMatchObject({
      variables: { password: { isSecret: true } },
      templateParameters: { env: 'prod' },
    });
    expect(run.text).not.toContain('s3cret');
  });

  it('reports a partially succeeded build as a succeeded run (the Runs API has no partial success)', async () => {
    const sim = await start();
    await call(sim, `Infrastructure/_apis/pipelines/8/runs?${API}`, { method: 'POST', json: {} });
    sim.manualClock.advance(60_000);
    const run = bodyOf<WireRun>(
      await call(sim, `Infrastructure/_apis/pipelines/8/runs/1000?${API}`),
    );
    const build = bodyOf<WireBuild>(
      await call(sim, `Infrastructure/_apis/build/builds/1000?${API}`),
    );
    expect(run).toMatchObject({ state: 'completed', result: 'succeeded' });
    expect(run.finishedDate).toBe('2026-01-01T09:00:10.0000000Z');
    expect(build.result).toBe('partiallySucceeded');
  });

  it('shows a cancel as canceling, then completed and canceled', async () => {
    const sim = await start();
    await call(sim, RUNS, { method: 'POST', json: {} });
    sim.manualClock.advance(1_000);
    await call(sim, `Infrastructure/_apis/build/builds/1000?${API}`, {
      method: 'PATCH',
      json: { status: 4 },
    });
    const get = `Infrastructure/_apis/pipelines/7/runs/1000?${API}`;
    expect(bodyOf<WireRun>(await call(sim, get)).state).toBe('canceling');
    sim.manualClock.advance(3_000);
    expect(bodyOf<WireRun>(await call(sim, get))).toMatchObject({
      state: 'completed',
      result: 'canceled',
    });
  });

  it('creates nothing for a preview run and returns the final YAML', async () => {
    const sim = await start();
    const preview = await call(sim, RUNS, {
      method: 'POST',
      json: { previewRun: true, templateParameters: { env: 'prod' } },
    });
    expect(preview.status).toBe(200);
    expect(sim.state.builds.size).toBe(0);
    const { finalYaml } = preview.body as { finalYaml: string };
    expect(finalYaml).toContain('- stage: "Deploy"');
    expect(finalYaml).toContain('#   env: "prod"');
  });

  it('lists runs newest first and gets one only under its own pipeline', async () => {
    const sim = await start();
    for (let i = 0; i < 3; i++) await call(sim, RUNS, { method: 'POST', json: {} });
    await call(sim, `Infrastructure/_apis/pipelines/8/runs?${API}`, { method: 'POST', json: {} });
    const list = bodyOf<WireList<WireRun>>(await call(sim, RUNS));
    expect(list.value.map((r) => [r.id, r.name])).toEqual([
      [1002, '20260101.3'],
      [1001, '20260101.2'],
      [1000, '20260101.1'],
    ]);
    const elsewhere = await call(sim, `Infrastructure/_apis/pipelines/8/runs/1000?${API}`);
    expect(elsewhere.status).toBe(404);
    expect(bodyOf<WireError>(elsewhere).typeKey).toBe('PipelineRunNotFoundException');
  });
});

describe('refusing a run', () => {
  it.each([
    {
      name: 'an unknown template parameter',
      json: { templateParameters: { colour: 'blue' } },
      message: "Unexpected parameter 'colour'",
    },
    {
      name: 'a value outside the parameter values',
      json: { templateParameters: { env: 'qa' } },
      message: "The 'env' parameter value 'qa' is not a valid value.",
    },
    {
      name: 'variables not settable at queue time or not defined',
      json: {
        variables: { locked: { value: 'x' }, undefinedVar: { value: 'y' }, region: { value: 'z' } },
      },
      message:
        "You can't set the following variables (locked, undefinedVar). If you want to be able to set these variables, then edit the pipeline and select Settable at queue time on the variables tab of the pipeline editor.",
    },
    {
      name: 'an unknown stage to skip',
      json: { stagesToSkip: ['Nope'] },
      message: "Stage 'Nope' named in stagesToSkip does not exist in the pipeline.",
    },
  ])('400 PipelineValidationException for $name', async ({ json, message }) => {
    const sim = await start();
    const refused = await call(sim, RUNS, { method: 'POST', json });
    expect(refused.status).toBe(400);
    expect(bodyOf<WireError>(refused)).toMatchObject({
      typeKey: 'PipelineValidationException',
      message,
    });
    expect(sim.state.builds.size).toBe(0);
  });

  it('404 TF401019 when the identity cannot read the pipeline repository (the seed case)', async () => {
    const sim = await start();
    const refused = await call(sim, `Infrastructure/_apis/pipelines/9/runs?${API}`, {
      method: 'POST',
      json: {},
      headers: as(PAT_LIMITED),
    });
    expect(refused.status).toBe(404);
    expect(bodyOf<WireError>(refused)).toEqual(
      expect.objectContaining({
        typeKey: 'GitRepositoryNotFoundException',
        message:
          'TF401019: The Git repository with name or identifier Secrets does not exist or you do not have permissions for the operation you are attempting.',
      }),
    );
    // The same identity may run a pipeline of a repository it can read.
    const allowed = await call(sim, RUNS, { method: 'POST', json: {}, headers: as(PAT_LIMITED) });
    expect(allowed.status).toBe(200);
  });

  it('400 for a classic definition, pointing to the Build API', async () => {
    const sim = await start();
    const refused = await call(sim, `Infrastructure/_apis/pipelines/3/runs?${API}`, {
      method: 'POST',
      json: {},
    });
    expect(refused.status).toBe(400);
    expect(bodyOf<WireError>(refused).message).toContain('classic build definition');
    expect(bodyOf<WireError>(refused).message).toContain('_apis/build/builds');
  });

  it('404 for an unknown pipeline, 401 without the execute scope', async () => {
    const sim = await start();
    const unknown = await call(sim, `Infrastructure/_apis/pipelines/99/runs?${API}`, {
      method: 'POST',
      json: {},
    });
    expect(unknown.status).toBe(404);
    expect(bodyOf<WireError>(unknown).typeKey).toBe('PipelineNotFoundException');
    const reader = await call(sim, RUNS, { method: 'POST', json: {}, headers: as(PAT_READER) });
    expect(reader.status).toBe(401);
  });
});

describe('pipelines', () => {
  it('gets a pipeline with its configuration and refuses a revision that does not exist', async () => {
    const sim = await start();
    const got = await call(sim, `Infrastructure/_apis/Pipelines/7?${API}`);
    expect(got.body).toMatchObject({
      id: 7,
      name: 'infra-deploy',
      folder: '\\infra',
      revision: 1,
      configuration: { type: 'yaml' },
    });
    expect((await call(sim, `Infrastructure/_apis/pipelines/3?${API}`)).body).toMatchObject({
      configuration: { type: 'designerJson' },
    });
    expect(
      (await call(sim, `Infrastructure/_apis/pipelines/7?pipelineVersion=2&${API}`)).status,
    ).toBe(404);
  });

  it('pages the list by name with a continuation token', async () => {
    const sim = await start();
    const first = await call(sim, `Infrastructure/_apis/pipelines?$top=2&${API}`);
    const names = (r: typeof first): string[] =>
      bodyOf<WireList<{ name: string }>>(r).value.map((p) => p.name);
    expect(names(first)).toEqual(['infra-deploy', 'legacy-build']);
    const token = first.headers.get('x-ms-continuationtoken');
    expect(token).toBeTruthy();
    const second = await call(
      sim,
      `Infrastructure/_apis/pipelines?$top=2&continuationToken=${token}&${API}`,
    );
    expect(names(second)).toEqual(['Partial', 'secret-tooling']);
    expect(second.headers.get('x-ms-continuationtoken')).toBeNull();
    const descending = await call(sim, `Infrastructure/_apis/pipelines?orderBy=name%20desc&${API}`);
    expect(names(descending)).toEqual([
      'secret-tooling',
      'Partial',
      'legacy-build',
      'infra-deploy',
    ]);
  });

  it('previews the final YAML through the preview endpoint, validating like a run', async () => {
    const sim = await start();
    const preview = await call(sim, `Infrastructure/_apis/pipelines/7/preview?${API}`, {
      method: 'POST',
      json: { variables: { region: { value: 'uksouth' } } },
    });
    expect((preview.body as { finalYaml: string }).finalYaml).toContain('value: "uksouth"');
    const refused = await call(sim, `Infrastructure/_apis/pipelines/7/preview?${API}`, {
      method: 'POST',
      json: { templateParameters: { env: 'qa' } },
    });
    expect(refused.status).toBe(400);
  });

  it('lists the logs of a run through the Pipelines API', async () => {
    const sim = await start();
    await call(sim, RUNS, { method: 'POST', json: {} });
    sim.manualClock.advance(15_000);
    const logs = await call(sim, `Infrastructure/_apis/pipelines/7/runs/1000/logs?${API}`);
    expect((logs.body as { logs: { id: number; lineCount: number }[] }).logs).toEqual([
      expect.objectContaining({ id: 1, lineCount: 4 }),
      expect.objectContaining({ id: 2, lineCount: 1 }),
    ]);
    const log = await call(sim, `Infrastructure/_apis/pipelines/7/runs/1000/logs/2?${API}`);
    expect(log.body).toMatchObject({ id: 2, lineCount: 1 });
  });
});
