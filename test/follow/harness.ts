/**
 * Running `follow()` against the simulator deterministically: the injected `sleep` first awaits
 * whatever the test started from an event (an admin API call), then moves the simulator's manual
 * clock by the poll interval instead of waiting.
 */
import { expect } from 'vitest';
import type { FollowEvent } from '../../src/follow/events.ts';
import { follow, type FollowClient, type FollowOptions } from '../../src/follow/follow.ts';
import type { Outcome } from '../../src/outcome.ts';
import type { Handle } from '../../src/target.ts';
import type { TokenSpec } from '../../src/simulator/scenario/model.ts';
import { PROJECT_ID } from '../helpers/scenario-builder.ts';
import type { TestSimulator } from '../helpers/simulator.ts';
import { simulatorClient, type SimulatorClient } from './simulator-client.ts';

export const PROJECT = 'Infrastructure';
export const POLL_MS = 5_000;

export interface FollowRun {
  readonly events: FollowEvent[];
  readonly outcome: Outcome;
  readonly client: SimulatorClient;
}

export interface SimulatedFollowOptions extends Omit<
  FollowOptions,
  'sleep' | 'now' | 'onEvent' | 'startedAt'
> {
  /** Called with each event; a returned promise is awaited before the clock moves on. */
  readonly on?: (event: FollowEvent) => unknown;
  /** Signs in with this token instead of the scenario's first. */
  readonly token?: TokenSpec;
}

/** Follows `handle` on `sim`; fails the test if it needs more than 200 polls. */
export async function followOnSimulator(
  sim: TestSimulator,
  handle: Handle,
  options: SimulatedFollowOptions = {},
): Promise<FollowRun> {
  const { token, ...rest } = options;
  const client = simulatorClient(sim, token);
  const { events, outcome } = await followThrough(sim, client, handle, rest);
  return { events, outcome, client };
}

/**
 * The same through any client of the areas follow() uses, such as a fake of one of them: the clock
 * and the sleeps are the simulator's, as above.
 */
export async function followThrough(
  sim: TestSimulator,
  client: FollowClient,
  handle: Handle,
  options: Omit<SimulatedFollowOptions, 'token'> = {},
): Promise<{ events: FollowEvent[]; outcome: Outcome }> {
  const { on, ...rest } = options;
  const events: FollowEvent[] = [];
  const pending: Promise<unknown>[] = [];
  let sleeps = 0;
  const outcome = await follow(client, handle, {
    pollIntervalMs: POLL_MS,
    ...rest,
    now: () => sim.manualClock.now(),
    startedAt: new Date(sim.manualClock.now()).toISOString(),
    onEvent: (event) => {
      events.push(event);
      if (on) pending.push(Promise.resolve(on(event)));
    },
    sleep: async (ms) => {
      await Promise.all(pending.splice(0));
      sleeps += 1;
      if (sleeps > 200) throw new Error('follow() polled more than 200 times');
      sim.manualClock.advance(ms);
    },
  });
  await Promise.all(pending.splice(0));
  return { events, outcome };
}

/** Events of one type, typed. */
export function eventsOf<T extends FollowEvent['type']>(
  events: readonly FollowEvent[],
  type: T,
): Extract<FollowEvent, { type: T }>[] {
  return events.filter((event): event is Extract<FollowEvent, { type: T }> => event.type === type);
}

async function post(sim: TestSimulator, url: string, json: unknown, base: 'org' | 'release') {
  const init = { method: 'POST', json };
  const response = await (base === 'org' ? sim.api(url, init) : sim.releaseApi(url, init));
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as { id: number };
}

/** Starts a run of YAML pipeline `pipelineId` through the Runs API. */
export async function runPipeline(sim: TestSimulator, pipelineId: number): Promise<Handle> {
  const run = await post(
    sim,
    `${PROJECT}/_apis/pipelines/${pipelineId}/runs?api-version=7.1`,
    {},
    'org',
  );
  return handleOf(sim, 'pipeline', run.id);
}

/** Queues classic build definition `definitionId`. */
export async function queueBuild(sim: TestSimulator, definitionId: number): Promise<Handle> {
  const build = await post(
    sim,
    `${PROJECT}/_apis/build/builds?api-version=7.1`,
    { definition: { id: definitionId } },
    'org',
  );
  return handleOf(sim, 'build', build.id);
}

/** Creates a release of `definitionId`; `manualEnvironments` as `--stages` would send them. */
export async function createRelease(
  sim: TestSimulator,
  definitionId: number,
  manualEnvironments: readonly string[] = [],
): Promise<Handle> {
  const release = await post(
    sim,
    `${PROJECT}/_apis/release/releases?api-version=7.1`,
    { definitionId, manualEnvironments },
    'release',
  );
  return handleOf(sim, 'release', release.id);
}

function handleOf(sim: TestSimulator, kind: Handle['kind'], id: number): Handle {
  const url =
    kind === 'release'
      ? sim.state.releaseWebUrl(PROJECT_ID, id)
      : sim.state.buildWebUrl(PROJECT_ID, id);
  return { kind, project: PROJECT, id, url, definitionName: `definition of ${id}` };
}

/** A call to the simulator's admin API (`/_sim`). */
export async function admin(sim: TestSimulator, path: string, json?: unknown): Promise<unknown> {
  const response = await fetch(`${sim.rootUrl}/_sim/${path}`, {
    method: json === undefined ? 'GET' : 'POST',
    ...(json === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }),
  });
  const text = await response.text();
  expect(response.ok, text).toBe(true);
  return text ? (JSON.parse(text) as unknown) : null;
}

/** A DELETE to the simulator's admin API (a run or a release, as if someone deleted it). */
export async function adminDelete(sim: TestSimulator, path: string): Promise<void> {
  const response = await fetch(`${sim.rootUrl}/_sim/${path}`, { method: 'DELETE' });
  expect(response.status, await response.text()).toBe(204);
}
