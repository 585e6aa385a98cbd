/**
 * Killed at any moment, resumed, every step still runs exactly once (issue 15). A 40-step flow
 * of independent pipeline steps (each its own pipeline, so each run is told by its definition)
 * runs with `--state` at `--max-rps 50`; SIGKILL comes at a moment drawn from a seeded PRNG (once
 * the k-th create has reached the service, then d ms more: counted in creates rather than time
 * since the start, so that on a slow machine too the kills land while the creates are going out),
 * and the flow is run again with the same `--state` until it ends. Every trial must end with exactly
 * one run per step and no step refused by the resume (every create it may have sent is settled
 * by looking for its run, never by sending it again, and one never sent is sent).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { runCli, type CliResult } from '../helpers/cli.ts';
import { spawnCli } from '../helpers/cli-wait.ts';
import { onCreateArrival } from '../helpers/arrivals.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { adminRuns, withDevOpsProject } from '../helpers/e2e-runs.ts';
import { job, pipeline, run, stage, task } from '../helpers/scenario-builder.ts';
import { markFileComplete, recordRow } from './reliability-table.ts';

afterAll(() => markFileComplete(import.meta.url));

const SEED = 0x15_2026;
const TRIALS = 20;
const STEPS = 40;
/** Trials run side by side: most of a trial is waiting (the request budget, the lookup). */
const AT_ONCE = 20;
const FIRST_PIPELINE = 200;
/** The kill comes up to this long after the k-th create reached the service. */
const KILL_DELAY_MS = 200;
/** A resume that is itself still going after this long has hung. */
const RESUME_LIMIT_MS = 60_000;
const REFUSED = /did not trigger it again|cannot tell|could not be written/;

/** mulberry32: a small seeded PRNG, so a failing trial can be run again as it was. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The built-in scenario plus pipelines 200…239, each a one-second run. */
function scenario() {
  return withDevOpsProject((project) => ({
    ...project,
    pipelines: [
      ...project.pipelines,
      ...Array.from({ length: STEPS }, (_, index) =>
        pipeline({
          id: FIRST_PIPELINE + index,
          name: `step-${index}`,
          runs: [
            run({
              stages: [
                stage({ name: 'Build', jobs: [job({ tasks: [task({ durationMs: 1_000 })] })] }),
              ],
            }),
          ],
        }),
      ),
    ],
  }));
}

function flowText(): string {
  const steps = Array.from(
    { length: STEPS },
    (_, index) => `  - { id: s${index}, pipeline: { pipelineId: ${FIRST_PIPELINE + index} } }`,
  );
  return `project: DevOps\nsteps:\n${steps.join('\n')}\n`;
}

/** When SIGKILL comes: once `creates` creates reached the service, then `delayMs` more. */
interface KillMoment {
  readonly creates: number;
  readonly delayMs: number;
}

interface Trial {
  readonly kill: KillMoment;
  /** Whether the kill came before the flow ended by itself. */
  readonly killed: boolean;
  readonly resumes: readonly CliResult[];
  /** Runs per pipeline id. */
  readonly runs: ReadonlyMap<number, number>;
}

async function trial(kill: KillMoment): Promise<Trial> {
  const sim: RunningSimulator = await startE2ESimulator({ scenario: scenario() });
  const dir = mkdtempSync(join(tmpdir(), 'aztm-kill-resume-'));
  const flow = join(dir, 'flow.yaml');
  writeFileSync(flow, flowText());
  const args = ['flow', 'run', flow, '--state', join(dir, 'state.json'), '--max-rps', '50'];
  const env = e2eEnv(sim);
  const first = spawnCli(args, { env });
  onCreateArrival(sim, (_, count) => {
    if (count === kill.creates) setTimeout(() => first.child.kill('SIGKILL'), kill.delayMs);
  });
  const killed = (await first.exited).signal === 'SIGKILL';
  const resumes: CliResult[] = [];
  // Resumed until the flow ends; a resume that fails a step would run it again here, so a
  // refusal is caught by the assertions below rather than papered over.
  if (killed) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = await runCli(args, { env, killAfterMs: RESUME_LIMIT_MS });
      resumes.push(result);
      if (result.code === 0 || REFUSED.test(result.stderr)) break;
    }
  }
  const runs = new Map<number, number>();
  for (const found of await adminRuns(sim)) {
    runs.set(found.definition.id, (runs.get(found.definition.id) ?? 0) + 1);
  }
  return { kill, killed, resumes, runs };
}

/** Runs `work` on each item, `limit` at a time. */
async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return results;
}

describe('flow run --state killed with SIGKILL and resumed', () => {
  it(`${TRIALS} trials of a ${STEPS}-step flow at --max-rps 50: every step runs exactly once, no step refused`, async () => {
    const random = prng(SEED);
    const kills = Array.from({ length: TRIALS }, () => ({
      creates: 1 + Math.floor(random() * STEPS),
      delayMs: Math.floor(random() * KILL_DELAY_MS),
    }));
    const trials = await pooled(kills, AT_ONCE, trial);

    const twice = trials.filter((t) => [...t.runs.values()].some((count) => count > 1));
    const missing = trials.filter((t) => t.runs.size !== STEPS);
    const refused = trials.filter((t) => t.resumes.some((r) => REFUSED.test(r.stderr)));
    const unfinished = trials.filter((t) => t.killed && t.resumes.at(-1)?.code !== 0);
    recordRow(import.meta.url, {
      section: 'Killed and resumed (flow run --state)',
      fault: `SIGKILL at a random moment of a ${STEPS}-step flow at --max-rps 50 (after a random number of its creates reached the service), then run again with the same --state until it ends; ${TRIALS} trials, seeded`,
      expected:
        'every step runs exactly once: a create whose intent is on disk is settled by looking for its run, one never sent is sent; no resume refuses a step; the flow ends with exit 0',
      observed: `${TRIALS} trials: ${twice.length} with a step run twice, ${missing.length} with a step not run once, ${refused.length} with a step refused, ${unfinished.length} not ended with exit 0`,
    });

    const report = trials.map((t, index) => ({
      trial: index,
      kill: t.kill,
      killed: t.killed,
      resumes: t.resumes.map((r) => r.code),
      twice: [...t.runs].filter(([, count]) => count > 1).map(([id]) => id),
      runs: t.runs.size,
      refused: t.resumes.flatMap((r) => r.stderr.split('\n').filter((l) => REFUSED.test(l))),
    }));
    const bad = report.filter(
      (r) =>
        r.twice.length > 0 ||
        r.runs !== STEPS ||
        r.refused.length > 0 ||
        (r.killed && r.resumes.at(-1) !== 0),
    );
    expect(bad, JSON.stringify(bad, null, 2)).toEqual([]);
    // The kills did land mid-flow: most trials were resumed.
    expect(trials.filter((t) => t.killed).length).toBeGreaterThan(TRIALS / 2);
  }, 110_000);
});
