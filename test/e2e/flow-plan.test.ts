import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAztm } from '../helpers/run-in-process.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';

const dir = mkdtempSync(join(tmpdir(), 'aztm-flow-plan-'));

function flowFile(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** The default scenario's definitions, by name where the seed used names. */
const FLOW = [
  'project: DevOps',
  'steps:',
  '  - { id: scan, release: { releaseId: 13 }, timeout: 60m }',
  "  - { id: deploy-gateway, dependsOn: scan, pipeline: { pipeline: 'infra\\deploy-gateway' } }",
  "  - { id: regression, dependsOn: [deploy-gateway], build: { definition: 'Regression\\nightly' } }",
  '  - id: notify-failure',
  '    dependsOn: [deploy-gateway, regression]',
  '    condition: failed()',
  '    pipeline: { pipeline: notify }',
];

describe('aztm flow plan FILE', () => {
  it('resolves every step and prints the waves with ids; nothing is sent but reads', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['flow', 'plan', flowFile('flow.yaml', FLOW)], {
      env: e2eEnv(sim),
    });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const headings = result.stdout.split('\n').filter((line) => line.startsWith('wave '));
    expect(headings).toEqual([
      'wave 1: scan (release "Scan Pre Prod", id 13)',
      expect.stringMatching(
        /^wave 2: deploy-gateway \(pipeline "infra\\deploy-gateway", id \d+\), after scan$/,
      ),
      expect.stringMatching(
        /^wave 3: regression \(build "Regression\\nightly", id \d+\), after deploy-gateway$/,
      ),
      expect.stringMatching(
        /^wave 4: notify-failure \(pipeline "notify", id \d+\), after deploy-gateway, regression, when failed\(\)$/,
      ),
    ]);
    expect(result.stdout).toContain('would create a release of "Scan Pre Prod" (id 13)');
    expect(result.stdout).toContain('4 steps in 4 waves; nothing was triggered.');
    expect(sim.state.requests.filter((entry) => entry.method !== 'GET')).toEqual([]);
  });

  it('a name that does not exist: exit 2 naming the step, nothing sent but reads', async () => {
    const sim = await startE2ESimulator();
    const file = flowFile('unknown.yaml', [
      'project: DevOps',
      'steps:',
      '  - { id: scan, release: { releaseId: 13 } }',
      '  - { id: ghost, dependsOn: scan, pipeline: { pipeline: no-such-pipeline } }',
    ]);
    const result = await runAztm(['flow', 'plan', file], { env: e2eEnv(sim) });

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^aztm: step "ghost": .*no-such-pipeline/);
    expect(sim.state.requests.filter((entry) => entry.method !== 'GET')).toEqual([]);
  });

  it('a refused token: exit 5 naming the step, without echoing the token', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['flow', 'plan', flowFile('refused.yaml', FLOW)], {
      env: e2eEnv(sim, { aztm_pat: 'not-the-right-token-123' }),
    });

    expect(result.code).toBe(5);
    expect(result.stderr).toContain('aztm: step "scan" could not be resolved:');
    expect(result.stderr).not.toContain('not-the-right-token-123');
  });

  it('a bad flow file: exit 2 before any request', async () => {
    const sim = await startE2ESimulator();
    const file = flowFile('bad.yaml', ['project: DevOps', 'steps:', '  - { id: a }']);
    const result = await runAztm(['flow', 'plan', file], { env: e2eEnv(sim) });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:`);
    expect(sim.state.requests).toEqual([]);
  });

  it('export writes the file given with --output', async () => {
    const output = join(dir, 'pipeline.yml');
    const result = await runAztm([
      'flow',
      'export',
      flowFile('export.yaml', FLOW),
      '--to',
      'azure-pipelines',
      '--output',
      output,
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(readFileSync(output, 'utf8')).toContain('job: deploy_gateway');
  });

  it.each([
    [['--to', 'svg'], '--to "svg" is not a format'],
    [[], '--to is missing'],
  ])('export %j: exit 2 naming --to', async (args, reason) => {
    const result = await runAztm(['flow', 'export', flowFile('to.yaml', FLOW), ...args]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(reason);
    expect(result.stdout).toBe('');
  });

  it('export of a bad file: exit 2 with its line and column', async () => {
    const file = flowFile('bad-export.yaml', ['project: DevOps', 'steps:', '  - { id: a }']);
    const result = await runAztm(['flow', 'export', file, '--to', 'mermaid']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^aztm: ${file.replace(/[.\\]/g, '\\$&')}:3:\\d+: `));
  });
});
