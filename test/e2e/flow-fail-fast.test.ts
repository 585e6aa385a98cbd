import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAztm } from '../helpers/run-in-process.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';

/** Please Fail fails while deploy-production waits on an approval for ever, in parallel. */
const FLOW = `project: DevOps
steps:
  - id: waits
    pipeline: { pipelineId: 46 }
  - id: fails
    pipeline: { pipeline: Please Fail }
  - id: after-fails
    dependsOn: fails
    pipeline: { pipeline: notify }
`;

describe('aztm flow run --fail-fast', () => {
  it('on the first failure cancels the running step and starts nothing new', async () => {
    const sim = await startE2ESimulator();
    const file = join(mkdtempSync(join(tmpdir(), 'aztm-fail-fast-')), 'flow.yaml');
    writeFileSync(file, FLOW);
    const result = await runAztm(['flow', 'run', file, '--fail-fast', '--json'], {
      env: e2eEnv(sim),
    });

    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as {
      steps: { id: string; result: string }[];
    };
    expect(json.steps.map((step) => [step.id, step.result])).toEqual([
      ['waits', 'canceled'],
      ['fails', 'failed'],
      ['after-fails', 'notRun'],
    ]);
    // The waiting run was really canceled in Azure DevOps, and notify was never queued.
    const cancels = sim.state.requests.filter((entry) => entry.method === 'PATCH');
    expect(cancels.map((entry) => entry.body)).toEqual([{ status: 'cancelling' }]);
    expect([...sim.state.builds.values()].map((build) => build.definitionId).sort()).toEqual([
      44, 46,
    ]);
  });
});
