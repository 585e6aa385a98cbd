import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import schema from '../../schemas/scenario.schema.json' with { type: 'json' };
import { UsageError } from '../../src/errors.ts';
import { seededGuid } from '../../src/simulator/ids.ts';
import { DEFAULT_SCENARIO_YAML } from '../../src/simulator/scenario/default-scenario.ts';
import {
  ScenarioError,
  defaultScenario,
  loadScenarioFile,
  parseScenario,
} from '../../src/simulator/scenario/load.ts';
import { SCOPES, type Scenario } from '../../src/simulator/scenario/model.ts';
import {
  approval,
  buildDefinition,
  job,
  pipeline,
  releaseDefinition,
  releaseStage,
  run,
  stage,
  task,
  token,
} from '../helpers/scenario-builder.ts';

/** Lines 1-3 of most files below: the one token every scenario needs. */
const TOKENS = ['tokens:', '  - name: admin', '    pat: abc'];
/** Lines 4-5: a project named like the builders' default project, so their defaults compare. */
const PROJECT = [...TOKENS, 'projects:', '  - name: Infrastructure'];

function parse(...lines: string[]): Scenario {
  return parseScenario(`${lines.join('\n')}\n`, 'scenario.yaml');
}

function project(...lines: string[]) {
  const scenario = parse(...PROJECT, ...lines);
  const first = scenario.projects[0];
  if (!first) throw new Error('no project resolved');
  return first;
}

