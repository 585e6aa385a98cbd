import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeBuildState } from '../../src/simulator/engine/build-state.ts';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { runAztm } from '../helpers/run-in-process.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';

const dir = mkdtempSync(join(tmpdir(), 'aztm-flow-graph-'));

function flowFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

interface FlowJson {
  readonly result: string;
  readonly steps: readonly { id: string; result: string; url: string | null }[];
}

function flowJson(stdout: string): FlowJson {
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as FlowJson;
}

/** A step's run as the simulator saw it: queued and finished, in simulated time. */
function runOf(
  sim: RunningSimulator,
  json: FlowJson,
  id: string,
): { queued: number; finished: number } {
  const url = json.steps.find((step) => step.id === id)?.url ?? '';
  const buildId = Number(/buildId=(\d+)/.exec(url)?.[1]);
  const build = sim.state.builds.get(buildId);
  if (!build) throw new Error(`step ${id}: no run behind ${url}`);
  const finished = computeBuildState(build, sim.clock.now()).finishTime;
  if (finished === null) throw new Error(`step ${id}: run ${buildId} has not finished`);
  return { queued: build.queuedAt, finished };
}

describe('aztm flow run: the graph', () => {
  it('a diamond: both branches run at the same time, the join waits for both', async () => {
    // Slow enough (20 s runs are a third of a real second) that overlap is not a coincidence of
    // two runs too short to tell apart.
    const sim = await startE2ESimulator({ speed: 60 });
    const file = flowFile(
      'diamond.yaml',
      `project: DevOps
steps:
  - id: top
    pipeline: { pipeline: notify }
  - id: left
    dependsOn: top
    pipeline: { pipeline: Should Run }
  - id: right
    dependsOn: top
    pipeline: { pipelineId: 45 }
  - id: bottom
    dependsOn: [left, right]
    pipeline: { pipeline: notify }
`,
    );
    const result = await runAztm(['flow', 'run', file, '--json'], { env: e2eEnv(sim) });

    expect(result.code).toBe(0);
    const json = flowJson(result.stdout);
    expect(json.steps.map((step) => step.result)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    const [top, left, right, bottom] = ['top', 'left', 'right', 'bottom'].map((id) =>
      runOf(sim, json, id),
    ) as [
      ReturnType<typeof runOf>,
      ReturnType<typeof runOf>,
      ReturnType<typeof runOf>,
      ReturnType<typeof runOf>,
    ];
    // Each branch starts only after the top ended, and the two really overlap.
    expect(left.queued).toBeGreaterThanOrEqual(top.finished);
    expect(right.queued).toBeGreaterThanOrEqual(top.finished);
    expect(left.queued).toBeLessThan(right.finished);
    expect(right.queued).toBeLessThan(left.finished);
    // The join starts after both.
    expect(bottom.queued).toBeGreaterThanOrEqual(Math.max(left.finished, right.finished));
  });

  it('runs what the plan resolved: each definition is read once, before anything is triggered', async () => {
    const sim = await startE2ESimulator();
    const file = flowFile(
      'once.yaml',
      `project: DevOps
steps:
  - { id: a, pipeline: { pipeline: Should Run } }
  - { id: b, dependsOn: a, pipeline: { pipelineId: 45 } }
`,
    );
    const result = await runAztm(['flow', 'run', file], { env: e2eEnv(sim) });

    expect(result.code).toBe(0);
    const operations = sim.state.requests.map((request) => request.operation);
    const firstCreate = operations.indexOf('Runs - Run Pipeline');
    const definitionReads = operations.flatMap((operation, index) =>
      operation === 'Definitions - Get' ? [index] : [],
    );
    expect(definitionReads).toHaveLength(2);
    expect(definitionReads.every((index) => index < firstCreate)).toBe(true);
  });

  it('maxParallel 1 runs independent steps one after the other', async () => {
    const sim = await startE2ESimulator({ speed: 60 });
    const file = flowFile(
      'serial.yaml',
      `project: DevOps
maxParallel: 1
steps:
  - { id: a, pipeline: { pipeline: Should Run } }
  - { id: b, pipeline: { pipelineId: 45 } }
`,
    );
    const result = await runAztm(['flow', 'run', file, '--json'], { env: e2eEnv(sim) });

    expect(result.code).toBe(0);
    const json = flowJson(result.stdout);
    const a = runOf(sim, json, 'a');
    const b = runOf(sim, json, 'b');
    expect(b.queued).toBeGreaterThanOrEqual(a.finished);
  });

  it("each condition, with Azure Pipelines' meaning, after a failed step", async () => {
    const sim = await startE2ESimulator();
    const file = flowFile(
      'conditions.yaml',
      `project: DevOps
steps:
  - { id: fails, pipeline: { pipeline: Please Fail } }
  - { id: on-success, dependsOn: fails, pipeline: { pipeline: notify } }
  - { id: on-failure, dependsOn: fails, condition: failed(), pipeline: { pipeline: notify } }
  - { id: either, dependsOn: fails, condition: succeededOrFailed(), pipeline: { pipeline: notify } }
  - { id: always, dependsOn: on-success, condition: always(), pipeline: { pipeline: notify } }
  - { id: after-skip, dependsOn: on-success, condition: failed(), pipeline: { pipeline: notify } }
`,
    );
    const result = await runAztm(['flow', 'run', file, '--json'], { env: e2eEnv(sim) });

    expect(result.code).toBe(1);
    expect(flowJson(result.stdout).steps.map((step) => [step.id, step.result])).toEqual([
      ['fails', 'failed'],
      ['on-success', 'skipped'],
      ['on-failure', 'succeeded'],
      ['either', 'succeeded'],
      ['always', 'succeeded'],
      // Its dependency was skipped, but a failure is in its graph ("any previous job in the
      // dependency graph failed"), as in the exported pipeline.
      ['after-skip', 'succeeded'],
    ]);
    // Four notify runs and the failing one; nothing for the skipped step.
    expect([...sim.state.builds.values()].map((build) => build.definitionId).sort()).toEqual([
      44, 47, 47, 47, 47,
    ]);
  });

  it('continueOnError: the flow succeeds and dependents see succeeded with issues', async () => {
    const sim = await startE2ESimulator();
    const file = flowFile(
      'continue.yaml',
      `project: DevOps
steps:
  - { id: fails, continueOnError: true, pipeline: { pipeline: Please Fail } }
  - { id: next, dependsOn: fails, pipeline: { pipeline: notify } }
  - { id: on-failure, dependsOn: fails, condition: failed(), pipeline: { pipeline: notify } }
`,
    );
    const result = await runAztm(['flow', 'run', file, '--json'], { env: e2eEnv(sim) });

    expect(result.code).toBe(0);
    const json = flowJson(result.stdout);
    expect(json.result).toBe('succeeded');
    expect(json.steps.map((step) => [step.id, step.result])).toEqual([
      ['fails', 'failed'],
      ['next', 'succeeded'],
      ['on-failure', 'skipped'],
    ]);
  });
});
