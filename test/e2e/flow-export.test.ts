/**
 * `aztm flow export --to azure-pipelines` as a user runs it: the pipeline written is safe to
 * commit (no trigger, no secret value, another organization's own token, a time limit on every
 * job), and what cannot be kept is refused with exit 2 before anything is written.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.ts';

function flowFile(text: string): { flow: string; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aztm-export-'));
  const flow = join(dir, 'flow.yaml');
  writeFileSync(flow, text);
  return { flow, output: join(dir, 'azure-pipelines.yml') };
}

/** `aztm flow export FLOW --to azure-pipelines --output OUTPUT`, the built CLI. */
function exportTo(flow: string, output: string): ReturnType<typeof runCli> {
  return runCli(['flow', 'export', flow, '--to', 'azure-pipelines', '--output', output]);
}

describe('aztm flow export --to azure-pipelines', () => {
  it('writes a pipeline safe to commit', async () => {
    const { flow, output } = flowFile(
      [
        'organization: https://dev.azure.com/contoso',
        'project: Infrastructure',
        'steps:',
        '  - id: deploy',
        '    build: { definitionId: 5, variables: { password: { value: "Hunter2-secret", isSecret: true } } }',
        '  - id: elsewhere',
        '    organization: fabrikam',
        '    dependsOn: deploy',
        '    pipeline: { pipelineId: 7 }',
      ].join('\n'),
    );
    const result = await exportTo(flow, output);

    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(output, 'utf8');
    expect(text).not.toContain('Hunter2-secret');
    const pipeline = parse(text) as {
      trigger: string;
      pr: string;
      jobs: { timeoutInMinutes: number; steps: [unknown, { env: Record<string, string> }] }[];
    };
    expect([pipeline.trigger, pipeline.pr]).toEqual(['none', 'none']);
    expect(pipeline.jobs.map((job) => job.timeoutInMinutes)).toEqual([0, 0]);
    expect(pipeline.jobs.map((job) => job.steps[1].env.aztm_pat)).toEqual([
      '$(System.AccessToken)',
      '$(aztm_pat_fabrikam)',
    ]);
    expect(pipeline.jobs[0]?.steps[1].env.aztm_variables).toBe('$(aztm_variables_deploy)');
  });

  it('a flow with maxParallel: exit 2 naming it, nothing written', async () => {
    const { flow, output } = flowFile(
      'project: P\nmaxParallel: 3\nsteps:\n  - { id: a, pipeline: { pipelineId: 1 } }\n',
    );
    const result = await exportTo(flow, output);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^aztm: maxParallel: 3 cannot be kept in an Azure Pipelines pipeline/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(output)).toBe(false);
  });
});
