import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAztm } from '../helpers/run-in-process.ts';
import { createRequests, e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';

const SEED_FLOW = fileURLToPath(new URL('../../examples/seed-flow.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'aztm-flow-run-'));

/** Which definitions were created: `pipelines/44` or `release/13`, in the order they were sent. */
function created(sim: Awaited<ReturnType<typeof startE2ESimulator>>): string[] {
  return createRequests(sim).map((request) => {
    const pipeline = /\/pipelines\/(\d+)\/runs/.exec(request.url);
    if (pipeline) return `pipeline ${pipeline[1]}`;
    const body = request.body as { definitionId?: number };
    return `release ${body.definitionId}`;
  });
}

describe('aztm flow run FILE', () => {
  it("the seed's example: the failure fails the flow, its dependent is never triggered", async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['flow', 'run', SEED_FLOW, '--json'], { env: e2eEnv(sim) });

    expect(result.code).toBe(1);
    // Scan Pre Prod twice, one after the other, then Should Run (43) and Please Fail (44).
    const creates = created(sim);
    expect(creates.slice(0, 2)).toEqual(['release 13', 'release 13']);
    expect([...creates.slice(2)].sort()).toEqual(['pipeline 43', 'pipeline 44']);
    expect(creates).not.toContain('pipeline 45');

    const json = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as {
      kind: string;
      result: string;
      steps: { id: string; result: string; url: string | null }[];
    };
    expect(json.kind).toBe('flow');
    expect(json.result).toBe('failed');
    expect(json.steps.map((step) => [step.id, step.result])).toEqual([
      ['scan', 'succeeded'],
      ['scan2', 'succeeded'],
      ['should-run', 'succeeded'],
      ['please-fail', 'failed'],
      ['shouldnt-be-triggered', 'skipped'],
    ]);
    expect(json.steps[0]?.url).toMatch(/^http/);
    expect(json.steps[4]?.url).toBeNull();

    expect(result.stderr).toMatch(/^\d\d:\d\d:\d\d step scan: running — http\S+$/m);
    expect(result.stderr).toMatch(
      /^\d\d:\d\d:\d\d step shouldnt-be-triggered: skipped \(condition succeeded\(\) is false\)$/m,
    );
    // The summary table, on stderr with --json so that stdout holds only the object.
    expect(result.stderr).toMatch(/^please-fail +failed +\S+ +http\S+$/m);
    expect(result.stderr).toMatch(/^flow failed$/m);
  });

  it('without --json the summary table is on stdout; a flow that succeeds exits 0', async () => {
    const sim = await startE2ESimulator();
    const file = join(dir, 'ok.yaml');
    writeFileSync(
      file,
      [
        'project: DevOps',
        'steps:',
        "  - { id: should-run, pipeline: { pipeline: 'Should Run' } }",
        "  - { id: please-fail, pipeline: { pipeline: 'Please Fail' }, continueOnError: true }",
        '  - id: on-failure',
        '    dependsOn: [should-run, please-fail]',
        '    condition: failed()',
        "    pipeline: { pipeline: 'Shouldnt Be Triggered' }",
        '',
      ].join('\n'),
    );
    const result = await runAztm(['flow', 'run', file], { env: e2eEnv(sim) });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^STEP +RESULT +DURATION +URL$/m);
    expect(result.stdout).toMatch(/^on-failure +skipped +- +-$/m);
    expect(result.stdout).toMatch(/^flow succeeded$/m);
    expect(created(sim).sort()).toEqual(['pipeline 43', 'pipeline 44']);
  });

  it('a step that does not resolve: exit 2 before anything is triggered', async () => {
    const sim = await startE2ESimulator();
    const file = join(dir, 'ghost.yaml');
    writeFileSync(
      file,
      [
        'project: DevOps',
        'steps:',
        "  - { id: should-run, pipeline: { pipeline: 'Should Run' } }",
        '  - { id: ghost, dependsOn: should-run, pipeline: { pipeline: no-such-pipeline } }',
        '',
      ].join('\n'),
    );
    const result = await runAztm(['flow', 'run', file], { env: e2eEnv(sim) });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^aztm: step "ghost": .*no-such-pipeline/);
    expect(createRequests(sim)).toEqual([]);
  });
});
