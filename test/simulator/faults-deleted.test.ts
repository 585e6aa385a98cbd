/**
 * Deleting a run or a release through the admin API, as a plain HTTP client sees it: every later
 * read answers 404 as the service does for one that does not exist, and numbering goes on.
 */
import { describe, expect, it } from 'vitest';
import {
  pipeline,
  project,
  releaseDefinition,
  releaseStage,
  scenario,
} from '../helpers/scenario-builder.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';
import { parseAnswer, plainRequest, RUN_PATH } from './faults-client.ts';

async function start(): Promise<TestSimulator> {
  return startTestSimulator(
    scenario({
      projects: [
        project({
          pipelines: [pipeline({ id: 1, name: 'app' })],
          releaseDefinitions: [
            releaseDefinition({
              id: 5,
              name: 'web',
              stages: [releaseStage({ id: 1, name: 'Dev' })],
            }),
          ],
        }),
      ],
    }),
  );
}

const adminDelete = (sim: TestSimulator, path: string) =>
  fetch(`${sim.rootUrl}/_sim/${path}`, { method: 'DELETE' });

async function json(sim: TestSimulator, method: string, path: string, body?: unknown) {
  const answer = await plainRequest(sim, method, path, body);
  if ('error' in answer) throw new Error(answer.error);
  return { status: answer.status, body: parseAnswer(answer.text) as Record<string, unknown> };
}

describe('DELETE /_sim/runs/{id}', () => {
  it('later reads of the run, its timeline and its Runs API twin answer 404', async () => {
    const sim = await start();
    const { body: run } = await json(sim, 'POST', RUN_PATH, {});
    const id = Number(run.id);
    expect((await adminDelete(sim, `runs/${id}`)).status).toBe(204);

    const build = await json(sim, 'GET', `Infrastructure/_apis/build/builds/${id}?api-version=7.1`);
    expect(build).toMatchObject({
      status: 404,
      body: { typeKey: 'BuildNotFoundException', message: expect.stringContaining(String(id)) },
    });
    const timeline = `Infrastructure/_apis/build/builds/${id}/timeline?api-version=7.1`;
    expect((await json(sim, 'GET', timeline)).status).toBe(404);
    const runs = `Infrastructure/_apis/pipelines/1/runs/${id}?api-version=7.1`;
    expect((await json(sim, 'GET', runs)).status).toBe(404);
    expect((await fetch(`${sim.rootUrl}/_sim/runs/${id}`)).status).toBe(404);
  });

  it('a second delete, or one of a run that never was, answers 404', async () => {
    const sim = await start();
    const { body: run } = await json(sim, 'POST', RUN_PATH, {});
    expect((await adminDelete(sim, `runs/${String(run.id)}`)).status).toBe(204);
    expect((await adminDelete(sim, `runs/${String(run.id)}`)).status).toBe(404);
    expect((await adminDelete(sim, 'runs/4242')).status).toBe(404);
  });

  it('the next run gets a new id and the next build number: a deleted run still counts', async () => {
    const sim = await start();
    const { body: first } = await json(sim, 'POST', RUN_PATH, {});
    await adminDelete(sim, `runs/${String(first.id)}`);
    const { body: second } = await json(sim, 'POST', RUN_PATH, {});
    expect(second.id).toBe(Number(first.id) + 1);
    expect(second.name).not.toBe(first.name);
  });
});

describe('DELETE /_sim/releases/{id}', () => {
  it('later reads of the release answer 404 ReleaseNotFoundException', async () => {
    const sim = await start();
    const created = await sim.releaseApi('Infrastructure/_apis/release/releases?api-version=7.1', {
      method: 'POST',
      json: { definitionId: 5 },
    });
    expect(created.status).toBe(200);
    const { id, name } = (await created.json()) as { id: number; name: string };
    expect((await adminDelete(sim, `releases/${id}`)).status).toBe(204);

    const read = await sim.releaseApi(
      `Infrastructure/_apis/release/releases/${id}?api-version=7.1`,
    );
    expect(read.status).toBe(404);
    expect(await read.json()).toMatchObject({ typeKey: 'ReleaseNotFoundException' });
    expect((await adminDelete(sim, `releases/${id}`)).status).toBe(404);

    const next = await sim.releaseApi('Infrastructure/_apis/release/releases?api-version=7.1', {
      method: 'POST',
      json: { definitionId: 5 },
    });
    expect(((await next.json()) as { name: string }).name).not.toBe(name);
  });
});
