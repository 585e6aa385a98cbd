/**
 * The simulator the benchmark measures against, started in this process on loopback, its clock
 * running at real speed from the real time of its start: the time of each request in its log is
 * then this machine's clock (Date.now) at the request's arrival, the same clock the benchmark
 * reads when it starts and sees the exit of a CLI process. So "time to the create request" and
 * "delay from the run's end to the exit" are differences of one clock.
 */
import { ScaledClock, startSimulator, type RunningSimulator } from '../src/simulator/index.ts';
import { parseScenario } from '../src/simulator/scenario/load.ts';
import type { LoggedRequest } from '../src/simulator/state.ts';

export const BENCH_PROJECT = 'Bench';
/** The simulator's own demo-style credential: it opens this local server and nothing else. */
const BENCH_PAT = 'benchbenchbenchbenchbenchbenchbenchbenchbenchbench52';

/** One pipeline of a benchmark scenario: its id and how long (real seconds) each run lasts. */
export interface BenchPipeline {
  readonly id: number;
  readonly seconds: number;
}

/**
 * A run with a timeline of realistic shape (3 stages of 2 jobs of 2 tasks), so that what aztm
 * reads per poll is what a real pipeline costs; the stages split the run's duration.
 */
function runScript(seconds: number): unknown {
  const stage = (seconds * 1000) / 3;
  const task = `${Math.max(1, Math.round(stage / 2))}ms`;
  return {
    stages: ['Build', 'Staging', 'Production'].map((name) => ({
      name,
      jobs: ['Linux', 'Windows'].map((job) => ({
        name: job,
        tasks: [
          { name: 'Prepare', duration: task, log: [`${name} ${job} prepared`] },
          { name: 'Run', duration: task, log: [`${name} ${job} done`] },
        ],
      })),
    })),
  };
}

export async function startBenchSimulator(
  pipelines: readonly BenchPipeline[],
): Promise<RunningSimulator> {
  // JSON is YAML: the scenario goes through the same schema check and resolution as a file.
  const text = JSON.stringify({
    organization: 'bench',
    tokens: [{ name: 'bench', pat: BENCH_PAT }],
    projects: [
      {
        name: BENCH_PROJECT,
        pipelines: pipelines.map((p) => ({
          id: p.id,
          name: `pipeline-${p.id}`,
          run: runScript(p.seconds),
        })),
      },
    ],
  });
  return startSimulator({
    scenario: parseScenario(text, '<benchmark scenario>'),
    clock: new ScaledClock(1, Date.now),
    requestLog: { limit: 10_000_000, recordResponses: false },
  });
}

/** The requests that queue a pipeline run (`POST …/pipelines/{id}/runs`). */
export function isCreate(entry: LoggedRequest): boolean {
  return entry.method === 'POST' && /\/_apis\/pipelines\/\d+\/runs(\?|$)/i.test(entry.url);
}

/** When the run `id` ended, in the simulator (its Build API `finishTime`), in ms of Date.now. */
export async function runFinishTime(sim: RunningSimulator, id: number): Promise<number> {
  const answer = await fetch(
    `${sim.organizationUrl}/${BENCH_PROJECT}/_apis/build/builds/${id}?api-version=7.1`,
    {
      headers: { authorization: `Basic ${Buffer.from(`:${sim.token.value}`).toString('base64')}` },
    },
  );
  const build = (await answer.json()) as { finishTime?: string };
  if (!build.finishTime) throw new Error(`run ${id} has no finishTime: it has not ended`);
  // Azure DevOps writes seven fractional digits (docs/design/azure-devops.md §0.6); Date.parse
  // takes three.
  return Date.parse(build.finishTime.replace(/(\.\d{3})\d*Z$/, '$1Z'));
}
