/**
 * Scale: `aztm flow run` on a large flow against the simulator, at the default poll interval.
 * Wall-clock against the ideal schedule, the CLI process's peak memory and CPU time
 * (usage-probe.mjs), and the requests it sent (the simulator's log), with the peak rate over
 * sliding one-second windows against the request budget.
 */
import { spawnSync } from 'node:child_process';
import { CLI, cliEnv, runCliProcess } from './cli-process.ts';
import type { BenchFlow } from './flow-files.ts';
import { megabytes, section, seconds, type Row } from './markdown.ts';
import { startRemoteSimulator } from './remote-sim.ts';
import { BENCH_PROJECT, isCreate } from './sim.ts';
import { peakInWindow } from './stats.ts';

/** The CLI's default request budget (requests per second across the process). */
export const DEFAULT_MAX_RPS = 10;
const PEAK_MEMORY_TARGET = 150 * 2 ** 20;
/** The CLI's default poll interval (docs/design/cli-contract.md); the flows run with it. */
const POLL_INTERVAL_MS = 10_000;

export interface ScaleFigures {
  readonly flow: BenchFlow;
  readonly exitCode: number | null;
  readonly wallMs: number;
  readonly peakRssBytes: number;
  readonly cpuSeconds: number;
  readonly liveHeapMaxBytes: number;
  readonly majorCollections: number;
  readonly requests: number;
  readonly creates: number;
  readonly peakPerSecond: number;
  /** The budget the CLI ran with, and whether it was passed as --max-rps (it knows the option). */
  readonly budget: { readonly maxRps: number; readonly passed: boolean };
}

/** Whether this build of the CLI knows `--max-rps` (the shared request budget). */
export function cliKnowsMaxRps(): boolean {
  const help = spawnSync(process.execPath, [CLI, 'flow', 'run', '--help'], { encoding: 'utf8' });
  return help.stdout.includes('--max-rps');
}

export async function measureFlowScale(flow: BenchFlow, maxRps: number): Promise<ScaleFigures> {
  // Its own process: arrival times in its log are not held up by the benchmark's other work.
  const sim = await startRemoteSimulator(flow.pipelines);
  try {
    const passed = cliKnowsMaxRps();
    const run = await runCliProcess(
      ['flow', 'run', flow.file, ...(passed ? ['--max-rps', String(maxRps)] : [])],
      cliEnv({
        aztm_organization: sim.organizationUrl,
        aztm_project: BENCH_PROJECT,
        aztm_pat: sim.token,
      }),
      { measureUsage: true },
    );
    const log = await sim.requests();
    if (!run.usage) throw new Error('the CLI process reported no resource usage');
    return {
      flow,
      exitCode: run.code,
      wallMs: run.exitedAt - run.startedAt,
      peakRssBytes: run.usage.peakRssBytes,
      cpuSeconds: run.usage.cpuSeconds,
      liveHeapMaxBytes: run.usage.liveHeapMaxBytes,
      majorCollections: run.usage.majorCollections,
      requests: log.length,
      creates: log.filter(isCreate).length,
      peakPerSecond: peakInWindow(
        log.map((entry) => entry.time),
        1000,
      ),
      budget: { maxRps, passed },
    };
  } finally {
    await sim.close();
  }
}

