/**
 * Every file `flow run` will write is checked before the first create: a `--summary` that could
 * not be written at the end is refused at the start (exit 2), with nothing triggered, rather than
 * lost after the runs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRequests, e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { runAztm } from '../helpers/run-in-process.ts';

describe('flow run: outputs checked before anything is triggered', () => {
  // A folder that is not there: test/e2e/flow-report.test.ts.
  it.each([
    ['that is a folder', (dir: string) => dir],
    ['below a file', (dir: string) => join(dir, 'flow.yaml', 'summary.md')],
  ])('--summary %s: exit 2 in one sentence, no create', async (_what, summaryIn) => {
    const sim = await startE2ESimulator();
    const dir = mkdtempSync(join(tmpdir(), 'aztm-outputs-'));
    const flow = join(dir, 'flow.yaml');
    writeFileSync(flow, 'project: DevOps\nsteps:\n  - { id: a, pipeline: { pipelineId: 47 } }\n');
    const summary = summaryIn(dir);

    const result = await runAztm(['flow', 'run', flow, '--summary', summary], {
      env: e2eEnv(sim),
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `^aztm: --summary ${summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*; give a file in a folder that exists and can be written\\n$`,
      ),
    );
    expect(createRequests(sim)).toEqual([]);
  });
});
