/**
 * The organization the Build, Pipelines and approvals route tests run against, and a request
 * helper that checks every answer against the specs (test/contract), so each test also proves its
 * bodies are what a strict client would accept.
 */
import { expect } from 'vitest';
import type { Scenario } from '../../src/simulator/scenario/model.ts';
import { findOperation, validateResponse } from '../contract/spec-index.ts';
import {
  approval,
  buildDefinition,
  job,
  pipeline,
  project,
  run,
  scenario,
  stage,
  task,
  token,
} from '../helpers/scenario-builder.ts';
import type { TestSimulator } from '../helpers/simulator.ts';

export const PAT_READER = 'r'.repeat(52);
export const PAT_LIMITED = 'l'.repeat(52);

/** Run script of the gated pipeline: Build (2 × 10 s), then Deploy behind a pending approval. */
export const gatedRun = run({
  stages: [
    stage({
      name: 'Build',
      jobs: [
        job({
          tasks: [
            task({ name: 'Compile', log: ['compiling', 'linking'] }),
            task({ name: 'Test', log: ['42 tests passed'] }),
          ],
        }),
      ],
    }),
    stage({
      name: 'Deploy',
      displayName: 'Deploy to production',
      dependsOn: ['Build'],
      approval: approval({
        approvers: ['Release Managers', 'Ops'],
        instructions: 'Check the dashboard',
      }),
    }),
  ],
});

export function buildScenario(): Scenario {
  return scenario({
    tokens: [
      token(),
      token({
        name: 'reader',
        value: PAT_READER,
        user: 'Rita Reader',
        userId: 'rita@contoso.com',
        scopes: ['vso.build'],
      }),
      token({
        name: 'limited',
        value: PAT_LIMITED,
        user: 'Project Collection Build Service',
        userId: 'build@contoso',
        repositories: ['Infrastructure'],
      }),
    ],
    projects: [
      project({
        pipelines: [
          pipeline({
            id: 7,
            name: 'infra-deploy',
            folder: '\\infra',
            variables: {
              region: { value: 'westeurope', isSecret: false, allowOverride: true },
              locked: { value: 'fixed', isSecret: false, allowOverride: false },
              password: { value: 'hunter2', isSecret: true, allowOverride: true },
            },
            parameters: {
              env: { default: 'dev', values: ['dev', 'prod'] },
              note: { default: '', values: [] },
            },
            runs: [gatedRun],
          }),
          pipeline({
            id: 8,
            name: 'Partial',
            runs: [
              run({
                stages: [
                  stage({
                    name: 'Build',
                    jobs: [job({ tasks: [task({ result: 'succeededWithIssues' })] })],
                  }),
                ],
              }),
            ],
          }),
          pipeline({ id: 9, name: 'secret-tooling', repository: 'Secrets' }),
        ],
        buildDefinitions: [buildDefinition({ id: 3, name: 'legacy-build', path: '\\legacy' })],
      }),
    ],
  });
}

export interface CheckedResponse {
  readonly status: number;
  /** The parsed JSON body; tests read it through the Wire* shapes below. */
  readonly body: unknown;
  readonly text: string;
  readonly headers: Headers;
}

/** The fields the tests read, as the service sends them. */
export interface WireList<T> {
  readonly count: number;
  readonly value: readonly T[];
}
export interface WireError {
  readonly typeKey: string;
  readonly message: string;
  readonly customProperties?: { readonly ValidationResults?: readonly { message: string }[] };
}
export interface WireRun {
  readonly id: number;
  readonly name: string;
  readonly state: string;
  readonly result?: string;
  readonly finishedDate?: string;
  readonly resources: {
    readonly repositories: { readonly self: { refName: string; version: string } };
  };
  readonly _links: Readonly<Record<string, { href: string }>>;
}
export interface WireBuild {
  readonly id: number;
  readonly status: string;
  readonly result?: string;
  readonly sourceBranch: string;
  readonly parameters?: string;
  readonly finishTime?: string;
  readonly orchestrationPlan: { readonly planId: string };
}
export interface WireRecord {
  readonly id: string;
  readonly parentId: string | null;
  readonly type: string;
  readonly name: string;
  readonly state: string;
  readonly result: string | null;
  readonly changeId: number;
  readonly log: { readonly id: number } | null;
}
export interface WireTimeline {
  readonly id: string;
  readonly changeId: number;
  readonly records: readonly WireRecord[];
}
export interface WireApproval {
  readonly id: string;
  readonly status: string;
  readonly steps: readonly {
    status: string;
    comment?: string;
    actualApprover?: { displayName: string };
  }[];
}

/** A response body read as one of the Wire* shapes. */
export function bodyOf<T>(response: CheckedResponse): T {
  return response.body as T;
}

/**
 * A request under the organization URL whose answer is checked against the spec operation it
 * belongs to: a success body against the operation's schema, an error against the service's
 * error shape (docs/design/azure-devops.md §5).
 */
export async function call(
  sim: TestSimulator,
  path: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<CheckedResponse> {
  const response = await sim.api(path, init);
  const text = await response.text();
  const isJson = /json/i.test(response.headers.get('content-type') ?? '');
  const body: unknown = isJson && text.length > 0 ? JSON.parse(text) : undefined;
  const operation = findOperation(init.method ?? 'GET', null, path);
  expect(operation, `a spec operation for ${path}`).not.toBeNull();
  if (operation) {
    expect(validateResponse(operation, response.status, body)).toEqual([]);
  }
  return { status: response.status, body, text, headers: response.headers };
}

/** Basic authorization with one of the scenario's other PATs. */
export function as(pat: string): { authorization: string } {
  return { authorization: `Basic ${Buffer.from(`:${pat}`).toString('base64')}` };
}

export const API = 'api-version=7.1';
