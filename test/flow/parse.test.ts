import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import { FlowError } from '../../src/flow/errors.ts';
import { parseFlow } from '../../src/flow/parse.ts';

/** Lines 1-2 of most files below. */
const HEAD = ['project: Infra', 'steps:'];

function refusal(lines: readonly string[]): FlowError {
  try {
    parseFlow(lines.join('\n'), 'flow.yaml');
  } catch (error) {
    if (error instanceof FlowError) return error;
    throw error;
  }
  throw new Error('the flow was accepted');
}

describe('parseFlow: a valid flow', () => {
  const flow = parseFlow(
    [
      'organization: https://dev.azure.com/contoso',
      'project: Infra',
      'maxParallel: 2',
      'steps:',
      '  - id: scan',
      '    displayName: Scan pre-prod',
      '    release:',
      '      releaseId: 13',
      '      artifacts: { app: "20261126.4" }',
      '      variables: { tier: pre, key: { value: s3cr3t, isSecret: true } }',
      '      stages: QA, Prod',
      '    timeout: 60m',
      '  - id: deploy_gateway',
      '    dependsOn: scan',
      '    continueOnError: true',
      '    pipeline: { pipelineId: 42, branch: main, templateParameters: { env: dev, n: 3 }, stagesToSkip: [Lint] }',
      '  - id: regression',
      '    dependsOn: [deploy_gateway, scan, scan]',
      '    condition: always()',
      '    allowPartial: true',
      '    organization: fabrikam',
      '    project: Platform',
      "    build: { definition: 'Regression\\nightly', variables: { suite: full } }",
    ].join('\n'),
    'flow.yaml',
  );
  const [scan, deploy, regression] = flow.steps;

  it('keeps the flow defaults', () => {
    expect(flow).toMatchObject({
      organization: 'https://dev.azure.com/contoso',
      project: 'Infra',
      maxParallel: 2,
    });
  });

  it('turns a release step into a ReleaseRequest through the shared validators', () => {
    expect(scan).toMatchObject({
      id: 'scan',
      displayName: 'Scan pre-prod',
      dependsOn: [],
      condition: 'succeeded()',
      continueOnError: false,
      timeoutMs: 3_600_000,
      allowPartial: false,
      organization: 'https://dev.azure.com/contoso',
      position: { line: 5, column: 5 },
    });
    expect(scan?.request).toEqual({
      kind: 'release',
      project: 'Infra',
      definition: { id: 13 },
      artifacts: [{ alias: 'app', id: '20261126.4' }],
      variables: {
        tier: { value: 'pre', isSecret: false },
        key: { value: 's3cr3t', isSecret: true },
      },
      stages: ['QA', 'Prod'],
    });
  });

  it('turns a pipeline step into a PipelineRequest, dependsOn as a string', () => {
    expect(deploy).toMatchObject({ dependsOn: ['scan'], continueOnError: true, timeoutMs: null });
    expect(deploy?.request).toEqual({
      kind: 'pipeline',
      project: 'Infra',
      pipeline: { id: 42 },
      branch: 'main',
      variables: {},
      templateParameters: { env: 'dev', n: '3' },
      stagesToSkip: ['Lint'],
    });
  });

  it("a step's own organization and project win over the flow's; dependsOn listed once", () => {
    expect(regression).toMatchObject({
      dependsOn: ['deploy_gateway', 'scan'],
      condition: 'always()',
      allowPartial: true,
      organization: 'fabrikam',
    });
    expect(regression?.request).toEqual({
      kind: 'build',
      project: 'Platform',
      definition: { name: 'Regression\\nightly' },
      variables: { suite: { value: 'full', isSecret: false } },
    });
  });

  it('without maxParallel, any number of steps run at once', () => {
    const open = parseFlow([...HEAD, '  - { id: a, pipeline: { pipeline: p } }'].join('\n'), 'f');
    expect(open.maxParallel).toBe(Number.POSITIVE_INFINITY);
    expect(open.organization).toBeUndefined();
    expect(open.steps[0]?.organization).toBeUndefined();
  });
});

