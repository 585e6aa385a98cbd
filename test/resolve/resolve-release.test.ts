import { describe, expect, it } from 'vitest';
import { resolveHandle, resolveTarget } from '../../src/resolve/index.ts';
import type { ReleaseRequest } from '../../src/target.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { checkRequestLog } from '../contract/requests.ts';
import { startTestSimulator } from '../helpers/simulator.ts';
import { clientFor } from '../azdo/client-helpers.ts';
import { client, PROJECT, usageError } from './fixtures.ts';

function releaseRequest(overrides: Partial<ReleaseRequest>): ReleaseRequest {
  return {
    kind: 'release',
    project: PROJECT,
    definition: { id: 20 },
    artifacts: [],
    variables: {},
    ...overrides,
  };
}

describe('resolving a release definition', () => {
  it('finds it by name with searchText and isExactNameMatch, with every stage in rank order', async () => {
    const { sim, client: azdo } = await client();
    const target = await resolveTarget(
      azdo,
      releaseRequest({ definition: { name: 'infrastructure' }, description: 'nightly' }),
    );
    expect(target).toEqual({
      kind: 'release',
      project: PROJECT,
      definitionId: 20,
      definitionName: 'Infrastructure',
      allStages: ['Dev', 'Staging', 'Production', 'Hotfix'],
      stages: null,
      artifacts: [],
      variables: {},
      description: 'nightly',
    });
    expect(sim.state.requests.map((entry) => entry.url)).toContain(
      '/vsrm/contoso/Infrastructure/_apis/release/definitions?searchText=infrastructure&isExactNameMatch=true',
    );
    expect(checkRequestLog(sim)).toEqual([]);
  });

  it('a name in several folders is ambiguous; folder\\name picks one', async () => {
    const { client: azdo } = await client();
    const error = await usageError(
      resolveTarget(azdo, releaseRequest({ definition: { name: 'Web' } })),
    );
    expect(error.input).toBe('--definition');
    expect(error.message).toContain('a\\Web (id 21), b\\Web (id 22)');
    const target = await resolveTarget(azdo, releaseRequest({ definition: { name: 'b\\web' } }));
    expect(target).toMatchObject({ definitionId: 22 });
  });

  it('an unknown name suggests close ones', async () => {
    const { client: azdo } = await client();
    const error = await usageError(
      resolveTarget(azdo, releaseRequest({ definition: { name: 'Infrastructur' } })),
    );
    expect(error.message).toBe(
      '--definition "Infrastructur" matches no release definition in project Infrastructure; did you mean "infra\\Infrastructure"?',
    );
  });

  it('--stages in any letter case become the definition spelling', async () => {
    const { client: azdo } = await client();
    const target = await resolveTarget(
      azdo,
      releaseRequest({ stages: ['production', 'STAGING', 'Staging'] }),
    );
    expect(target).toMatchObject({ stages: ['Production', 'Staging'] });
  });

  it.each([
    [
      ['Prod', 'QA'],
      '--stages: "Prod", "QA" are not stages of release definition "Infrastructure" (its stages: Dev, Staging, Production, Hotfix)',
    ],
    [[], '--stages: name at least one stage'],
  ])('refuses --stages %j', async (stages, message) => {
    const { client: azdo } = await client();
    const error = await usageError(resolveTarget(azdo, releaseRequest({ stages })));
    expect(error.input).toBe('--stages');
    expect(error.message).toBe(message);
  });

  it('artifact aliases must be the definition’s; their spelling is the definition’s', async () => {
    const { client: azdo } = await client();
    const target = await resolveTarget(
      azdo,
      releaseRequest({ artifacts: [{ alias: 'APP', id: '1201', name: '20261125.1' }] }),
    );
    expect(target).toMatchObject({ artifacts: [{ alias: 'app', id: '1201', name: '20261125.1' }] });
    const error = await usageError(
      resolveTarget(azdo, releaseRequest({ artifacts: [{ alias: 'web', id: '1' }] })),
    );
    expect(error.input).toBe('--artifacts');
    expect(error.message).toBe(
      '--artifacts: "web" is not an artifact alias of release definition "Infrastructure" (its aliases: app)',
    );
  });

  it.each([
    [
      { newVar: 'x' },
      'variable "newVar" is not defined at release scope in release definition "Infrastructure", and new variables cannot be added when creating a release',
    ],
    [{ locked: 'x' }, 'variable "locked" is not "Settable at release time"'],
  ])('refuses release variables that cannot be set: %j', async (values, message) => {
    const { client: azdo } = await client();
    const variables = Object.fromEntries(
      Object.entries(values).map(([name, value]) => [name, { value, isSecret: true }]),
    );
    const error = await usageError(resolveTarget(azdo, releaseRequest({ variables })));
    expect(error.input).toBe('--variables');
    expect(error.message).toContain(message);
    expect(error.message).toContain('(variables that can be set: tier)');
    expect(error.message).not.toContain('"x"');
  });
});

describe('resolveHandle, for aztm watch', () => {
  it('a run of a YAML pipeline is a pipeline handle; a build of a classic definition, a build', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { client: azdo } = clientFor(sim);
    const run = await azdo.pipelines.run('DevOps', 42, {});
    const build = await azdo.builds.queue('DevOps', { definition: { id: 7 } });
    expect(await resolveHandle(azdo, { kind: 'run', project: 'DevOps', id: run.id })).toEqual({
      kind: 'pipeline',
      project: 'DevOps',
      id: run.id,
      url: run._links?.web?.href,
      definitionName: 'infra\\deploy-gateway',
      number: run.name,
    });
    expect(
      await resolveHandle(azdo, { kind: 'run', project: 'DevOps', id: build.id }),
    ).toMatchObject({
      kind: 'build',
      id: build.id,
      definitionName: 'Regression\\nightly',
      url: expect.stringMatching(new RegExp(`_build/results\\?buildId=${build.id}$`)),
    });
    expect(checkRequestLog(sim)).toEqual([]);
  });

  it('a release is a release handle with its name and web URL', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { client: azdo } = clientFor(sim);
    const release = await azdo.releases.create('DevOps', { definitionId: 13 });
    expect(
      await resolveHandle(azdo, { kind: 'release', project: 'DevOps', id: release.id }),
    ).toEqual({
      kind: 'release',
      project: 'DevOps',
      id: release.id,
      url: release._links?.web?.href,
      definitionName: 'Scan Pre Prod',
      number: release.name,
    });
    expect(release._links?.web?.href).toMatch(/_release\?releaseId=\d+&_a=release-summary$/);
  });

  it('an id that does not exist is the service refusing', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { client: azdo } = clientFor(sim);
    await expect(
      resolveHandle(azdo, { kind: 'run', project: 'DevOps', id: 4242 }),
    ).rejects.toMatchObject({ name: 'AzureDevOpsError', kind: 'notFound' });
  });
});
