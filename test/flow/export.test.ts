import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportAzurePipelines } from '../../src/flow/export-azure-pipelines.ts';
import { exportMermaid } from '../../src/flow/export-mermaid.ts';
import { parseFlow } from '../../src/flow/parse.ts';

const FLOW = parseFlow(
  [
    'organization: https://dev.azure.com/contoso',
    'project: Infrastructure',
    'steps:',
    '  - id: scan',
    '    displayName: Scan "pre-prod"',
    '    release: { releaseId: 13, artifacts: { app: "20261126.4" }, variables: { tier: pre }, stages: [QA, Prod] }',
    '    timeout: 60m',
    '  - id: deploy-gateway',
    '    dependsOn: scan',
    '    allowPartial: true',
    '    pipeline: { pipelineId: 42, branch: main, templateParameters: { env: dev }, stagesToSkip: [smoke] }',
    '  - id: regression',
    '    dependsOn: [deploy-gateway]',
    "    build: { definition: 'Regression\\nightly', variables: { suite: full } }",
    '  - id: notify-failure',
    '    dependsOn: [deploy-gateway, regression]',
    '    condition: failed()',
    '    continueOnError: true',
    '    pipeline: { pipeline: notify }',
    '  - id: other-org',
    '    organization: https://dev.azure.com/fabrikam',
    '    project: Platform',
    '    pipeline: { pipelineId: 7 }',
  ].join('\n'),
  'flow.yaml',
);

interface Job {
  job: string;
  displayName: string;
  dependsOn?: string[];
  condition?: string;
  continueOnError?: boolean;
  timeoutInMinutes?: number;
  steps: [
    { checkout: string },
    { script: string; displayName: string; env: Record<string, string> },
  ];
}

function exportedJobs(): Job[] {
  const text = exportAzurePipelines(FLOW, { file: 'flow.yaml', version: '1.2.3' });
  return (parse(text) as { jobs: Job[] }).jobs;
}

function jobEnv(name: string): Record<string, string> {
  const job = exportedJobs().find((candidate) => candidate.job === name);
  return job?.steps[1]?.env ?? {};
}

