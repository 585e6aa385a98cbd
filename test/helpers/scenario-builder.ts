/**
 * Builders for resolved scenarios in tests, with the same defaults as the scenario loader, so a
 * test states only what it is about.
 */
import type {
  ApprovalScript,
  BuildDefinitionSpec,
  JobScript,
  PipelineSpec,
  ProjectSpec,
  ReleaseDefinitionSpec,
  ReleaseStageSpec,
  RunScript,
  Scenario,
  StageScript,
  TaskScript,
  TokenSpec,
} from '../../src/simulator/scenario/model.ts';
import { SCOPES } from '../../src/simulator/scenario/model.ts';

export const TEST_PAT = 'a'.repeat(52);
export const TEST_BEARER = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl';
export const PROJECT_ID = '6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c';

export function task(overrides: Partial<TaskScript> = {}): TaskScript {
  return { name: 'Run script', durationMs: 10_000, result: 'succeeded', log: [], ...overrides };
}

export function job(overrides: Partial<JobScript> = {}): JobScript {
  return { name: 'Job', displayName: 'Job', tasks: [task()], ...overrides };
}

export function approval(overrides: Partial<ApprovalScript> = {}): ApprovalScript {
  return {
    approvers: ['Release Managers'],
    instructions: '',
    outcome: 'pending',
    afterMs: 0,
    comment: '',
    ...overrides,
  };
}

export function stage(overrides: Partial<StageScript> & { name: string }): StageScript {
  return {
    displayName: overrides.name,
    dependsOn: [],
    condition: 'succeeded',
    approval: null,
    jobs: [job()],
    ...overrides,
  };
}

export function run(overrides: Partial<RunScript> = {}): RunScript {
  return { queueMs: 0, finalizeMs: 0, stages: [stage({ name: 'Build' })], ...overrides };
}

export function pipeline(
  overrides: Partial<PipelineSpec> & { id: number; name: string },
): PipelineSpec {
  return {
    folder: '\\',
    revision: 1,
    repository: 'Infrastructure',
    defaultBranch: 'refs/heads/main',
    variables: {},
    parameters: {},
    runs: [run()],
    ...overrides,
  };
}

export function buildDefinition(
  overrides: Partial<BuildDefinitionSpec> & { id: number; name: string },
): BuildDefinitionSpec {
  return {
    path: '\\',
    revision: 1,
    repository: 'Infrastructure',
    defaultBranch: 'refs/heads/main',
    variables: {},
    runs: [run({ stages: [stage({ name: '__default' })] })],
    ...overrides,
  };
}

export function releaseStage(
  overrides: Partial<ReleaseStageSpec> & { id: number; name: string },
): ReleaseStageSpec {
  return {
    rank: overrides.id,
    trigger: { kind: 'afterRelease' },
    variables: {},
    deploys: [{ approval: null, tasks: [task()] }],
    ...overrides,
  };
}

export function releaseDefinition(
  overrides: Partial<ReleaseDefinitionSpec> & { id: number; name: string },
): ReleaseDefinitionSpec {
  return {
    path: '\\',
    revision: 1,
    releaseNameFormat: 'Release-$(rev:r)',
    variables: {},
    artifacts: [],
    stages: [releaseStage({ id: 1, name: 'Dev' })],
    releaseCreatorCanBeApprover: true,
    ...overrides,
  };
}

export function token(overrides: Partial<TokenSpec> = {}): TokenSpec {
  return {
    name: 'admin',
    kind: 'pat',
    value: TEST_PAT,
    user: 'Ada Admin',
    userId: 'ada@contoso.com',
    scopes: [...SCOPES],
    projects: null,
    repositories: null,
    denied: [],
    expiresAt: null,
    ...overrides,
  };
}

export function project(overrides: Partial<ProjectSpec> = {}): ProjectSpec {
  return {
    id: PROJECT_ID,
    name: 'Infrastructure',
    pipelines: [],
    buildDefinitions: [],
    releaseDefinitions: [],
    ...overrides,
  };
}

export function scenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    organization: 'contoso',
    mode: 'services',
    apiVersion: { released: '7.1', max: '7.2' },
    seed: 1,
    startTime: Date.UTC(2026, 0, 1, 9, 0, 0),
    tokens: [
      token(),
      token({
        name: 'job',
        kind: 'bearer',
        value: TEST_BEARER,
        user: 'Project Collection Build Service',
        userId: 'build@contoso',
      }),
    ],
    projects: [project()],
    faults: [],
    ...overrides,
  };
}

/**
 * A pipeline whose Production stage waits for an approval assigned to the admin token's own user,
 * Ada Admin (for `--approve`).
 */
export function gatedForAda(id: number, name: string): PipelineSpec {
  return pipeline({
    id,
    name,
    runs: [
      run({
        stages: [
          stage({ name: 'Build' }),
          stage({
            name: 'Production',
            dependsOn: ['Build'],
            approval: approval({ approvers: ['Ada Admin'], instructions: 'Ada signs off' }),
          }),
        ],
      }),
    ],
  });
}

/** The artifacts of the release tests' "Web CD": web-ci without a default version, tools with one. */
export const WEB_CD_ARTIFACTS: ReleaseDefinitionSpec['artifacts'] = [
  {
    alias: 'web-ci',
    type: 'Build',
    isPrimary: true,
    definitionId: 3,
    definitionName: 'web-ci',
    defaultVersion: null,
    versions: [
      { id: '41', name: '20260101.1' },
      { id: '42', name: '20260102.1' },
    ],
  },
  {
    alias: 'tools',
    type: 'Build',
    isPrimary: false,
    definitionId: 4,
    definitionName: 'tools',
    defaultVersion: { id: '9', name: '1.0' },
    versions: [{ id: '9', name: '1.0' }],
  },
];
