import { describe, expect, it } from 'vitest';
import { AzureDevOpsError } from '../../src/azdo/errors.ts';
import { resolveTarget } from '../../src/resolve/index.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import type { TargetRequest } from '../../src/target.ts';
import { trigger, TriggerError } from '../../src/trigger.ts';
import { checkRequestLog } from '../contract/requests.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';
import { addFault, clientFor, requestsTo } from '../azdo/client-helpers.ts';

const PROJECT = 'DevOps';

async function resolveAndTrigger(sim: TestSimulator, request: TargetRequest) {
  const { client } = clientFor(sim);
  return trigger(client, await resolveTarget(client, request));
}

describe('trigger a YAML pipeline', () => {
  it('runs it through the Runs API with branch, commit, variables, parameters and stages to skip', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const handle = await resolveAndTrigger(sim, {
      kind: 'pipeline',
      project: PROJECT,
      pipeline: { name: 'infra\\deploy-gateway' },
      branch: 'main',
      commit: 'a2190e5b',
      variables: { imageTag: { value: 'v2', isSecret: false } },
      templateParameters: { env: 'prod' },
      stagesToSkip: ['Deploy'],
    });
    const [post] = requestsTo(sim, 'POST', /_apis\/pipelines\/42\/runs$/);
    expect(post?.body).toEqual({
      resources: { repositories: { self: { refName: 'refs/heads/main', version: 'a2190e5b' } } },
      variables: { imageTag: { value: 'v2', isSecret: false } },
      templateParameters: { env: 'prod' },
      stagesToSkip: ['Deploy'],
      previewRun: false,
    });
    const build = sim.state.builds.get(handle.id);
    expect(build?.sourceBranch).toBe('refs/heads/main');
    expect(handle).toEqual({
      kind: 'pipeline',
      project: PROJECT,
      id: handle.id,
      url: `${sim.organizationUrl}/${sim.state.scenario.projects[0]?.id ?? ''}/_build/results?buildId=${handle.id}`,
      definitionName: 'infra\\deploy-gateway',
      number: build?.buildNumber,
    });
    expect(checkRequestLog(sim)).toEqual([]);
  });

  it('leaves the branch out for the default branch, and sends nothing empty', async () => {
    const sim = await startTestSimulator(defaultScenario());
    await resolveAndTrigger(sim, {
      kind: 'pipeline',
      project: PROJECT,
      pipeline: { id: 43 },
      variables: {},
      templateParameters: {},
      stagesToSkip: [],
    });
    expect(requestsTo(sim, 'POST', /\/runs$/)[0]?.body).toEqual({ previewRun: false });
  });

  it("the service's refusal of the run is an AzureDevOpsError, and nothing is retried", async () => {
    const sim = await startTestSimulator(defaultScenario());
    const error: unknown = await resolveAndTrigger(sim, {
      kind: 'pipeline',
      project: PROJECT,
      pipeline: { id: 42 },
      variables: {},
      templateParameters: { env: 'moon' },
      stagesToSkip: [],
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AzureDevOpsError);
    expect(error).toMatchObject({ kind: 'validation', typeKey: 'PipelineValidationException' });
    expect(requestsTo(sim, 'POST', /\/runs$/)).toHaveLength(1);
    expect(sim.state.builds.size).toBe(0);
  });
});

describe('trigger a classic build', () => {
  it('queues it with sourceBranch, sourceVersion and the variables as a JSON string', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const handle = await resolveAndTrigger(sim, {
      kind: 'build',
      project: PROJECT,
      definition: { name: 'Regression\\nightly' },
      branch: 'refs/heads/release/1.0',
      commit: 'c0ffee',
      variables: { suite: { value: 'full', isSecret: false } },
    });
    expect(requestsTo(sim, 'POST', /_apis\/build\/builds$/)[0]?.body).toEqual({
      definition: { id: 7 },
      sourceBranch: 'refs/heads/release/1.0',
      sourceVersion: 'c0ffee',
      parameters: '{"suite":"full"}',
    });
    expect(handle).toMatchObject({ kind: 'build', definitionName: 'Regression\\nightly' });
    expect(handle.url).toMatch(new RegExp(`_build/results\\?buildId=${handle.id}$`));
    expect(checkRequestLog(sim)).toEqual([]);
  });
});

