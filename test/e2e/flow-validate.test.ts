import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAztm } from '../helpers/run-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'aztm-flow-'));

function flowFile(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const DIAMOND = [
  'organization: https://dev.azure.com/contoso',
  'project: Infrastructure',
  'steps:',
  '  - { id: scan, release: { releaseId: 13, artifacts: { app: "20261126.4" } }, timeout: 60m }',
  '  - { id: gateway, dependsOn: scan, pipeline: { pipelineId: 42, branch: main } }',
  '  - { id: portal, dependsOn: [scan], build: { definition: portal } }',
  '  - { id: regression, dependsOn: [gateway, portal], build: { definitionId: 9 } }',
  '  - { id: notify, dependsOn: regression, condition: failed(), pipeline: { pipeline: notify } }',
];

describe('aztm flow validate FILE', () => {
  it('a valid flow: a one-line summary on stdout, exit 0', async () => {
    const file = flowFile('flow.yaml', DIAMOND);
    const result = await runAztm(['flow', 'validate', file]);

    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${file}: valid, 5 steps in 4 waves\n`);
    expect(result.code).toBe(0);
  });

  it('an invalid flow: file:line:column and the reason on stderr, exit 2, nothing on stdout', async () => {
    const file = flowFile('cycle.yaml', [
      'project: P',
      'steps:',
      '  - id: a',
      '    dependsOn: b',
      '    pipeline: { pipelineId: 1 }',
      '  - { id: b, dependsOn: a, build: { definitionId: 2 } }',
    ]);
    const result = await runAztm(['flow', 'validate', file]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`aztm: ${file}:4:16: steps[0].dependsOn: a cycle: a -> b -> a\n`);
  });

  it('a token in the file is refused without echoing it', async () => {
    const file = flowFile('token.yaml', [
      'project: P',
      'steps:',
      '  - { id: a, pipeline: { pipelineId: 1, variables: { pat: sekr1t-value } } }',
    ]);
    const result = await runAztm(['flow', 'validate', file]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:3:54: `);
    expect(result.stderr).toContain('tokens never live in a flow file');
    expect(result.stderr).not.toContain('sekr1t-value');
  });

  it('a file that does not exist: exit 2 at 1:1', async () => {
    const file = join(dir, 'missing.yaml');
    const result = await runAztm(['flow', 'validate', file]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`aztm: ${file}:1:1: cannot read the flow file: it does not exist\n`);
  });

  it.each([
    [['flow', 'frobnicate', 'flow.yaml'], 'unknown flow subcommand "frobnicate"'],
    [['flow'], 'aztm flow needs a subcommand'],
  ])('aztm %j: exit 2, naming the subcommands that exist', async (args, reason) => {
    const result = await runAztm(args);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `aztm: ${reason}; available: aztm flow validate FILE, aztm flow plan FILE, aztm flow export FILE --to azure-pipelines|mermaid, aztm flow run FILE\n`,
    );
  });

  it('validate without a file: exit 2', async () => {
    const result = await runAztm(['flow', 'validate']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('aztm flow validate needs a flow file');
  });
});