describe('flow export --to azure-pipelines', () => {
  it('says it was generated from the flow file by aztm', () => {
    const text = exportAzurePipelines(FLOW, { file: 'flow.yaml', version: '1.2.3' });

    expect(text.split('\n')[0]).toBe(
      '# Generated from flow.yaml by aztm 1.2.3 (aztm flow export).',
    );
  });

  it('one job per step, named by its id with - as _, with dependsOn and condition as the flow says', () => {
    const jobs = exportedJobs();

    expect(
      jobs.map((job) => [job.job, job.displayName, job.dependsOn ?? [], job.condition ?? null]),
    ).toEqual([
      ['scan', 'Scan "pre-prod"', [], null],
      ['deploy_gateway', 'deploy-gateway', ['scan'], null],
      ['regression', 'regression', ['deploy_gateway'], null],
      ['notify_failure', 'notify-failure', ['deploy_gateway', 'regression'], 'failed()'],
      ['other_org', 'other-org', [], null],
    ]);
  });

  it('continueOnError only where set; a timeout gives aztm --timeout and the job a little more', () => {
    const jobs = exportedJobs();

    expect(jobs.map((job) => job.continueOnError ?? false)).toEqual([
      false,
      false,
      false,
      true,
      false,
    ]);
    expect(jobs[0]?.timeoutInMinutes).toBeGreaterThan(60);
    expect(jobs[0]?.steps[1]?.script).toBe(
      'npx --yes devops-flow-manager@1.2.3 release --timeout 3600s',
    );
    expect(jobs[1]?.steps[1]?.script).toBe(
      'npx --yes devops-flow-manager@1.2.3 pipeline --allow-partial',
    );
    // No timeout: the longest the agent allows (0), not its default of 60 minutes.
    expect(jobs[2]?.timeoutInMinutes).toBe(0);
  });

  it.each([
    [
      'scan',
      {
        aztm_organization: 'https://dev.azure.com/contoso',
        aztm_project: 'Infrastructure',
        aztm_release_id: '13',
        aztm_artifacts: '{"app":"20261126.4"}',
        aztm_stages: '["QA","Prod"]',
        aztm_variables: '{"tier":"pre"}',
        aztm_pat: '$(System.AccessToken)',
      },
    ],
    [
      'deploy_gateway',
      {
        aztm_organization: 'https://dev.azure.com/contoso',
        aztm_project: 'Infrastructure',
        aztm_pipeline_id: '42',
        aztm_branch: 'main',
        aztm_template_parameters: '{"env":"dev"}',
        aztm_stages_to_skip: '["smoke"]',
        aztm_pat: '$(System.AccessToken)',
      },
    ],
    [
      'regression',
      {
        aztm_organization: 'https://dev.azure.com/contoso',
        aztm_project: 'Infrastructure',
        aztm_definition: 'Regression\\nightly',
        aztm_variables: '{"suite":"full"}',
        aztm_pat: '$(System.AccessToken)',
      },
    ],
    [
      'other_org',
      {
        aztm_organization: 'https://dev.azure.com/fabrikam',
        aztm_project: 'Platform',
        aztm_pipeline_id: '7',
        // The job's own token is valid in its own organization only.
        aztm_pat: '$(aztm_pat_fabrikam)',
      },
    ],
  ])(
    'job %s carries its inputs as the aztm_* variables of docs/design/cli-contract.md',
    (job, env) => {
      expect(jobEnv(job)).toEqual(env);
    },
  );

  it('without an organization in the flow, the jobs use the one the pipeline runs in', () => {
    const flow = parseFlow(
      'project: P\nsteps:\n  - { id: a, pipeline: { pipelineId: 1 } }',
      'f.yaml',
    );
    const text = exportAzurePipelines(flow, { file: 'f.yaml', version: '1.0.0' });
    const job = (parse(text) as { jobs: Job[] }).jobs[0];

    expect(job?.steps[1]?.env.aztm_organization).toBe('$(System.CollectionUri)');
  });

  it('job names that would clash get a suffix; one starting with a digit gets a prefix', () => {
    const flow = parseFlow(
      'project: P\nsteps:\n  - { id: a-b, pipeline: { pipelineId: 1 } }\n  - { id: a_b, dependsOn: a-b, pipeline: { pipelineId: 2 } }\n  - { id: 9x, pipeline: { pipelineId: 3 } }',
      'f.yaml',
    );
    const jobs = (
      parse(exportAzurePipelines(flow, { file: 'f.yaml', version: '1' })) as { jobs: Job[] }
    ).jobs;

    expect(jobs.map((job) => [job.job, job.dependsOn ?? []])).toEqual([
      ['a_b', []],
      ['a_b_2', ['a_b']],
      ['step_9x', []],
    ]);
  });
});