describe('parseFlow: every fault is refused at its line and column', () => {
  it.each<[string, readonly string[], string, RegExp]>([
    [
      'an unknown top-level key',
      ['project: P', 'stepz: []', 'steps:', '  - { id: a, pipeline: { pipeline: p } }'],
      '2:1',
      /^unknown key "stepz"; expected one of organization, project, maxParallel, steps$/,
    ],
    [
      'an unknown step key, at the key',
      [...HEAD, '  - id: a', '    dependson: b', '    pipeline: { pipelineId: 1 }'],
      '4:5',
      /^steps\[0\]: unknown key "dependson"; expected one of id, displayName, dependsOn/,
    ],
    [
      'an unknown pipeline option',
      [...HEAD, '  - id: a', '    pipeline: { pipelineId: 1, stages: x }'],
      '4:32',
      /^steps\[0\]\.pipeline: unknown key "stages"/,
    ],
    [
      'a missing step in dependsOn',
      [
        ...HEAD,
        '  - id: a',
        '    dependsOn: [b, ghost]',
        '    pipeline: { pipelineId: 1 }',
        '  - { id: b, pipeline: { pipelineId: 2 } }',
      ],
      '4:20',
      /^steps\[0\]\.dependsOn\[1\]: no step has the id "ghost"/,
    ],
    [
      'a cycle, named',
      [
        ...HEAD,
        '  - { id: a, dependsOn: b, pipeline: { pipelineId: 1 } }',
        '  - { id: b, dependsOn: [a], pipeline: { pipelineId: 2 } }',
      ],
      '3:25',
      /^steps\[0\]\.dependsOn: a cycle: a -> b -> a$/,
    ],
    [
      'a step that depends on itself',
      [...HEAD, '  - { id: a, dependsOn: a, pipeline: { pipelineId: 1 } }'],
      '3:25',
      /a cycle: a -> a$/,
    ],
    [
      'a duplicate id',
      [
        ...HEAD,
        '  - { id: a, pipeline: { pipelineId: 1 } }',
        '  - { id: a, build: { definitionId: 2 } }',
      ],
      '4:11',
      /^steps\[1\]\.id: duplicate step id "a"/,
    ],
    [
      'an id with other characters',
      [...HEAD, '  - { id: deploy.gw, pipeline: { pipelineId: 1 } }'],
      '3:11',
      /^steps\[0\]\.id: expected an id of letters, digits, '_' and '-', got "deploy.gw"/,
    ],
    [
      'a step without an id',
      [...HEAD, '  - pipeline: { pipelineId: 1 }'],
      '3:5',
      /missing required key "id"/,
    ],
    [
      'a step with no kind',
      [...HEAD, '  - id: a', '    displayName: A'],
      '3:5',
      /^steps\[0\]: step "a" needs one of pipeline, build or release/,
    ],
    [
      'a step with two kinds, at the second',
      [...HEAD, '  - id: a', '    pipeline: { pipelineId: 1 }', '    build: { definitionId: 2 }'],
      '5:5',
      /step "a" has both pipeline and build; give exactly one/,
    ],
    [
      'both pipelineId and pipeline',
      [...HEAD, '  - id: a', '    pipeline: { pipelineId: 1, pipeline: p }'],
      '4:32',
      /^steps\[0\]\.pipeline: give only one of "pipelineId" and "pipeline"/,
    ],
    [
      'neither definitionId nor definition',
      [...HEAD, '  - id: a', '    build: { branch: main }'],
      '4:12',
      /^steps\[0\]\.build: needs "definitionId" or "definition"/,
    ],
    [
      'a pipeline id that is not a positive number, via the shared validator',
      [...HEAD, '  - id: a', '    pipeline: { pipelineId: "0" }'],
      '4:29',
      /^steps\[0\]\.pipeline\.pipelineId must be a positive whole number; got "0"/,
    ],
    [
      'an unknown condition',
      [...HEAD, '  - id: a', '    condition: succeeded', '    pipeline: { pipelineId: 1 }'],
      '4:16',
      /^steps\[0\]\.condition: expected one of succeeded\(\), failed\(\), succeededOrFailed\(\), always\(\), got "succeeded"/,
    ],
    [
      'a bad duration',
      [...HEAD, '  - id: a', '    timeout: soon', '    pipeline: { pipelineId: 1 }'],
      '4:14',
      /^steps\[0\]\.timeout must be a duration like 90s, 45m, 2h/,
    ],
    [
      'malformed variables, via the shared validator',
      [...HEAD, '  - id: a', '    pipeline:', '      pipelineId: 1', '      variables: { x: [1] }'],
      '6:18',
      /^steps\[0\]\.pipeline\.variables: variable "x" must be a string, number or boolean/,
    ],
    [
      'malformed artifacts, via the shared validator',
      [...HEAD, '  - id: a', '    release: { releaseId: 1, artifacts: [{ alias: app }] }'],
      '4:41',
      /^steps\[0\]\.release\.artifacts\[0\] must be \{"alias"/,
    ],
    [
      'no project for a step',
      ['steps:', '  - id: a', '    pipeline: { pipelineId: 1 }'],
      '2:5',
      /^steps\[0\]: no project for step "a"/,
    ],
    [
      'maxParallel below 1',
      ['maxParallel: 0', ...HEAD.slice(1), '  - { id: a, pipeline: { pipeline: p } }'],
      '1:14',
      /^maxParallel: expected a number >= 1, got 0/,
    ],
    [
      'a YAML syntax error',
      [...HEAD, '  - id: a', '   pipeline: {'],
      '4:1',
      /^invalid YAML: Sequence item without - indicator$/,
    ],
    ['an empty file', [''], '1:1', /^the flow is empty; it needs a "steps" list$/],
    ['no steps key', ['project: P'], '1:1', /missing required key "steps"/],
    [
      'an empty steps list',
      ['project: P', 'steps: []'],
      '2:8',
      /^steps: expected at least 1 item$/,
    ],
  ])('%s', (_name, lines, at, reason) => {
    const error = refusal(lines);
    expect(`${error.line}:${error.column}`).toBe(at);
    expect(error.reason).toMatch(reason);
    expect(error.message).toBe(`flow.yaml:${at}: ${error.reason}`);
    // A usage error: the CLI exits 2.
    expect(error).toBeInstanceOf(UsageError);
  });
});

describe('parseFlow: tokens never live in the file', () => {
  it.each<[string, readonly string[], string]>([
    ['at the top', ['pat: abcdef', ...HEAD, '  - { id: a, pipeline: { pipelineId: 1 } }'], '1:1'],
    [
      'in a step',
      [...HEAD, '  - id: a', '    Token: abcdef', '    pipeline: { pipelineId: 1 }'],
      '4:5',
    ],
    [
      'as a variable',
      [...HEAD, '  - id: a', '    pipeline: { pipelineId: 1, variables: { token: abcdef } }'],
      '4:45',
    ],
  ])('a pat or token key %s is refused, saying where tokens come from', (_name, lines, at) => {
    const error = refusal(lines);
    expect(`${error.line}:${error.column}`).toBe(at);
    expect(error.reason).toMatch(
      /tokens never live in a flow file; give them with --pat or --token/,
    );
    expect(error.message).not.toContain('abcdef');
  });
});