function parseError(lines: readonly string[]): ScenarioError {
  try {
    parse(...lines);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('the scenario was accepted');
}

describe('parseScenario: defaults', () => {
  it('resolves a file with only a token to the documented organization-level defaults', () => {
    expect(parse(...TOKENS)).toEqual({
      organization: 'contoso',
      mode: 'services',
      apiVersion: { released: '7.1', max: '7.2' },
      seed: 1,
      startTime: Date.UTC(2026, 0, 1, 9, 0, 0),
      tokens: [token({ name: 'admin', value: 'abc', user: 'admin', userId: 'admin@contoso' })],
      projects: [],
      faults: [],
    });
  });

  it.each([
    ['services', {}, { released: '7.1', max: '7.2' }],
    ['server', {}, { released: '7.0', max: '7.0' }],
    ['server', { released: '"6.0"' }, { released: '6.0', max: '7.0' }],
    // An unquoted 7.0 is the YAML number 7: it still means "7.0".
    ['services', { released: '7.0', max: '7.0' }, { released: '7.0', max: '7.0' }],
  ])('mode %s with apiVersion %j speaks %j', (mode, given, expected) => {
    const fields = Object.entries(given).map(([key, value]) => `${key}: ${value}`);
    const apiVersion = fields.length > 0 ? [`apiVersion: { ${fields.join(', ')} }`] : [];
    expect(parse(...TOKENS, `mode: ${mode}`, ...apiVersion).apiVersion).toEqual(expected);
  });

  it('derives the project id from the seed and the name, and keeps a given id', () => {
    const scenario = parse(
      ...TOKENS,
      'seed: 5',
      'projects:',
      '  - name: DevOps',
      '  - { name: Platform, id: 6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c }',
    );
    expect(scenario.projects.map((p) => p.id)).toEqual([
      seededGuid(5, 'project:DevOps'),
      '6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c',
    ]);
    expect(scenario.projects[0]?.id).not.toBe(seededGuid(1, 'project:DevOps'));
  });

  it('resolves tokens: kind, user, userId from the organization, scopes, expiry after startTime', () => {
    const scenario = parse(
      'organization: fabrikam',
      'startTime: 2026-03-01T10:00:00+01:00',
      'projects: [{ name: DevOps }]',
      'tokens:',
      '  - { name: ci, bearer: jwt.value.sig, scopes: [vso.build, vso.build, vso.code] }',
      '  - name: limited',
      '    pat: p2',
      '    user: Lee',
      '    projects: [devops]',
      '    repositories: []',
      '    expiresAfter: 10m',
    );
    expect(scenario.startTime).toBe(Date.UTC(2026, 2, 1, 9, 0, 0));
    expect(scenario.tokens).toEqual([
      token({
        name: 'ci',
        kind: 'bearer',
        value: 'jwt.value.sig',
        user: 'ci',
        userId: 'ci@fabrikam',
        scopes: ['vso.build', 'vso.code'],
      }),
      token({
        name: 'limited',
        value: 'p2',
        user: 'Lee',
        userId: 'limited@fabrikam',
        scopes: [...SCOPES],
        projects: ['devops'],
        repositories: [],
        expiresAt: Date.UTC(2026, 2, 1, 9, 10, 0),
      }),
    ]);
  });

  it('gives a bare pipeline the same defaults as the test builders (repository: the project)', () => {
    expect(project('    pipelines: [{ id: 3, name: a }]').pipelines).toEqual([
      pipeline({ id: 3, name: 'a' }),
    ]);
  });

  it('gives a bare classic build one implicit __default stage, as the builders do', () => {
    expect(project('    buildDefinitions: [{ id: 3, name: b }]').buildDefinitions).toEqual([
      buildDefinition({ id: 3, name: 'b' }),
    ]);
  });

  it("gives a release definition with one bare stage the builders' defaults", () => {
    const resolved = project(
      '    releaseDefinitions:',
      '      - { id: 1, name: R, stages: [{ name: Dev }] }',
    ).releaseDefinitions;
    expect(resolved).toEqual([releaseDefinition({ id: 1, name: 'R' })]);
  });

  it.each([
    ['infra', '\\infra'],
    ['\\infra\\', '\\infra'],
    ['infra/gateway', '\\infra\\gateway'],
    ['\\', '\\'],
  ])('normalises folder %s to %s', (folder, expected) => {
    const resolved = project(`    pipelines: [{ id: 1, name: a, folder: '${folder}' }]`);
    expect(resolved.pipelines[0]?.folder).toBe(expected);
  });

  it.each([
    ['main', 'refs/heads/main'],
    ['feature/x', 'refs/heads/feature/x'],
    ['refs/tags/v1', 'refs/tags/v1'],
  ])('reads defaultBranch %s as %s', (branch, expected) => {
    const resolved = project(`    pipelines: [{ id: 1, name: a, defaultBranch: ${branch} }]`);
    expect(resolved.pipelines[0]?.defaultBranch).toBe(expected);
  });

  it('reads variables in both forms, as text, with settable meaning allowOverride', () => {
    const resolved = project(
      '    pipelines:',
      '      - id: 1',
      '        name: a',
      '        variables:',
      '          plain: text',
      '          replicas: 3',
      '          debug: true',
      '          password: { value: s3cret, secret: true }',
      '          tag: { settable: true }',
    );
    expect(resolved.pipelines[0]?.variables).toEqual({
      plain: { value: 'text', isSecret: false, allowOverride: false },
      replicas: { value: '3', isSecret: false, allowOverride: false },
      debug: { value: 'true', isSecret: false, allowOverride: false },
      password: { value: 's3cret', isSecret: true, allowOverride: false },
      tag: { value: '', isSecret: false, allowOverride: true },
    });
  });

  it('reads template parameters; without a default the first allowed value is the default', () => {
    const resolved = project(
      '    pipelines:',
      '      - id: 1',
      '        name: a',
      '        parameters:',
      '          region: westeurope',
      '          env: { values: [dev, prod] }',
      '          size: { default: 2, values: [1, 2] }',
    );
    expect(resolved.pipelines[0]?.parameters).toEqual({
      region: { default: 'westeurope', values: [] },
      env: { default: 'dev', values: ['dev', 'prod'] },
      size: { default: '2', values: ['1', '2'] },
    });
  });
  it('accepts anchors and merge keys, so pipelines can share a run script', () => {
    const resolved = project(
      '    pipelines:',
      '      - &base { id: 1, name: a, run: { duration: 30s, result: failed } }',
      '      - <<: *base',
      '        id: 2',
      '        name: b',
    );
    expect(resolved.pipelines.map((p) => [p.id, p.name, p.runs])).toEqual([
      [
        1,
        'a',
        [
          run({
            stages: [
              stage({
                name: 'Build',
                jobs: [job({ tasks: [task({ durationMs: 30_000, result: 'failed' })] })],
              }),
            ],
          }),
        ],
      ],
      [
        2,
        'b',
        [
          run({
            stages: [
              stage({
                name: 'Build',
                jobs: [job({ tasks: [task({ durationMs: 30_000, result: 'failed' })] })],
              }),
            ],
          }),
        ],
      ],
    ]);
  });
});

describe('parseScenario: runs', () => {
  const runsOf = (...lines: string[]) =>
    project('    pipelines:', '      - id: 1', '        name: a', ...lines).pipelines[0]?.runs;

  it('reads a run of one-stage shorthand as stage Build, job Job, task Run script', () => {
    expect(
      runsOf(
        '        run:',
        '          queue: 5s',
        '          duration: 1m30s',
        '          result: failed',
        '          log: |',
        '            one',
        '            two',
      ),
    ).toEqual([
      run({
        queueMs: 5_000,
        stages: [
          stage({
            name: 'Build',
            jobs: [
              job({ tasks: [task({ durationMs: 90_000, result: 'failed', log: ['one', 'two'] })] }),
            ],
          }),
        ],
      }),
    ]);
  });

  it('makes each stage depend on the previous one unless dependsOn says otherwise', () => {
    const stages = runsOf(
      '        run:',
      '          stages:',
      '            - name: A',
      '            - name: B',
      '            - { name: C, dependsOn: [] }',
      '            - { name: D, dependsOn: A, condition: failed }',
      '            - { name: E, dependsOn: [B, D], displayName: Last }',
    )?.[0]?.stages;
    expect(stages?.map((s) => [s.name, s.displayName, s.dependsOn, s.condition])).toEqual([
      ['A', 'A', [], 'succeeded'],
      ['B', 'B', ['A'], 'succeeded'],
      ['C', 'C', [], 'succeeded'],
      ['D', 'D', ['A'], 'failed'],
      ['E', 'Last', ['B', 'D'], 'succeeded'],
    ]);
  });

  it('reads jobs, tasks lists and the one-task shorthand at each level', () => {
    const stages = runsOf(
      '        run:',
      '          stages:',
      '            - name: Jobs',
      '              jobs:',
      '                - { name: J1, displayName: First, tasks: [{ name: t, duration: 2s }, {}] }',
      '                - { name: J2, result: canceled }',
      '            - name: Tasks',
      '              tasks: [{ name: only, log: [x] }]',
    )?.[0]?.stages;
    expect(stages?.[0]?.jobs).toEqual([
      job({
        name: 'J1',
        displayName: 'First',
        tasks: [task({ name: 't', durationMs: 2_000 }), task()],
      }),
      job({ name: 'J2', displayName: 'J2', tasks: [task({ result: 'canceled' })] }),
    ]);
    expect(stages?.[1]?.jobs).toEqual([job({ tasks: [task({ name: 'only', log: ['x'] })] })]);
  });

  it('reads runs as one script per run, in order', () => {
    const runs = runsOf('        runs:', '          - { result: failed }', '          - {}');
    expect(runs?.map((r) => r.stages[0]?.jobs[0]?.tasks[0]?.result)).toEqual([
      'failed',
      'succeeded',
    ]);
  });

  it.each([
    ['approved', approval({ outcome: 'approved' })],
    ['pending', approval()],
    [
      '{ approvers: [Ops], instructions: Look, outcome: rejected, after: 2m, comment: No }',
      approval({
        approvers: ['Ops'],
        instructions: 'Look',
        outcome: 'rejected',
        afterMs: 120_000,
        comment: 'No',
      }),
    ],
  ])('reads approval %s', (written, expected) => {
    const runs = runsOf('        run:', `          approval: ${written}`);
    expect(runs?.[0]?.stages[0]?.approval).toEqual(expected);
  });

  it('gives a classic build run its jobs in the __default stage, with its queue time', () => {
    const resolved = project(
      '    buildDefinitions:',
      '      - { id: 2, name: b, run: { queue: 1m, tasks: [{ duration: 3s }, { result: failed }] } }',
    );
    expect(resolved.buildDefinitions[0]?.runs).toEqual([
      run({
        queueMs: 60_000,
        stages: [
          stage({
            name: '__default',
            jobs: [job({ tasks: [task({ durationMs: 3_000 }), task({ result: 'failed' })] })],
          }),
        ],
      }),
    ]);
  });
});

describe('parseScenario: releases', () => {
  const release = (...lines: string[]) =>
    project(
      '    pipelines: [{ id: 7, name: nightly }]',
      '    releaseDefinitions:',
      '      - id: 13',
      '        name: R',
      ...lines,
    ).releaseDefinitions[0];

  it('chains stages after the previous one by default; ids and ranks follow the list', () => {
    const stages = release(
      '        stages:',
      '          - name: Dev',
      '          - { name: QA, id: 9 }',
      '          - { name: Prod, trigger: manual, rank: 7 }',
      '          - { name: Both, trigger: { afterStages: [Dev, QA] } }',
    )?.stages;
    expect(stages?.map((s) => [s.name, s.id, s.rank, s.trigger])).toEqual([
      ['Dev', 1, 1, { kind: 'afterRelease' }],
      ['QA', 9, 2, { kind: 'afterStages', stages: ['Dev'] }],
      ['Prod', 3, 7, { kind: 'manual' }],
      ['Both', 4, 4, { kind: 'afterStages', stages: ['Dev', 'QA'] }],
    ]);
  });

  it('reads deploys as one script per release, and the stage body as the only one otherwise', () => {
    const stages = release(
      '        stages:',
      '          - { name: Dev, approval: approved, duration: 1m }',
      '          - name: Prod',
      '            deploys:',
      '              - { approval: pending }',
      '              - { tasks: [{ name: deploy, result: failed }] }',
    )?.stages;
    expect(stages?.[0]?.deploys).toEqual([
      { approval: approval({ outcome: 'approved' }), tasks: [task({ durationMs: 60_000 })] },
    ]);
    expect(stages?.[1]).toEqual(
      releaseStage({
        id: 2,
        name: 'Prod',
        trigger: { kind: 'afterStages', stages: ['Dev'] },
        deploys: [
          { approval: approval(), tasks: [task()] },
          { approval: null, tasks: [task({ name: 'deploy', result: 'failed' })] },
        ],
      }),
    );
  });

  it('resolves artifacts: the first is primary, the name comes from the definition id, the default version is a version', () => {
    const artifacts = release(
      '        artifacts:',
      '          - alias: app',
      '            definition: { id: 7 }',
      '            defaultVersion: { id: 1204, name: "20261126.4" }',
      '            versions: [{ id: "1198", name: "20261124.2" }]',
      '          - { alias: tools, definition: { id: 99, name: external } }',
      '        stages: [{ name: Dev }]',
    )?.artifacts;
    expect(artifacts).toEqual([
      {
        alias: 'app',
        type: 'Build',
        isPrimary: true,
        definitionId: 7,
        definitionName: 'nightly',
        defaultVersion: { id: '1204', name: '20261126.4' },
        versions: [
          { id: '1198', name: '20261124.2' },
          { id: '1204', name: '20261126.4' },
        ],
      },
      {
        alias: 'tools',
        type: 'Build',
        isPrimary: false,
        definitionId: 99,
        definitionName: 'external',
        defaultVersion: null,
        versions: [],
      },
    ]);
  });

  it('makes the artifact marked isPrimary the only primary one', () => {
    const artifacts = release(
      '        artifacts:',
      '          - { alias: a, definition: { id: 7 } }',
      '          - { alias: b, definition: { id: 7 }, isPrimary: true }',
      '        stages: [{ name: Dev }]',
    )?.artifacts;
    expect(artifacts?.map((a) => a.isPrimary)).toEqual([false, true]);
  });

  it('reads releaseNameFormat, releaseCreatorCanBeApprover, path and settable variables', () => {
    const definition = release(
      '        path: Scans/PreProd',
      '        releaseNameFormat: Scan-$(rev:r)',
      '        releaseCreatorCanBeApprover: false',
      '        variables: { tier: { value: pre, settable: true } }',
      '        stages: [{ name: Dev, variables: { region: eu } }]',
    );
    expect(definition).toMatchObject({
      path: '\\Scans\\PreProd',
      releaseNameFormat: 'Scan-$(rev:r)',
      releaseCreatorCanBeApprover: false,
      variables: { tier: { value: 'pre', isSecret: false, allowOverride: true } },
    });
    expect(definition?.stages[0]?.variables).toEqual({
      region: { value: 'eu', isSecret: false, allowOverride: false },
    });
  });
});

describe('parseScenario: faults', () => {
  it('resolves faults with the same reader as the admin API', () => {
    const scenario = parse(
      ...TOKENS,
      'faults:',
      '  - { kind: throttle, method: get, path: /_apis/build, skip: 2, retryAfter: 5 }',
      '  - { kind: slow, delay: 1.5s, count: 3, probability: 0.25 }',
    );
    expect(scenario.faults).toEqual([
      {
        kind: 'throttle',
        match: { method: 'GET', path: '/_apis/build' },
        skip: 2,
        count: 1,
        probability: 1,
        status: 503,
        retryAfterSeconds: 5,
        delayMs: 0,
      },
      {
        kind: 'slow',
        match: { method: null, path: null },
        skip: 0,
        count: 3,
        probability: 0.25,
        status: 503,
        retryAfterSeconds: null,
        delayMs: 1_500,
      },
    ]);
  });
});

/** Lines 1-10: PROJECT, then a pipeline whose stage list starts on line 11. */
const PIPELINE = [
  ...PROJECT,
  '    pipelines:',
  '      - id: 1',
  '        name: a',
  '        run:',
  '          stages:',
];
/** Lines 1-5 are PROJECT, then a build definition 7 and release definition 13 on lines 6-9. */
const RELEASE = [
  ...PROJECT,
  '    buildDefinitions: [{ id: 7, name: nightly }]',
  '    releaseDefinitions:',
  '      - id: 13',
  '        name: R',
];

describe('parseScenario: refused files name the line, the column and what was expected', () => {
  it.each<[string, readonly string[], number, number, string]>([
    // YAML syntax
    [
      'a key given twice',
      ['tokens: []', 'tokens: []'],
      2,
      1,
      'invalid YAML: Map keys must be unique',
    ],
    [
      'a tab as indentation',
      ['tokens:', '\t- name: a'],
      2,
      1,
      'invalid YAML: Tabs are not allowed',
    ],
    ['a nested compact mapping', ['a: b: c'], 1, 4, 'invalid YAML: Nested mappings'],
    // Schema
    ['an empty file', [''], 1, 1, 'the scenario is empty; it needs at least a "tokens" list'],
    ['no tokens key', ['organization: x'], 1, 1, 'missing required key "tokens"'],
    ['an empty token list', ['tokens: []'], 1, 9, 'tokens: expected at least 1 item'],
    [
      'an unknown top-level key',
      [...TOKENS, 'organisation: x'],
      4,
      1,
      'unknown key "organisation"; expected one of organization, mode, apiVersion, seed, startTime, tokens, projects, faults',
    ],
    [
      'an unknown key in a project',
      [...PROJECT, '    pipelinez: []'],
      6,
      5,
      'projects[0]: unknown key "pipelinez"; expected one of name, id, pipelines, buildDefinitions, releaseDefinitions',
    ],
    [
      'a task result that does not exist',
      [
        ...PIPELINE,
        '            - name: A',
        '            - name: B',
        '              result: bogus',
      ],
      13,
      23,
      'projects[0].pipelines[0].run.stages[1].result: expected one of succeeded, succeededWithIssues, failed, canceled, got "bogus"',
    ],
    [
      'a project without a name',
      [...TOKENS, 'projects:', '  - pipelines: []'],
      5,
      5,
      'projects[0]: missing required key "name"',
    ],
    [
      'a seed that is not a number',
      [...TOKENS, 'seed: one'],
      4,
      7,
      'seed: expected a whole number, got "one"',
    ],
    [
      'a duration in words',
      [...PIPELINE, '            - { name: A, duration: 5 minutes }'],
      11,
      36,
      'stages[0].duration: expected a duration such as 30s, 2m, 1h30m, 500ms or a number of seconds, got "5 minutes"',
    ],
    [
      'a stage name that is not an identifier',
      [...PIPELINE, '            - name: deploy-prod'],
      11,
      21,
      'stages[0].name: expected an identifier: letters, digits and _',
    ],
    [
      'an unknown key in an approval object',
      [...PIPELINE, '            - { name: A, approval: { outcome: approved, approver: x } }'],
      11,
      57,
      'stages[0].approval: unknown key "approver"; expected one of approvers, instructions, outcome, after, comment',
    ],
    [
      'an approval shorthand that is not an outcome',
      [...PIPELINE, '            - { name: A, approval: maybe }'],
      11,
      36,
      'stages[0].approval: expected one of pending, approved, rejected, got "maybe"',
    ],
    [
      'an empty token name',
      ['tokens:', '  - name: ""', '    pat: abc'],
      2,
      11,
      'tokens[0].name: expected a non-empty name',
    ],
    [
      'a variable given as a list',
      [...PROJECT, '    pipelines: [{ id: 1, name: a, variables: { x: [1] } }]'],
      6,
      51,
      'variables.x: expected a string, a number, true or false, or a mapping, got a list',
    ],
    [
      'a startTime without a time zone',
      [...TOKENS, 'startTime: 2026-01-01T09:00:00'],
      4,
      12,
      'startTime: expected a date-time with a time zone, such as 2026-01-01T09:00:00Z',
    ],
    [
      'a fault kind that does not exist',
      [...TOKENS, 'faults: [{ kind: explode }]'],
      4,
      18,
      'faults[0].kind: expected one of throttle, rateLimitDelay',
    ],
    // Meaning
    [
      'two projects with one name in different letter case',
      [...TOKENS, 'projects:', '  - name: DevOps', '  - name: devops'],
      6,
      11,
      'projects[1].name: duplicate project name "devops": projects[0] has it too',
    ],
    [
      'two pipelines with one id',
      [...PROJECT, '    pipelines:', '      - { id: 4, name: a }', '      - { id: 4, name: b }'],
      8,
      15,
      'projects[0].pipelines[1].id: duplicate definition id 4: projects[0].pipelines[0] ("a") has it too',
    ],
    [
      'a build definition with the id of a pipeline',
      [
        ...PROJECT,
        '    pipelines: [{ id: 4, name: a }]',
        '    buildDefinitions:',
        '      - id: 4',
        '        name: b',
      ],
      8,
      13,
      'projects[0].buildDefinitions[0].id: duplicate definition id 4: projects[0].pipelines[0] ("a") has it too; pipelines and build definitions share one id space',
    ],
    [
      'two release definitions with one id',
      [
        ...RELEASE,
        '        stages: [{ name: Dev }]',
        '      - { id: 13, name: S, stages: [{ name: Dev }] }',
      ],
      11,
      15,
      'releaseDefinitions[1].id: duplicate release definition id 13: projects[0].releaseDefinitions[0] ("R") has it too',
    ],
    [
      'two stages with one name in a run',
      [...PIPELINE, '            - name: Build', '            - name: build'],
      12,
      21,
      'stages[1].name: duplicate stage name "build": projects[0].pipelines[0].run.stages[0] has it too',
    ],
    [
      'dependsOn naming a stage that does not exist',
      [
        ...PIPELINE,
        '            - name: A',
        '            - name: B',
        '              dependsOn: [A, Deploy]',
      ],
      13,
      30,
      'stages[1].dependsOn[1]: unknown stage "Deploy"; the stages of this run are A, B',
    ],
    [
      'a dependency cycle',
      [
        ...PIPELINE,
        '            - { name: A, dependsOn: C }',
        '            - name: B',
        '            - name: C',
      ],
      11,
      37,
      'stages[0].dependsOn: dependency cycle: A -> C -> B -> A',
    ],
    [
      'jobs and tasks in one stage',
      [
        ...PIPELINE,
        '            - name: A',
        '              jobs: [{ name: J }]',
        '              tasks: [{}]',
      ],
      13,
      15,
      'stages[0]: "tasks" cannot be used together with "jobs"',
    ],
    [
      'run and runs in one pipeline',
      [
        ...PROJECT,
        '    pipelines:',
        '      - id: 1',
        '        name: a',
        '        run: {}',
        '        runs: [{}]',
      ],
      10,
      9,
      'projects[0].pipelines[0]: "runs" cannot be used together with "run"',
    ],
    [
      'a parameter default outside its values',
      [
        ...PROJECT,
        '    pipelines: [{ id: 1, name: a, parameters: { env: { default: qa, values: [dev] } } }]',
      ],
      6,
      65,
      'parameters.env.default: default "qa" is not one of the allowed values dev',
    ],
    [
      'a release trigger naming a stage that does not exist',
      [
        ...RELEASE,
        '        stages:',
        '          - name: Scan',
        '          - { name: Report, trigger: { afterStages: [Scna] } }',
      ],
      12,
      54,
      'stages[1].trigger.afterStages[0]: unknown stage "Scna"; the stages of this definition are Scan, Report',
    ],
    [
      'release stages triggering each other',
      [
        ...RELEASE,
        '        stages:',
        '          - { name: A, trigger: { afterStages: [B] } }',
        '          - name: B',
      ],
      11,
      33,
      'stages[0].trigger: trigger cycle: A -> B -> A',
    ],
    [
      'deploys next to a deployment body',
      [
        ...RELEASE,
        '        stages:',
        '          - name: Dev',
        '            duration: 1m',
        '            deploys: [{}]',
      ],
      12,
      13,
      'stages[0]: "duration" cannot be used together with "deploys"',
    ],
    [
      'two artifacts with one alias',
      [
        ...RELEASE,
        '        artifacts:',
        '          - { alias: app, definition: { id: 7 } }',
        '          - { alias: App, definition: { id: 7 } }',
        '        stages: [{ name: Dev }]',
      ],
      12,
      22,
      'artifacts[1].alias: duplicate artifact alias "App": projects[0].releaseDefinitions[0].artifacts[0] has it too',
    ],
    [
      'an artifact from an unknown definition without a name',
      [
        ...RELEASE,
        '        artifacts: [{ alias: app, definition: { id: 8 } }]',
        '        stages: [{ name: Dev }]',
      ],
      10,
      47,
      'artifacts[0].definition: no pipeline or build definition has id 8 in project "Infrastructure"; give its name with definition.name',
    ],
    [
      'two primary artifacts',
      [
        ...RELEASE,
        '        artifacts:',
        '          - { alias: a, definition: { id: 7 }, isPrimary: true }',
        '          - { alias: b, definition: { id: 7 }, isPrimary: true }',
        '        stages: [{ name: Dev }]',
      ],
      12,
      59,
      'artifacts[1].isPrimary: only one artifact can be primary, and projects[0].releaseDefinitions[0].artifacts[0] already is',
    ],
    [
      'a default version whose id is listed with another name',
      [
        ...RELEASE,
        '        artifacts:',
        '          - alias: app',
        '            definition: { id: 7 }',
        '            defaultVersion: { id: 5, name: "5.1" }',
        '            versions: [{ id: "5", name: "5.0" }]',
        '        stages: [{ name: Dev }]',
      ],
      13,
      44,
      'defaultVersion.name: defaultVersion has id "5", which projects[0].releaseDefinitions[0].artifacts[0].versions[0] names "5.0"',
    ],
    [
      'two tokens with one name',
      [...TOKENS, '  - name: Admin', '    bearer: xyz'],
      4,
      11,
      'tokens[1].name: duplicate token name "Admin": tokens[0] has it too',
    ],
    [
      'two tokens with one value',
      [...TOKENS, '  - name: other', '    pat: abc'],
      5,
      10,
      'tokens[1].pat: duplicate token value: tokens[0] ("admin") has it too',
    ],
    [
      'a token without a value',
      [...TOKENS, '  - name: other'],
      4,
      5,
      'tokens[1]: missing the token value: give "pat" (sent as HTTP Basic) or "bearer"',
    ],
    [
      'a token with both kinds of value',
      [...TOKENS, '    bearer: xyz'],
      4,
      5,
      'tokens[0]: "bearer" cannot be used together with "pat"',
    ],
    [
      'a token limited to an unknown project',
      [...TOKENS, '    projects: [Infra]', 'projects: [{ name: Infrastructure }]'],
      4,
      16,
      'tokens[0].projects[0]: unknown project "Infra"; the projects are Infrastructure',
    ],
    [
      'a fault path that is not a regular expression',
      [...TOKENS, 'faults:', '  - kind: slow', '    path: "("'],
      6,
      11,
      'faults[0].path: "path" is not a valid regular expression',
    ],
    [
      'apiVersion released above max',
      [...TOKENS, 'apiVersion: { released: "7.2", max: "7.1" }'],
      4,
      25,
      'apiVersion.released: released 7.2 is above max 7.1',
    ],
    [
      'a date that does not exist',
      [...TOKENS, 'startTime: 2026-13-01T09:00:00Z'],
      4,
      12,
      'startTime: "2026-13-01T09:00:00Z" is not a real date and time',
    ],
    [
      'the 30th of February',
      [...TOKENS, 'startTime: 2026-02-30T09:00:00Z'],
      4,
      12,
      'startTime: "2026-02-30T09:00:00Z" is not a real date and time',
    ],
  ])('refuses %s', (_name, lines, line, column, reason) => {
    const error = parseError(lines);
    expect({ line: error.line, column: error.column }).toEqual({ line, column });
    expect(error.reason).toContain(reason);
    expect(error.message).toBe(`scenario.yaml:${line}:${column}: ${error.reason}`);
    expect(error.file).toBe('scenario.yaml');
  });

  it('never repeats a token value in a message', () => {
    const error = parseError(['tokens:', '  - name: admin', '    pat: "s3cret with spaces"']);
    expect(error.reason).toBe('tokens[0].pat: expected a non-empty token value without spaces');
    expect(error.message).not.toContain('s3cret');
  });

  it('is a usage error, so the command line exits 2 with its message', () => {
    const error = parseError(['tokens: []']);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.input).toBe('scenario.yaml:1:9');
  });
});

