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
  steps: { script: string; env: Record<string, string> }[];
}

function exportedJobs(): Job[] {
  const text = exportAzurePipelines(FLOW, { file: 'flow.yaml', version: '1.2.3' });
  return (parse(text) as { jobs: Job[] }).jobs;
}

function jobEnv(name: string): Record<string, string> {
  const job = exportedJobs().find((candidate) => candidate.job === name);
  return job?.steps[0]?.env ?? {};
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
    expect(jobs[0]?.steps[0]?.script).toBe(
      'npx --yes devops-flow-manager@1.2.3 release --timeout 3600s',
    );
    expect(jobs[1]?.steps[0]?.script).toBe(
      'npx --yes devops-flow-manager@1.2.3 pipeline --allow-partial',
    );
    expect(jobs[2]?.timeoutInMinutes).toBeUndefined();
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
        aztm_pat: '$(System.AccessToken)',
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

    expect(job?.steps[0]?.env.aztm_organization).toBe('$(System.CollectionUri)');
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
