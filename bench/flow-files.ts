/**
 * The flows the scale benchmark runs, written as flow files (docs/design/flow-file.md) like a
 * user's: JSON, which is YAML, so they go through the same parser and schema check as any flow
 * file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_PROJECT, type BenchPipeline } from './sim.ts';

export interface BenchFlow {
  readonly name: string;
  readonly file: string;
  readonly steps: number;
  /** Waves of steps, each waiting on the one before. */
  readonly depth: number;
  /** How long each run lasts, real ms. */
  readonly stepMs: number;
  readonly pipelines: readonly BenchPipeline[];
  /** Real ms the flow would take if every step started the moment it could and ended on time. */
  readonly idealMs: number;
}

/**
 * `depth` waves of `width` steps; step c of wave w runs pipeline c + 1 and depends on steps c and
 * c + 1 (wrapping) of the wave before, so each wave waits on the slowest of two steps each.
 */
export function layeredFlow(
  dir: string,
  width: number,
  depth: number,
  stepSeconds: number,
): BenchFlow {
  const id = (wave: number, column: number): string => `w${wave}-s${column}`;
  const steps = [];
  for (let wave = 0; wave < depth; wave++) {
    for (let column = 0; column < width; column++) {
      steps.push({
        id: id(wave, column),
        ...(wave > 0
          ? { dependsOn: [id(wave - 1, column), id(wave - 1, (column + 1) % width)] }
          : {}),
        pipeline: { pipelineId: column + 1 },
      });
    }
  }
  const file = join(dir, `flow-${width}x${depth}.yaml`);
  writeFileSync(file, JSON.stringify({ project: BENCH_PROJECT, steps }, null, 1));
  return {
    name: `${width * depth}-step flow (${width} wide, ${depth} deep)`,
    file,
    steps: steps.length,
    depth,
    stepMs: stepSeconds * 1000,
    pipelines: Array.from({ length: width }, (_, i) => ({ id: i + 1, seconds: stepSeconds })),
    idealMs: depth * stepSeconds * 1000,
  };
}

/** `runs` steps with no dependencies, each its own pipeline: one flow following them all at once. */
export function wideFlow(dir: string, runs: number, runSeconds: number): BenchFlow {
  const steps = Array.from({ length: runs }, (_, i) => ({
    id: `run-${i + 1}`,
    pipeline: { pipelineId: i + 1 },
  }));
  const file = join(dir, `flow-${runs}-at-once.yaml`);
  writeFileSync(file, JSON.stringify({ project: BENCH_PROJECT, steps }, null, 1));
  return {
    name: `one flow following ${runs} runs at once`,
    file,
    steps: runs,
    depth: 1,
    stepMs: runSeconds * 1000,
    pipelines: Array.from({ length: runs }, (_, i) => ({ id: i + 1, seconds: runSeconds })),
    idealMs: runSeconds * 1000,
  };
}
