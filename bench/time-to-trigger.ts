/**
 * Time to trigger: from process start to the create request arriving at the simulator, and the
 * requests sent before it, for aztm and for the reference built on the official Node client
 * (reference-client.ts), both queueing the same run of the same pipeline by id, interleaved, each
 * against a fresh simulator so that nothing is cached between trials.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliEnv, runCliProcess } from './cli-process.ts';
import { section, type Row } from './markdown.ts';
import { BENCH_PROJECT, isCreate, startBenchSimulator } from './sim.ts';
import { median } from './stats.ts';

export interface ClientFigures {
  /** Median ms from spawning the process to the create request's arrival. */
  readonly toCreateMs: number;
  /** Median ms from spawning the process to its exit (it exits once the run is queued). */
  readonly toExitMs: number;
  /** Requests before the create (the same in every trial), and what they were. */
  readonly before: number;
  readonly beforeOperations: readonly string[];
  /** The most requests before the create in any trial (more than `before`: a retried read). */
  readonly mostBefore: number;
}

export interface TriggerFigures {
  readonly trials: number;
  readonly aztm: ClientFigures;
  readonly reference: ClientFigures;
}

type Client = 'aztm' | 'reference';

const REFERENCE_SOURCE = fileURLToPath(new URL('./reference-client.ts', import.meta.url));