describe('flow export --to azure-pipelines: safe to commit', () => {
  const exported = (text: string): { header: string; pipeline: Record<string, unknown> } => {
    const yaml = exportAzurePipelines(parseFlow(text, 'f.yaml'), { file: 'f.yaml', version: '1' });
    return {
      header: yaml.slice(0, yaml.indexOf('\ntrigger:')),
      pipeline: parse(yaml) as Record<string, unknown>,
    };
  };

  it('runs only when started: no push trigger, no pull request trigger; every job checks out nothing', () => {
    const text = exportAzurePipelines(FLOW, { file: 'flow.yaml', version: '1.2.3' });
    const pipeline = parse(text) as { trigger: string; pr: string; jobs: Job[] };

    expect([pipeline.trigger, pipeline.pr]).toEqual(['none', 'none']);
    expect(pipeline.jobs.map((job) => job.steps[0])).toEqual(
      pipeline.jobs.map(() => ({ checkout: 'none' })),
    );
  });

  it("another organization's job reads its token from a secret variable the header names", () => {
    const { header, pipeline } = exported(
      [
        'organization: https://dev.azure.com/contoso',
        'project: P',
        'steps:',
        '  - { id: here, pipeline: { pipelineId: 1 } }',
        '  - { id: here-too, organization: contoso, pipeline: { pipelineId: 2 } }',
        '  - { id: there, organization: https://dev.azure.com/Fabrikam-EU, pipeline: { pipelineId: 3 } }',
      ].join('\n'),
    );
    const jobs = (pipeline as { jobs: Job[] }).jobs;

    expect(jobs.map((job) => job.steps[1].env.aztm_pat)).toEqual([
      '$(System.AccessToken)',
      '$(System.AccessToken)',
      '$(aztm_pat_fabrikam_eu)',
    ]);
    expect(header).toContain('\n#   aztm_pat_fabrikam_eu');
  });

  it('secret variable values are never written: the job reads its variables from a secret variable', () => {
    const { header, pipeline } = exported(
      [
        'project: P',
        'steps:',
        '  - id: deploy',
        '    build: { definitionId: 5, variables: { tier: pre, password: { value: "S3cr3t-value", isSecret: true } } }',
        '  - id: plain',
        '    build: { definitionId: 6, variables: { tier: pre } }',
      ].join('\n'),
    );
    const text = JSON.stringify(pipeline) + header;
    const jobs = (pipeline as { jobs: Job[] }).jobs;

    expect(text).not.toContain('S3cr3t-value');
    expect(jobs[0]?.steps[1].env.aztm_variables).toBe('$(aztm_variables_deploy)');
    expect(header).toContain(
      '#   aztm_variables_deploy: {"tier":"pre","password":{"value":"***","isSecret":true}}',
    );
    // A step without secrets keeps its variables in the file.
    expect(jobs[1]?.steps[1].env.aztm_variables).toBe('{"tier":"pre"}');
  });

  it('a $( in a value reaches aztm as written: spelt through a variable holding $', () => {
    const { pipeline } = exported(
      [
        'project: P',
        'steps:',
        '  - id: a',
        '    pipeline: { pipelineId: 1, branch: "release/$(Build.BuildId)", templateParameters: { note: "cost $(5)" } }',
      ].join('\n'),
    );
    const env = (pipeline as { jobs: Job[] }).jobs[0]?.steps[1].env;

    expect(pipeline.variables).toEqual({ aztmLiteralDollar: '$' });
    expect(env?.aztm_branch).toBe('release/$(aztmLiteralDollar)(Build.BuildId)');
    expect(env?.aztm_template_parameters).toBe('{"note":"cost $(aztmLiteralDollar)(5)"}');
    // The agent's own macros stay macros.
    expect(env?.aztm_pat).toBe('$(System.AccessToken)');
    // Without a $( anywhere, no such variable.
    expect(
      exported('project: P\nsteps:\n  - { id: a, pipeline: { pipelineId: 1 } }').pipeline,
    ).not.toHaveProperty('variables');
  });

  it('job names are unique regardless of letter case, as Azure Pipelines compares them', () => {
    const { pipeline } = exported(
      'project: P\nsteps:\n  - { id: Deploy, pipeline: { pipelineId: 1 } }\n  - { id: deploy, dependsOn: Deploy, pipeline: { pipelineId: 2 } }',
    );

    expect((pipeline as { jobs: Job[] }).jobs.map((job) => [job.job, job.dependsOn ?? []])).toEqual(
      [
        ['Deploy', []],
        ['deploy_2', ['Deploy']],
      ],
    );
  });

  it('maxParallel cannot be kept: refused, naming the key and what to do', () => {
    expect(() =>
      exported('project: P\nmaxParallel: 2\nsteps:\n  - { id: a, pipeline: { pipelineId: 1 } }'),
    ).toThrow(
      /^maxParallel: 2 cannot be kept in an Azure Pipelines pipeline: .*remove maxParallel from the flow file to export it$/,
    );
  });
});

describe('flow export --to mermaid', () => {
  it('one node per step, labelled with its displayName', () => {
    const lines = exportMermaid(FLOW).split('\n');

    expect(lines[0]).toBe('graph TD');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  scan["Scan #quot;pre-prod#quot;"]',
        '  deploy_gateway["deploy-gateway"]',
        '  regression["regression"]',
        '  notify_failure["notify-failure"]',
        '  other_org["other-org"]',
      ]),
    );
  });

  it('an edge per dependency; a non-default condition is dashed and labelled', () => {
    const edges = exportMermaid(FLOW)
      .split('\n')
      .filter((line) => line.includes('->'));

    expect(edges).toEqual([
      '  scan --> deploy_gateway',
      '  deploy_gateway --> regression',
      '  deploy_gateway -.->|"failed()"| notify_failure',
      '  regression -.->|"failed()"| notify_failure',
    ]);
  });
});
