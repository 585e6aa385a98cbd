/**
 * What the end-to-end tests of `aztm pipeline`, `build` and `watch` read from and do to the
 * simulator: its request log (what the CLI actually sent), its admin API (runs, approvals), its
 * tokens by name, and scenarios derived from the built-in one.
 */
import { expect } from 'vitest';
import { runAztm } from './run-in-process.ts';
import { createRequests, e2eEnv, startE2ESimulator } from './e2e.ts';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import type { ProjectSpec, Scenario } from '../../src/simulator/scenario/model.ts';
import type { LoggedRequest } from '../../src/simulator/state.ts';
import { job, pipeline, run, stage, task } from './scenario-builder.ts';

/** The secret of one of the scenario's tokens, by its name (`admin`, `job`, `reader`, `no-repo`). */
export function tokenValue(sim: RunningSimulator, name: string): string {
  const token = sim.state.scenario.tokens.find((candidate) => candidate.name === name);
  if (!token) throw new Error(`the scenario has no token named ${name}`);
  return token.value;
}

/** The requests the CLI sent with `method` to a path matching `path`. */
export function requestsTo(sim: RunningSimulator, method: string, path: RegExp): LoggedRequest[] {
  return sim.state.requests.filter((entry) => entry.method === method && path.test(entry.url));
}

/** The one request matching; fails the test when there is none or several. */
export function onlyRequest(sim: RunningSimulator, method: string, path: RegExp): LoggedRequest {
  const found = requestsTo(sim, method, path);
  expect(found, `${method} ${String(path)} in the request log`).toHaveLength(1);
  return found[0] as LoggedRequest;
}

/** A run or build as the admin API shows it (`GET /_sim/runs/{id}`). */
export interface AdminRun {
  readonly id: number;
  readonly kind: 'pipeline' | 'build';
  readonly definition: { readonly id: number; readonly name: string };
  readonly status: string;
  readonly result: string | null;
  readonly sourceBranch: string;
  readonly variables: Record<string, { value: string; isSecret: boolean }>;
  readonly templateParameters: Record<string, string>;
  readonly stagesToSkip: string[];
  readonly cancelRequestedAt: string | null;
  readonly approvals: {
    readonly id: string;
    readonly stage: string;
    readonly status: string;
    readonly decidedBy: string | null;
    readonly comment: string | null;
  }[];
}

/** A request to the simulator's admin API; fails the test unless it answers 2xx. */
export async function admin<T>(
  sim: RunningSimulator,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const answer = await fetch(`${sim.rootUrl}/_sim/${path}`, {
    method,
    ...(body !== undefined
      ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
      : {}),
  });
  const text = await answer.text();
  expect(answer.ok, `${method} /_sim/${path}: ${answer.status} ${text}`).toBe(true);
  return JSON.parse(text) as T;
}

export function adminRun(sim: RunningSimulator, id: number): Promise<AdminRun> {
  return admin<AdminRun>(sim, 'GET', `runs/${id}`);
}

export async function adminRuns(sim: RunningSimulator): Promise<AdminRun[]> {
  return (await admin<{ value: AdminRun[] }>(sim, 'GET', 'runs')).value;
}

/** The id in `triggered pipeline run 1000 …` / `triggered build 1000 …` on stderr. */
export function triggeredId(stderr: string): number {
  const match = /triggered (?:pipeline run|build) (\d+)/.exec(stderr);
  if (!match?.[1]) throw new Error(`no "triggered" line in:\n${stderr}`);
  return Number(match[1]);
}

/** The built-in scenario with its first project (DevOps) changed by `change`. */
export function withDevOpsProject(change: (project: ProjectSpec) => ProjectSpec): Scenario {
  const base = defaultScenario();
  const [first, ...rest] = base.projects;
  if (!first) throw new Error('the built-in scenario has no project');
  return { ...base, projects: [change(first), ...rest] };
}

/**
 * The built-in scenario plus pipeline 62, "leaky": it takes a secret `password` variable and its
 * failing task logs `logLine`, as careless scripts do, to show that secrets never get printed.
 */
export function withLeakyPipeline(logLine: string): Scenario {
  return withDevOpsProject((project) => ({
    ...project,
    pipelines: [
      ...project.pipelines,
      pipeline({
        id: 62,
        name: 'leaky',
        variables: { password: { value: '', isSecret: true, allowOverride: true } },
        runs: [
          run({
            stages: [
              stage({
                name: 'Build',
                jobs: [
                  job({ tasks: [task({ name: 'Connect', result: 'failed', log: [logLine] })] }),
                ],
              }),
            ],
          }),
        ],
      }),
    ],
  }));
}

/** Everything the CLI printed, for "appears nowhere" checks. */
export function printed(result: { stdout: string; stderr: string }): string {
  return `${result.stdout}\n${result.stderr}`;
}

/** A bad input of the contract: the exit code it gets and what stderr must say about it. */
export interface BadInput {
  readonly what: string;
  readonly args: readonly string[];
  /** Added to the environment of e2eEnv; an empty value unsets one of its variables. */
  readonly env?: Record<string, string>;
  readonly scenario?: Scenario;
  readonly code: 2 | 5;
  /** What stderr must say, naming the input. */
  readonly says: readonly string[];
}

/**
 * Runs the CLI with a bad input and checks that it was refused with its exit code and a message
 * naming the input, printed nothing on stdout, and sent the simulator no create request.
 */
export async function expectRefused(input: BadInput): Promise<void> {
  const sim = await startE2ESimulator(input.scenario ? { scenario: input.scenario } : {});
  const result = await runAztm(input.args, { env: e2eEnv(sim, input.env) });

  expect(result.code, result.stderr).toBe(input.code);
  expect(result.stderr).toMatch(/^aztm: /);
  for (const words of input.says) expect(result.stderr).toContain(words);
  expect(result.stdout).toBe('');
  expect(createRequests(sim)).toEqual([]);
}