export async function measureTimeToTrigger(trials: number): Promise<TriggerFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'aztm-bench-reference-'));
  const reference = join(dir, 'reference.cjs');
  try {
    await build({
      entryPoints: [REFERENCE_SOURCE],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: true,
      outfile: reference,
      logLevel: 'warning',
    });
    const samples: Record<Client, Sample[]> = { aztm: [], reference: [] };
    // One unmeasured round first: the first spawns of a file pay the disk cache.
    for (let i = 0; i <= trials; i++) {
      for (const client of ['aztm', 'reference'] as const) {
        const sample = await trial(client, reference);
        if (i > 0) samples[client].push(sample);
      }
    }
    return { trials, aztm: summary(samples.aztm), reference: summary(samples.reference) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Sample {
  readonly toCreateMs: number;
  readonly toExitMs: number;
  readonly beforeOperations: readonly string[];
}

async function trial(client: Client, referenceScript: string): Promise<Sample> {
  const sim = await startBenchSimulator([{ id: 1, seconds: 60 }]);
  try {
    const run =
      client === 'aztm'
        ? await runCliProcess(
            ['pipeline', '--pipeline-id', '1', '--no-wait'],
            cliEnv({
              aztm_organization: sim.organizationUrl,
              aztm_project: BENCH_PROJECT,
              aztm_pat: sim.token.value,
            }),
          )
        : await runCliProcess(
            [sim.organizationUrl, BENCH_PROJECT, '1'],
            cliEnv({ REFERENCE_PAT: sim.token.value }),
            { script: referenceScript },
          );
    const log = sim.state.requests;
    const index = log.findIndex(isCreate);
    const create = log[index];
    if (run.code !== 0 || !create) {
      throw new Error(`${client} did not queue the run (exit ${run.code}):\n${run.stderr}`);
    }
    return {
      toCreateMs: create.time - run.startedAt,
      toExitMs: run.exitedAt - run.startedAt,
      beforeOperations: log
        .slice(0, index)
        .map((entry) => `${entry.method} ${entry.operation ?? entry.url.split('?')[0]}`),
    };
  } finally {
    await sim.close();
  }
}

function summary(samples: readonly Sample[]): ClientFigures {
  // A retried read (a busy machine can time one out) would add a request to one trial: the
  // figure is the usual sequence, the fewest requests seen, and any variation is shown.
  const counts = samples.map((sample) => sample.beforeOperations.length);
  const fewest = Math.min(...counts);
  const usual = samples.find((sample) => sample.beforeOperations.length === fewest);
  return {
    toCreateMs: median(samples.map((sample) => sample.toCreateMs)),
    toExitMs: median(samples.map((sample) => sample.toExitMs)),
    before: fewest,
    beforeOperations: usual?.beforeOperations ?? [],
    mostBefore: Math.max(...counts),
  };
}

export function timeToTriggerSection(figures: TriggerFigures): string {
  const { aztm, reference } = figures;
  const rows: Row[] = [
    {
      figure: 'aztm: requests before the create',
      value: `${aztm.before} (${aztm.beforeOperations.join(', ') || 'none'})${varied(aztm)}`,
      target: 'none: the create is the first request',
      ok: aztm.before === 0,
    },
    {
      figure: 'reference: requests before the create',
      value: `${reference.before} (${reference.beforeOperations.join(', ') || 'none'})${varied(reference)}`,
    },
    {
      figure: 'aztm: fewer requests than the reference',
      value: `${aztm.before + 1} against ${reference.before + 1} in all`,
      target: 'fewer',
      ok: aztm.before < reference.before,
    },
    {
      figure: 'time to the create: aztm / reference',
      value: `${aztm.toCreateMs.toFixed(0)} ms / ${reference.toCreateMs.toFixed(0)} ms`,
      target: 'aztm sooner',
      ok: aztm.toCreateMs < reference.toCreateMs,
    },
    {
      figure: 'time to exit (run queued): aztm / reference',
      value: `${aztm.toExitMs.toFixed(0)} ms / ${reference.toExitMs.toFixed(0)} ms`,
    },
    {
      figure: 'from the create to the exit: aztm / reference',
      value: `${(aztm.toExitMs - aztm.toCreateMs).toFixed(0)} ms / ${(reference.toExitMs - reference.toCreateMs).toFixed(0)} ms`,
    },
  ];
  return section(
    '2. Time to trigger',
    [
      'Both queue a run of the same YAML pipeline, given by id, against a fresh simulator each: `aztm pipeline --pipeline-id 1 --no-wait`, and the reference, bench/reference-client.ts, the least a tool built on the official `azure-devops-node-api` 17.0.1 client does (`new WebApi(url, getPersonalAccessTokenHandler(pat))`, `getPipelinesApi()`, `runPipeline()`), bundled into one file by esbuild like aztm, so it starts at its best.',
      `Method: the simulator runs in the benchmark's process with its clock at real time, so the time it logs for the create request's arrival and the time the benchmark took just before spawning the process are readings of one clock. Median of ${figures.trials} trials each, aztm and the reference interleaved, after one unmeasured round.`,
    ],
    rows,
    [
      ...(aztm.before > 0 ? [whyNotFirst(aztm.beforeOperations)] : []),
      ...(aztm.toExitMs - aztm.toCreateMs > 50
        ? [
            '',
            'After the create, aztm takes longer than the reference to exit: Node’s `fetch` keeps its connection to the server open for the next request, and a process that used it lingers about 0.1 s before it exits (a bare script that makes one `fetch` does the same); the reference’s HTTP client closes its connections.',
          ]
        : []),
    ],
  );
}

function varied(figures: ClientFigures): string {
  return figures.mostBefore > figures.before ? `; up to ${figures.mostBefore} in one trial` : '';
}

/** What in aztm sends each request that comes before its create (the code as of this benchmark). */
const CAUSES: Readonly<Record<string, string>> = {
  'GET Definitions - Get':
    'src/resolve/pipeline.ts `resolvePipeline` reads the definition even when its id is given, to refuse a classic definition and check `--variables` against it, and to name the run',
  'GET Builds - List':
    'src/recover/find-run.ts `queueRunOnce` (through src/recover/run-window.ts `runsBeforeCreate`) lists the definition’s recent runs before the create, so that a create whose answer is lost is found instead of queued a second time',
};

function whyNotFirst(operations: readonly string[]): string {
  const causes = operations.map((op) => `- ${op}: ${CAUSES[op] ?? 'cause not identified'}.`);
  return [
    `**Falls short by ${operations.length} request${operations.length === 1 ? '' : 's'}**: the create is not aztm's first request. Each comes from a safety or validation step, not from discovery:`,
    ...causes,
  ].join('\n');
}
