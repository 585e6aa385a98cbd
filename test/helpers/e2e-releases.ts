/**
 * What the end-to-end tests of `aztm release` (and `watch --release`) read from and do to the
 * simulator: the release requests the CLI sent, the admin API's view of releases, the Release API
 * as a user would call it, and scenarios with release definitions of their own.
 */
import { expect } from 'vitest';
import { admin } from './e2e-runs.ts';

export { admin };
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import type { ReleaseDefinitionSpec, Scenario } from '../../src/simulator/scenario/model.ts';
import type { LoggedRequest } from '../../src/simulator/state.ts';
import { project, scenario } from './scenario-builder.ts';

/** Requests with `method` to a path matching `path` (case-insensitive as the service is). */
export function requestsTo(sim: RunningSimulator, method: string, path: RegExp): LoggedRequest[] {
  return sim.state.requests.filter((entry) => entry.method === method && path.test(entry.url));
}

export const CREATE_RELEASE = /\/_apis\/release\/releases(\?|$)/i;
export const UPDATE_ENVIRONMENT = /\/_apis\/release\/releases\/\d+\/environments\/\d+(\?|$)/i;
export const UPDATE_APPROVAL = /\/_apis\/release\/approvals\/\d+(\?|$)/i;

/** The bodies of the create-release requests the simulator received. */
export function createBodies(sim: RunningSimulator): Record<string, unknown>[] {
  return requestsTo(sim, 'POST', CREATE_RELEASE).map((entry) => {
    const body = { ...(entry.body as Record<string, unknown>) };
    // Every create carries aztm's mark (to find it again if the answer is lost): check it is
    // there, then compare the rest as the user gave it.
    const description = typeof body.description === 'string' ? body.description : '';
    const user = description.replace(/ ?\(?aztm [0-9a-f-]{36}\)?$/, '');
    expect(description).toMatch(/aztm [0-9a-f-]{36}\)?$/);
    if (user) body.description = user;
    else delete body.description;
    return body;
  });
}

/** A release as the admin API shows it (`GET /_sim/releases/{id}`). */
export interface AdminRelease {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly definition: { readonly id: number; readonly name: string };
  readonly stages: {
    readonly id: number;
    readonly name: string;
    readonly status: string;
    readonly approval: { readonly id: number; readonly status: string } | null;
  }[];
}

export function adminRelease(sim: RunningSimulator, id: number): Promise<AdminRelease> {
  return admin<AdminRelease>(sim, 'GET', `releases/${id}`);
}

export async function adminReleases(sim: RunningSimulator): Promise<AdminRelease[]> {
  return (await admin<{ value: AdminRelease[] }>(sim, 'GET', 'releases')).value;
}

/** One stage of a release as the admin API shows it; fails the test when it has none so named. */
export async function adminStage(
  sim: RunningSimulator,
  releaseId: number,
  name: string,
): Promise<AdminRelease['stages'][number]> {
  const stage = (await adminRelease(sim, releaseId)).stages.find((s) => s.name === name);
  if (!stage) throw new Error(`release ${releaseId} has no stage ${name}`);
  return stage;
}

/**
 * A Release API call as a user would make it, signed in with the scenario's first token, in
 * project DevOps; fails the test unless it answers 2xx.
 */
export async function releaseApi<T>(
  sim: RunningSimulator,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body?: unknown,
): Promise<T> {
  const url = `${sim.releaseUrl}/DevOps/_apis/release/${path}${path.includes('?') ? '&' : '?'}api-version=7.1`;
  const answer = await fetch(url, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`:${sim.token.value}`).toString('base64')}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await answer.text();
  expect(answer.ok, `${method} ${path}: ${answer.status} ${text}`).toBe(true);
  return JSON.parse(text) as T;
}

/** The id in `triggered release 101 (Release-1) of …` on stderr. */
export function triggeredReleaseId(stderr: string): number {
  const match = /triggered release (\d+)/.exec(stderr);
  if (!match?.[1]) throw new Error(`no "triggered release" line in:\n${stderr}`);
  return Number(match[1]);
}

/** A scenario whose project DevOps (what `e2eEnv` names) holds just these release definitions. */
export function releaseScenario(...releaseDefinitions: ReleaseDefinitionSpec[]): Scenario {
  return scenario({ projects: [project({ name: 'DevOps', releaseDefinitions })] });
}

/** The built-in scenario with release definition `id` changed by `change`. */
export function withReleaseDefinition(
  id: number,
  change: (definition: ReleaseDefinitionSpec) => ReleaseDefinitionSpec,
): Scenario {
  const base = defaultScenario();
  return {
    ...base,
    projects: base.projects.map((project) => ({
      ...project,
      releaseDefinitions: project.releaseDefinitions.map((definition) =>
        definition.id === id ? change(definition) : definition,
      ),
    })),
  };
}
