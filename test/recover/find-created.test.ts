/**
 * What a create made, looked for from its intent by a later process (a resumed flow): the same
 * rules as for a lost answer, never a create; the service's delay to list it counted from when the
 * create was sent.
 */
import { describe, expect, it } from 'vitest';
import type { ReleaseCreateIntent, RunCreateIntent } from '../../src/recover/create-intent.ts';
import { findCreated, remainingDelays } from '../../src/recover/find-created.ts';
import { markedDescription } from '../../src/recover/marker.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { clientFor } from '../azdo/client-helpers.ts';
import { startTestSimulator } from '../helpers/simulator.ts';
import { aztmPosts, PROJECT, queueRunAside, RELEASES, RUNS } from './recovery-harness.ts';

const NOW = Date.UTC(2026, 10, 26, 10);
const REQUEST_ID = '00000000-0000-4000-8000-00000000c0de';

const runIntent: RunCreateIntent = {
  kind: 'run',
  noun: 'pipeline run',
  project: PROJECT,
  definitionId: 42,
  definition: 'infra\\deploy-gateway',
  request: { branch: null, commit: null, variables: {}, templateParameters: {}, stagesToSkip: [] },
  before: { ids: [], notBefore: null },
  identityId: null,
};

const releaseIntent: ReleaseCreateIntent = {
  kind: 'release',
  project: PROJECT,
  definitionId: 14,
  definition: 'Infrastructure',
  requestId: REQUEST_ID,
};

/** Looks as a resume would, the waits recorded instead of slept. */
async function look(
  sim: Awaited<ReturnType<typeof startTestSimulator>>,
  intent: RunCreateIntent | ReleaseCreateIntent,
  sentMsAgo: number,
) {
  const waits: number[] = [];
  const found = await findCreated(clientFor(sim).client, intent, {
    sentAt: NOW - sentMsAgo,
    now: () => NOW,
    recovery: {
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    },
  });
  return { found, waits };
}

describe('remainingDelays: the looks still ahead, counted from the create', () => {
  it.each([
    [0, [1_000, 3_000, 6_000]],
    [500, [500, 3_000, 6_000]],
    [2_000, [2_000, 6_000]],
    [9_000, [1_000]],
    [10_000, []],
    [3_600_000, []],
  ])('%i ms after the create: waits %j', (elapsed, expected) => {
    expect(remainingDelays([1_000, 3_000, 6_000], elapsed)).toEqual(expected);
  });
});

describe('findCreated', () => {
  it('a run its create made is found and returned as a handle to follow', async () => {
    const sim = await startTestSimulator(defaultScenario());
    await queueRunAside(sim);
    const { found, waits } = await look(sim, runIntent, 0);

    const [run] = [...sim.state.builds.values()];
    expect(found).toMatchObject({ kind: 'one', handle: { kind: 'pipeline', id: run?.id } });
    expect(waits).toEqual([]);
  });

  it('nothing made, sent long ago: one look, none; sent just now: the service is given its delay', async () => {
    const sim = await startTestSimulator(defaultScenario());
    expect(await look(sim, runIntent, 60 * 60_000)).toEqual({ found: { kind: 'none' }, waits: [] });
    expect(await look(sim, runIntent, 0)).toEqual({
      found: { kind: 'none' },
      waits: [1_000, 3_000, 6_000],
    });
  });

  it('runs listed before the create are not taken for it; several new ones cannot be told apart', async () => {
    const sim = await startTestSimulator(defaultScenario());
    await queueRunAside(sim);
    const [older] = [...sim.state.builds.keys()];
    const known = { ...runIntent, before: { ids: [older ?? 0], notBefore: null } };
    expect((await look(sim, known, 60 * 60_000)).found).toEqual({ kind: 'none' });

    await queueRunAside(sim);
    await queueRunAside(sim);
    const { found } = await look(sim, known, 60 * 60_000);
    expect(found).toMatchObject({ kind: 'undecided', reason: '2 new runs could each be it' });
    expect(found.kind === 'undecided' && found.candidates).toHaveLength(2);
    expect(aztmPosts(sim, RUNS)).toEqual([]);
  });

  it('runs not listed before the create: undecided, saying why', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { found } = await look(sim, { ...runIntent, before: { unknown: 'HTTP 503' } }, 0);
    expect(found).toMatchObject({
      kind: 'undecided',
      reason: expect.stringContaining(
        'could not be listed before the create was sent (HTTP 503)',
      ) as unknown,
      candidates: [],
    });
  });

  it('a release is found by the mark its description carries', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { client } = clientFor(sim);
    await client.releases.create(PROJECT, {
      definitionId: 14,
      description: markedDescription('nightly', 'another-request'),
    });
    expect((await look(sim, releaseIntent, 60 * 60_000)).found).toEqual({ kind: 'none' });

    const made = await client.releases.create(PROJECT, {
      definitionId: 14,
      description: markedDescription('nightly', REQUEST_ID),
    });
    const { found } = await look(sim, releaseIntent, 60 * 60_000);
    expect(found).toMatchObject({ kind: 'one', handle: { kind: 'release', id: made.id } });
    expect(aztmPosts(sim, RELEASES)).toHaveLength(2);
  });
});
