import { describe, expect, it } from 'vitest';
import {
  buildDefinition,
  pipeline,
  project,
  releaseDefinition,
  releaseStage,
  scenario,
  token,
} from '../helpers/scenario-builder.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';

const DENIED = 'd'.repeat(52);
const basic = (secret: string) => `Basic ${Buffer.from(`:${secret}`).toString('base64')}`;

async function simulatorDenying(
  denied: ('queueBuilds' | 'createReleases' | 'manageDeployments')[],
): Promise<TestSimulator> {
  return startTestSimulator(
    scenario({
      tokens: [token(), token({ name: 'limited', value: DENIED, user: 'Lee Limited', denied })],
      projects: [
        project({
          pipelines: [pipeline({ id: 1, name: 'app' })],
          buildDefinitions: [buildDefinition({ id: 2, name: 'nightly' })],
          releaseDefinitions: [
            releaseDefinition({
              id: 3,
              name: 'Infra',
              stages: [releaseStage({ id: 1, name: 'Prod', trigger: { kind: 'manual' } })],
            }),
          ],
        }),
      ],
    }),
  );
}

describe('project permissions a token is denied: 403, and nothing is created', () => {
  it.each([
    ['a pipeline run', 'Infrastructure/_apis/pipelines/1/runs?api-version=7.1', {}, '1:app'],
    [
      'a classic build',
      'Infrastructure/_apis/build/builds?api-version=7.1',
      { definition: { id: 2 } },
      '2:nightly',
    ],
  ])('without Queue builds, %s is refused with TF215106', async (_case, path, json, subject) => {
    const sim = await simulatorDenying(['queueBuilds']);
    const answer = await sim.api(path, {
      method: 'POST',
      json,
      headers: { authorization: basic(DENIED) },
    });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({
      typeKey: 'AccessDeniedException',
      message: `TF215106: Access denied. Lee Limited needs Queue builds permissions for build pipeline ${subject} in team project Infrastructure to perform the action. For more information, contact the Azure DevOps administrator.`,
    });
    expect(sim.state.builds.size).toBe(0);
  });

  it('without Create releases, a release is refused with VS402904', async () => {
    const sim = await simulatorDenying(['createReleases']);
    const answer = await sim.releaseApi('Infrastructure/_apis/release/releases?api-version=7.1', {
      method: 'POST',
      json: { definitionId: 3 },
      headers: { authorization: basic(DENIED) },
    });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({
      typeKey: 'AccessCheckException',
      message: expect.stringMatching(/^VS402904: .*Lee Limited.*release pipeline Infra/),
    });
    expect(sim.state.releases.size).toBe(0);
  });

  it('without Manage deployments, deploying a stage is refused and it stays not started', async () => {
    const sim = await simulatorDenying(['manageDeployments']);
    const created = (await (
      await sim.releaseApi('Infrastructure/_apis/release/releases?api-version=7.1', {
        method: 'POST',
        json: { definitionId: 3 },
      })
    ).json()) as { id: number; environments: { id: number }[] };
    const stagePath = `Infrastructure/_apis/release/releases/${created.id}/environments/${created.environments[0]?.id}?api-version=7.1`;
    const answer = await sim.releaseApi(stagePath, {
      method: 'PATCH',
      json: { status: 'inProgress' },
      headers: { authorization: basic(DENIED) },
    });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({
      message: expect.stringMatching(/^VS402904: .*stage Prod of Release-1/),
    });
    const stage = (await (await sim.releaseApi(stagePath)).json()) as { status: string };
    expect(stage.status).toBe('notStarted');
  });

  it('a permission the token is not denied is not checked: the same calls work for it', async () => {
    const sim = await simulatorDenying(['createReleases']);
    const answer = await sim.api('Infrastructure/_apis/pipelines/1/runs?api-version=7.1', {
      method: 'POST',
      json: {},
      headers: { authorization: basic(DENIED) },
    });
    expect(answer.status).toBe(200);
  });
});

describe('denied permissions in a scenario file', () => {
  const file = (denied: string) =>
    `tokens:\n  - name: t\n    pat: ${'p'.repeat(52)}\n    denied: ${denied}\nprojects:\n  - name: P\n`;

  it('are read into the token', async () => {
    const { parseScenario } = await import('../../src/simulator/scenario/load.ts');
    const loaded = parseScenario(file('[queueBuilds, manageDeployments]'), 's.yaml');
    expect(loaded.tokens[0]?.denied).toEqual(['queueBuilds', 'manageDeployments']);
    expect(parseScenario(file('[]'), 's.yaml').tokens[0]?.denied).toEqual([]);
  });

  it('refuse a permission that does not exist, at its line and column', async () => {
    const { parseScenario } = await import('../../src/simulator/scenario/load.ts');
    expect(() => parseScenario(file('[deleteEverything]'), 's.yaml')).toThrow(
      /^s\.yaml:4:14: .*denied\[0\].*queueBuilds, createReleases, manageDeployments/,
    );
  });
});