export function flowScaleSection(title: string, figures: ScaleFigures): string {
  const { flow, budget } = figures;
  const overhead = figures.wallMs - flow.idealMs;
  // A step is seen ended at the first poll at or after its end: polls go at the create and then
  // every interval, so each wave lasts at least the run rounded up to whole intervals.
  const pollBoundMs = flow.depth * Math.ceil(flow.stepMs / POLL_INTERVAL_MS) * POLL_INTERVAL_MS;
  const rows: Row[] = [
    {
      figure: 'result',
      value: `exit ${figures.exitCode}, ${figures.creates} runs queued for ${flow.steps} steps`,
      target: 'exit 0, one run per step',
      ok: figures.exitCode === 0 && figures.creates === flow.steps,
    },
    {
      figure: 'wall-clock / ideal schedule',
      value: `${seconds(figures.wallMs, 1)} / ${seconds(flow.idealMs, 1)}`,
    },
    {
      figure: 'overhead over the ideal schedule',
      value: `${seconds(overhead, 1)} (${((overhead / flow.idealMs) * 100).toFixed(0)} %)`,
    },
    {
      figure: 'of which the poll interval explains',
      value: `${seconds(pollBoundMs - flow.idealMs, 1)}: with a poll every ${POLL_INTERVAL_MS / 1000} s, each of the ${flow.depth} wave${flow.depth === 1 ? '' : 's'} lasts at least ${seconds(pollBoundMs / flow.depth, 0)}`,
    },
    {
      figure: 'the rest: resolving, triggering, waiting for requests',
      value: `${seconds(figures.wallMs - pollBoundMs, 1)} (${seconds((figures.wallMs - pollBoundMs) / flow.depth, 2)} per wave)`,
    },
    {
      figure: 'peak memory (RSS) of the aztm process',
      value: megabytes(figures.peakRssBytes),
      target: `under ${megabytes(PEAK_MEMORY_TARGET)}`,
      ok: figures.peakRssBytes < PEAK_MEMORY_TARGET,
    },
    {
      figure: 'live heap: the most in use just after a full collection',
      value: `${megabytes(figures.liveHeapMaxBytes)} (${figures.majorCollections} full collections)`,
    },
    { figure: 'CPU time of the aztm process', value: `${figures.cpuSeconds.toFixed(1)} s` },
    {
      figure: 'requests sent',
      value: `${figures.requests} (${(figures.requests / flow.steps).toFixed(1)} per step; ${((figures.requests * 1000) / figures.wallMs).toFixed(1)} per second on average)`,
    },
    {
      figure: 'peak requests in any 1 s window',
      value: `${figures.peakPerSecond}`,
      target: `at most the budget, ${budget.maxRps}/s${budget.passed ? ' (passed as --max-rps)' : ' (this aztm has no --max-rps)'}`,
      ok: figures.peakPerSecond <= budget.maxRps,
    },
  ];
  return section(
    title,
    [
      `\`aztm flow run\` on the ${flow.name}, against the simulator, at the default poll interval (10 s); every run lasts ${seconds(flow.stepMs, 1)}. The ideal schedule is the sum over the flow's depth of the step durations: every step starting the moment what it depends on ends. Wall-clock is from spawning the process to its exit; peak memory and CPU time are the process's own \`process.resourceUsage()\` at exit, the live heap its \`process.memoryUsage().heapUsed\` just after each full garbage collection (bench/usage-probe.mjs, loaded with \`node --import\`, not part of the CLI); requests and their rate come from the simulator's log, the simulator running in a process of its own so that arrival times are not held up by the benchmark's other work.`,
    ],
    rows,
    notes(figures),
  );
}

/** Which target was missed, by how much, and what in aztm explains it. */
function notes(figures: ScaleFigures): string[] {
  const { budget } = figures;
  const out: string[] = [];
  if (figures.peakPerSecond > budget.maxRps) {
    const times = (figures.peakPerSecond / budget.maxRps).toFixed(0);
    out.push(
      budget.passed
        ? `**Budget exceeded**: ${figures.peakPerSecond} requests in one second against --max-rps ${budget.maxRps} (${times}×).`
        : `**Budget exceeded**: ${figures.peakPerSecond} requests in one second against ${budget.maxRps}/s (${times}×). This build of aztm has no shared request budget (\`aztm flow run --help\` lists no \`--max-rps\`): each step sends its requests as soon as it can, so every step that starts or polls at the same moment sends at once.`,
    );
  }
  if (figures.peakRssBytes >= PEAK_MEMORY_TARGET) {
    const over = figures.peakRssBytes - PEAK_MEMORY_TARGET;
    out.push(
      `**Memory over the target** by ${megabytes(over)} (${((over / PEAK_MEMORY_TARGET) * 100).toFixed(0)} %). What is live stays small (at most ${megabytes(figures.liveHeapMaxBytes)} of heap after a full collection): the peak is heap V8 reserves while garbage piles up between collections, when hundreds of answers arrive within a second (up to ${figures.peakPerSecond} here), plus the code and buffers of the process. Spreading the requests over time (the request budget) lowers the rate garbage is made at.`,
    );
  }
  return out;
}