describe('loadScenarioFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aztm-scenario-load-'));

  it('reads and resolves a file, naming it in messages', async () => {
    const good = join(dir, 'good.yaml');
    writeFileSync(good, `organization: fabrikam\n${TOKENS.join('\n')}\n`);
    expect((await loadScenarioFile(good)).organization).toBe('fabrikam');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, `${TOKENS.join('\n')}\nmode: cloud\n`);
    await expect(loadScenarioFile(bad)).rejects.toThrow(
      `${bad}:4:7: mode: expected one of services, server`,
    );
  });

  it('refuses a missing file at 1:1 with a message that names it', async () => {
    const missing = join(dir, 'missing.yaml');
    const error = await loadScenarioFile(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).message).toBe(
      `${missing}:1:1: cannot read the scenario file: it does not exist`,
    );
  });
});

describe('the built-in scenario', () => {
  const scenario = defaultScenario();
  const devOps = scenario.projects.find((p) => p.name === 'DevOps');
  const pipelineNamed = (name: string) => devOps?.pipelines.find((p) => p.name === name);
  const taskResults = (name: string) =>
    pipelineNamed(name)?.runs.flatMap((r) =>
      r.stages.flatMap((s) => s.jobs.flatMap((j) => j.tasks.map((t) => t.result))),
    );

  it('is what --print-scenario prints, resolved', () => {
    expect(parseScenario(DEFAULT_SCENARIO_YAML, 'printed.yaml')).toEqual(scenario);
  });

  it('signs in first with a 52-character PAT, and has job, reader and no-repo tokens', () => {
    expect(scenario.tokens.map((t) => [t.name, t.kind])).toEqual([
      ['admin', 'pat'],
      ['job', 'bearer'],
      ['reader', 'pat'],
      ['no-repo', 'bearer'],
    ]);
    expect(scenario.tokens[0]?.value).toMatch(/^[a-z0-9]{52}$/);
    expect(scenario.tokens[0]?.scopes).toEqual([...SCOPES]);
    expect(scenario.tokens[1]?.value).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(scenario.tokens[2]?.scopes).toEqual(['vso.build', 'vso.release']);
    expect(scenario.tokens[3]?.repositories).toEqual([]);
  });

  it('has the DevOps pipelines of the seed and of the flow-file example', () => {
    expect(scenario.organization).toBe('contoso');
    expect(scenario.projects.map((p) => p.name)).toEqual(['DevOps', 'Platform']);
    expect(devOps?.pipelines.map((p) => [p.id, p.name])).toEqual([
      [42, 'deploy-gateway'],
      [43, 'Should Run'],
      [44, 'Please Fail'],
      [45, 'Shouldnt Be Triggered'],
      [46, 'deploy-production'],
      [47, 'notify'],
      [48, 'smoke-tests'],
    ]);
    expect(scenario.projects[1]?.pipelines.map((p) => p.id)).toEqual([7]);
  });

  it('deploys the gateway from \\infra through Build then Deploy, with an env parameter', () => {
    const gateway = pipelineNamed('deploy-gateway');
    expect(gateway?.folder).toBe('\\infra');
    expect(gateway?.parameters.env).toEqual({ default: 'dev', values: ['dev', 'staging', 'prod'] });
    expect(gateway?.runs[0]?.stages.map((s) => [s.name, s.dependsOn])).toEqual([
      ['Build', []],
      ['Deploy', ['Build']],
    ]);
    expect(new Set(taskResults('deploy-gateway'))).toEqual(new Set(['succeeded']));
  });

  it.each([
    ['Should Run', ['succeeded']],
    ['Please Fail', ['failed']],
    ['notify', ['succeeded']],
    ['smoke-tests', ['succeeded', 'succeededWithIssues']],
  ])('ends %s with task results %j', (name, results) => {
    expect(taskResults(name)).toEqual(results);
  });

  it('holds deploy-production at a pending approval before Production', () => {
    const stages = pipelineNamed('deploy-production')?.runs[0]?.stages;
    expect(stages?.map((s) => [s.name, s.approval?.outcome ?? null])).toEqual([
      ['Build', null],
      ['Production', 'pending'],
    ]);
  });

  it('has the classic nightly build in \\Regression with a settable suite', () => {
    const nightly = devOps?.buildDefinitions.find((b) => b.name === 'nightly');
    expect(nightly?.path).toBe('\\Regression');
    expect(nightly?.variables.suite?.allowOverride).toBe(true);
    expect(devOps?.pipelines.some((p) => p.id === nightly?.id)).toBe(false);
  });

  it('has release 13 "Scan Pre Prod": app artifact with a default version, Scan then Report', () => {
    const scan = devOps?.releaseDefinitions.find((r) => r.id === 13);
    expect(scan?.name).toBe('Scan Pre Prod');
    expect(scan?.variables.tier?.allowOverride).toBe(true);
    const app = scan?.artifacts[0];
    expect(app?.alias).toBe('app');
    expect(app?.defaultVersion).not.toBeNull();
    expect(app?.versions).toContainEqual(app?.defaultVersion);
    expect(scan?.stages.map((s) => [s.name, s.trigger])).toEqual([
      ['Scan', { kind: 'afterRelease' }],
      ['Report', { kind: 'afterStages', stages: ['Scan'] }],
    ]);
    const tasks = scan?.stages.flatMap((s) => s.deploys.flatMap((d) => d.tasks)) ?? [];
    expect(tasks.every((t) => t.result === 'succeeded')).toBe(true);
    const total = tasks.reduce((sum, t) => sum + t.durationMs, 0);
    expect(total).toBeGreaterThanOrEqual(60_000);
    expect(total).toBeLessThanOrEqual(120_000);
  });

  it('gives every task a realistic simulated duration, from 5s to 2m', () => {
    const durations = scenario.projects.flatMap((p) => [
      ...[...p.pipelines, ...p.buildDefinitions].flatMap((d) =>
        d.runs.flatMap((r) => r.stages.flatMap((s) => s.jobs.flatMap((j) => j.tasks))),
      ),
      ...p.releaseDefinitions.flatMap((r) =>
        r.stages.flatMap((s) => s.deploys.flatMap((d) => d.tasks)),
      ),
    ]);
    expect(durations.length).toBeGreaterThan(10);
    for (const t of durations) {
      expect(t.durationMs).toBeGreaterThanOrEqual(5_000);
      expect(t.durationMs).toBeLessThanOrEqual(120_000);
    }
  });

  it('returns a fresh object on each call', () => {
    expect(defaultScenario()).not.toBe(defaultScenario());
  });
});

describe('schemas/scenario.schema.json', () => {
  /** Every object schema in the file, with its JSON path, for the editor-facing rules below. */
  function objectSchemas(node: unknown, path = '#'): [string, Record<string, unknown>][] {
    if (typeof node !== 'object' || node === null) return [];
    const entries = Object.entries(node).flatMap(([key, child]) =>
      objectSchemas(child, `${path}/${key}`),
    );
    const schemaNode = node as Record<string, unknown>;
    return 'properties' in schemaNode ? [[path, schemaNode], ...entries] : entries;
  }

  it('describes every property, for editors', () => {
    const undocumented = objectSchemas(schema).flatMap(([path, node]) =>
      Object.entries(node.properties as Record<string, Record<string, unknown>>)
        .filter(([, property]) => typeof property.description !== 'string')
        .map(([key]) => `${path}/properties/${key}`),
    );
    expect(undocumented).toEqual([]);
  });

  it('refuses unknown keys in every mapping, so typos are caught', () => {
    const open = objectSchemas(schema)
      .filter(([, node]) => node.additionalProperties !== false)
      .map(([path]) => path);
    expect(open).toEqual([]);
  });
});
