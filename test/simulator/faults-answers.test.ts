/**
 * The bad answers a fault can give (invalidJson, unknownEnum, signInPage) and faults that strike
 * by chance (`probability`), as a plain HTTP client sees them.
 */
import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../src/simulator/scenario/faults.ts';
import { fault, plainRequest, READ_PATH, RUN_PATH, simulatorWith } from './faults-client.ts';
import type { TestSimulator } from '../helpers/simulator.ts';

const BUILD_PATH = (id: number) => `Infrastructure/_apis/build/builds/${id}?api-version=7.1`;

async function startRun(sim: TestSimulator): Promise<number> {
  const created = await plainRequest(sim, 'POST', RUN_PATH, {});
  if ('error' in created) throw new Error(created.error);
  expect(created.status).toBe(200);
  return (JSON.parse(created.text) as { id: number }).id;
}

function answerOf(answer: Awaited<ReturnType<typeof plainRequest>>) {
  if ('error' in answer) throw new Error(answer.error);
  return answer;
}

describe('bad answers', () => {
  it('invalidJson: 200 with the real answer cut off half-way, which no JSON parser takes', async () => {
    const sim = await simulatorWith([fault({ kind: 'invalidJson', method: 'GET' })]);
    const spoiled = answerOf(await plainRequest(sim, 'GET', READ_PATH));
    const whole = answerOf(await plainRequest(sim, 'GET', READ_PATH));
    expect(spoiled.status).toBe(200);
    expect(spoiled.headers['content-type']).toMatch(/application\/json/);
    expect(() => JSON.parse(spoiled.text) as unknown).toThrow(SyntaxError);
    expect(whole.text.startsWith(spoiled.text)).toBe(true);
    expect(spoiled.text.length).toBe(Math.floor(whole.text.length / 2));
  });

  it('invalidJson on a create: the run is created, only its answer is spoiled', async () => {
    const sim = await simulatorWith([fault({ kind: 'invalidJson', method: 'POST' })]);
    const answer = answerOf(await plainRequest(sim, 'POST', RUN_PATH, {}));
    expect(answer.status).toBe(200);
    expect(() => JSON.parse(answer.text) as unknown).toThrow(SyntaxError);
    expect(sim.state.builds.size).toBe(1);
  });

  it('unknownEnum: the real answer, with every status, state and result a value no client knows', async () => {
    const sim = await simulatorWith([]);
    const id = await startRun(sim);
    const real = JSON.parse(
      answerOf(await plainRequest(sim, 'GET', BUILD_PATH(id))).text,
    ) as Record<string, unknown>;
    await fetch(`${sim.rootUrl}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'unknownEnum', path: '/_apis/build/builds/\\d+$' }),
    });
    const answer = answerOf(await plainRequest(sim, 'GET', BUILD_PATH(id)));
    expect(answer.status).toBe(200);
    const garbled = JSON.parse(answer.text) as Record<string, unknown>;
    expect(real.status).toBe('inProgress');
    expect(garbled).toMatchObject({
      id,
      buildNumber: real.buildNumber,
      status: 'somethingNew',
      // Other enums named so are changed too (the project's state); other fields are not.
      project: { name: 'Infrastructure', state: 'somethingNew' },
      definition: { queueStatus: 'enabled' },
    });
    expect(Object.keys(garbled)).toEqual(Object.keys(real));
    const timeline = `Infrastructure/_apis/build/builds/${id}/timeline?api-version=7.1`;
    await fetch(`${sim.rootUrl}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'unknownEnum', path: '/timeline$' }),
    });
    const records = (
      JSON.parse(answerOf(await plainRequest(sim, 'GET', timeline)).text) as {
        records: { state: string; result: string | null }[];
      }
    ).records;
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(record.state).toBe('somethingNew');
      // A result not set yet stays null: only text values are enum values.
      expect([null, 'somethingNew']).toContain(record.result);
    }
  });

  it('signInPage: 203 with the sign-in page for a valid token, even with Suppress; nothing done', async () => {
    const sim = await simulatorWith([fault({ kind: 'signInPage', count: 2 })]);
    const read = answerOf(
      await plainRequest(sim, 'GET', READ_PATH, undefined, { 'X-TFS-FedAuthRedirect': 'Suppress' }),
    );
    expect(read.status).toBe(203);
    expect(read.headers['content-type']).toMatch(/text\/html/);
    expect(read.text).toMatch(/Sign In/);
    const create = answerOf(await plainRequest(sim, 'POST', RUN_PATH, {}));
    expect(create.status).toBe(203);
    expect(sim.state.builds.size).toBe(0);
    expect(answerOf(await plainRequest(sim, 'GET', READ_PATH)).status).toBe(200);
  });
});

describe('probability', () => {
  async function statuses(seed: number, spec: Record<string, unknown>, requests = 40) {
    const sim = await simulatorWith([fault({ kind: 'serverError', method: 'GET', ...spec })], seed);
    const seen: number[] = [];
    for (let i = 0; i < requests; i++)
      seen.push(answerOf(await plainRequest(sim, 'GET', READ_PATH)).status);
    return seen;
  }

  it('strikes about that share of matching requests, the same ones on every run of a seed', async () => {
    const first = await statuses(7, { probability: 0.25, count: 'unlimited' });
    const again = await statuses(7, { probability: 0.25, count: 'unlimited' });
    const otherSeed = await statuses(8, { probability: 0.25, count: 'unlimited' });
    expect(again).toEqual(first);
    expect(otherSeed).not.toEqual(first);
    const struck = first.filter((status) => status === 503).length;
    expect(struck).toBeGreaterThan(3);
    expect(struck).toBeLessThan(20);
  });

  it('count still caps how many get it, and skip comes first', async () => {
    const seen = await statuses(7, { probability: 0.5, count: 3, skip: 10 });
    expect(seen.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => 200));
    expect(seen.filter((status) => status === 503)).toHaveLength(3);
  });

  it('probability 1 (the default) strikes every matching request', async () => {
    expect(await statuses(7, { probability: 1, count: 'unlimited' }, 5)).toEqual([
      503, 503, 503, 503, 503,
    ]);
  });

  it.each([0, -0.5, 1.5, '0.5'])('refuses a probability of %j', (probability) => {
    expect(parseFaultSpec({ kind: 'throttle', probability })).toBe(
      '"probability" must be a number above 0 and at most 1',
    );
  });
});
