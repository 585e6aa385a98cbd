import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageExtension, type PackagedExtension } from '../extension/packaged.ts';
import { createRequests, startE2ESimulator } from '../helpers/e2e.ts';
import { adminRuns } from '../helpers/e2e-runs.ts';
import {
  completions,
  loggingCommands,
  outputVariables,
  startTask,
  systemConnection,
} from './agent-run.ts';

let extension: PackagedExtension;
let taskDir: string;
beforeAll(async () => {
  extension = await packageExtension();
  taskDir = extension.taskDir('RunFlow');
}, 60_000);
/** Flow files the tests write. */
const flowDir = mkdtempSync(join(tmpdir(), 'aztm-flow-task-'));
afterAll(() => {
  extension.remove();
  rmSync(flowDir, { recursive: true, force: true });
});

/** The step lines of the summary table: id and result. */
function stepResults(stdout: string): Record<string, string> {
  const results: Record<string, string> = {};
  for (const match of stdout.matchAll(
    /^([\w-]+)\s+(succeeded|failed|skipped|canceled|notRun)\b/gm,
  )) {
    results[match[1] ?? ''] = match[2] ?? '';
  }
  return results;
}

describe('RunFlow@1 run by the agent against the simulator', () => {
  it("runs the seed's flow: the scans and should-run succeed, please-fail fails, its dependent is skipped", async () => {
    const sim = await startE2ESimulator();
    const { secret } = systemConnection(sim);
    // Relative: the repository's path, as the agent resolves file path inputs.
    const task = startTask(taskDir, sim, {
      inputs: { flowFile: 'examples/seed-flow.yaml', pollInterval: '0.1s' },
    });
    const result = await task.exited;
    const commands = loggingCommands(result.stdout);

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`##vso[task.setsecret]${secret}`);
    expect(stepResults(result.stdout)).toEqual({
      scan: 'succeeded',
      scan2: 'succeeded',
      'should-run': 'succeeded',
      'please-fail': 'failed',
      'shouldnt-be-triggered': 'skipped',
      flow: 'failed', // the table's last line
    });
    expect(outputVariables(commands)).toEqual({ result: 'failed' });
    expect(completions(commands)).toEqual(['Failed']);
    // Two releases and two pipeline runs: the skipped step triggered nothing.
    expect(createRequests(sim)).toHaveLength(4);
    const runs = await adminRuns(sim);
    expect(runs.map((run) => run.definition.name).sort()).toEqual(['Please Fail', 'Should Run']);
  });

  it('a flow that succeeds completes Succeeded', async () => {
    const sim = await startE2ESimulator();
    const file = join(mkdtempSync(join(flowDir, 'case-')), 'flow.yaml');
    writeFileSync(
      file,
      'project: DevOps\nsteps:\n  - id: run\n    pipeline: { pipeline: Should Run }\n',
    );
    const task = startTask(taskDir, sim, { inputs: { flowFile: file, pollInterval: '0.1s' } });
    const commands = loggingCommands((await task.exited).stdout);

    expect(outputVariables(commands)).toEqual({ result: 'succeeded' });
    expect(completions(commands)).toEqual(['Succeeded']);
  });

  it('the agent canceling the step (SIGINT) cancels the running steps and completes Canceled', async () => {
    const sim = await startE2ESimulator();
    const file = join(mkdtempSync(join(flowDir, 'case-')), 'flow.yaml');
    writeFileSync(
      file,
      'project: DevOps\nsteps:\n  - id: production\n    pipeline: { pipelineId: 46 }\n  - id: after\n    dependsOn: production\n    pipeline: { pipeline: Should Run }\n',
    );
    const task = startTask(taskDir, sim, { inputs: { flowFile: file, pollInterval: '0.1s' } });
    await task.waitFor('stderr', /step production: running/);
    task.child.kill('SIGINT');
    const result = await task.exited;
    const commands = loggingCommands(result.stdout);

    expect(completions(commands)).toEqual(['Canceled']);
    expect(outputVariables(commands)).toEqual({ result: 'canceled' });
    const runs = await adminRuns(sim);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'completed', result: 'canceled' });
  });

  it('a flow file that does not exist fails the step and triggers nothing', async () => {
    const sim = await startE2ESimulator();
    const task = startTask(taskDir, sim, { inputs: { flowFile: 'no/such/flow.yaml' } });
    const result = await task.exited;

    expect(completions(loggingCommands(result.stdout))).toEqual(['Failed']);
    expect(result.stderr).toMatch(/no[/\\]such[/\\]flow\.yaml/);
    expect(createRequests(sim)).toEqual([]);
  });
});
