import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli-wait.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';

/** Two runs that wait on an approval for ever, in parallel, and a step after both. */
const FLOW = `project: DevOps
steps:
  - { id: east, pipeline: { pipelineId: 46 } }
  - { id: west, pipeline: { pipelineId: 46 } }
  - { id: after, dependsOn: [east, west], pipeline: { pipeline: notify } }
`;

describe('aztm flow run, interrupted', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s cancels every running step in Azure DevOps and exits 3',
    async (signal) => {
      const sim = await startE2ESimulator();
      const file = join(mkdtempSync(join(tmpdir(), 'aztm-flow-interrupt-')), 'flow.yaml');
      writeFileSync(file, FLOW);
      const cli = spawnCli(['flow', 'run', file], { env: e2eEnv(sim) });
      await cli.waitFor('stderr', /step east: running/);
      await cli.waitFor('stderr', /step west: running/);
      cli.child.kill(signal);
      const result = await cli.exited;

      expect(result.code).toBe(3);
      const runs = [...sim.state.builds.values()];
      // Both waiting runs were asked to cancel, and nothing else was ever queued.
      expect(runs.map((run) => run.definitionId)).toEqual([46, 46]);
      expect(runs.every((run) => run.cancelRequestedAt !== null)).toBe(true);
      expect(result.stdout).toMatch(/^east\s+canceled\b/m);
      expect(result.stdout).toMatch(/^west\s+canceled\b/m);
      expect(result.stdout).toMatch(/^after\s+notRun\b/m);
    },
  );
});