describe('trigger a release', () => {
  it('sends the chosen artifact versions, variables and description; other aliases are left out', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const handle = await resolveAndTrigger(sim, {
      kind: 'release',
      project: PROJECT,
      definition: { name: 'Scan Pre Prod' },
      artifacts: [{ alias: 'app', id: '1201', name: '20261125.1' }],
      variables: { tier: { value: 'gold', isSecret: false } },
      description: 'from aztm',
    });
    expect(requestsTo(sim, 'POST', /_apis\/release\/releases$/)[0]?.body).toEqual({
      definitionId: 13,
      // The user's description first, then the mark that recognises it (src/recover/marker.ts).
      description: expect.stringMatching(/^from aztm \(aztm [0-9a-f-]{36}\)$/),
      artifacts: [{ alias: 'app', instanceReference: { id: '1201', name: '20261125.1' } }],
      variables: { tier: { value: 'gold', isSecret: false } },
    });
    expect(requestsTo(sim, 'PATCH', /environments/)).toEqual([]);
    expect(handle).toMatchObject({ kind: 'release', definitionName: 'Scan Pre Prod' });
    expect(handle.url).toMatch(/_release\?releaseId=\d+&_a=release-summary$/);
    expect(handle.number).toMatch(/^Release-/);
    expect(checkRequestLog(sim)).toEqual([]);
  });

  it('--stages: every other stage is made manual, and a chosen stage waiting on one of them is deployed', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const handle = await resolveAndTrigger(sim, {
      kind: 'release',
      project: PROJECT,
      definition: { id: 14 },
      artifacts: [],
      variables: {},
      stages: ['staging', 'Production'],
    });
    expect(requestsTo(sim, 'POST', /_apis\/release\/releases$/)[0]?.body).toEqual({
      definitionId: 14,
      description: expect.stringMatching(/^aztm [0-9a-f-]{36}$/),
      manualEnvironments: ['Dev'],
    });
    const release = sim.state.releases.get(handle.id);
    const staging = release?.environments.find((env) => env.name === 'Staging');
    // Only Staging: Production follows it by itself. The release's environment id, not the
    // definition's.
    const patches = requestsTo(sim, 'PATCH', /\/environments\/\d+$/);
    expect(patches.map((entry) => entry.url.split('?')[0])).toEqual([
      `/vsrm/contoso/DevOps/_apis/release/releases/${handle.id}/environments/${staging?.id}`,
    ]);
    expect(patches[0]?.body).toMatchObject({ status: 'inProgress' });
    const { client } = clientFor(sim);
    const now = await client.releases.get(PROJECT, handle.id);
    expect(now.environments.map((env) => [env.name, env.status])).toEqual([
      ['Dev', 'notStarted'],
      ['Staging', 'queued'],
      ['Production', 'notStarted'],
    ]);
    expect(checkRequestLog(sim)).toEqual([]);
  });

  it('--stages with the first stage only: the rest is manual and nothing is patched', async () => {
    const sim = await startTestSimulator(defaultScenario());
    await resolveAndTrigger(sim, {
      kind: 'release',
      project: PROJECT,
      definition: { id: 14 },
      artifacts: [],
      variables: {},
      stages: ['Dev'],
    });
    expect(requestsTo(sim, 'POST', /_apis\/release\/releases$/)[0]?.body).toMatchObject({
      manualEnvironments: ['Staging', 'Production'],
    });
    expect(requestsTo(sim, 'PATCH', /environments/)).toEqual([]);
  });

  it('when a chosen stage cannot be deployed, the error says the release exists and carries its handle', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'serverError', method: 'PATCH', status: 500 });
    const error: unknown = await resolveAndTrigger(sim, {
      kind: 'release',
      project: PROJECT,
      definition: { id: 14 },
      artifacts: [],
      variables: {},
      stages: ['Production'],
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TriggerError);
    const { handle, cause, message } = error as TriggerError;
    expect(sim.state.releases.has(handle.id)).toBe(true);
    expect(cause).toBeInstanceOf(AzureDevOpsError);
    expect(message).toMatch(
      /^release Release-\d+ was created \(.+\) but its stage "Production" could not be deployed/,
    );
  });
});
