/**
 * Start-up: what every job pays before aztm does anything. `aztm --version` and `aztm --help`
 * against a bare `node -e 0`, each the median of many runs, the three interleaved so that a
 * burst of load on the machine falls on all of them alike.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { CLI, cliEnv } from './cli-process.ts';
import { section, type Row } from './markdown.ts';
import { median } from './stats.ts';

export interface StartupFigures {
  readonly runs: number;
  readonly nodeMs: number;
  readonly versionMs: number;
  readonly helpMs: number;
  /** The fastest run of each: the start with the least interference from other work. */
  readonly fastest: { readonly node: number; readonly version: number; readonly help: number };
  /** The machine's 1-minute load average when the runs ended. */
  readonly loadAverage: number;
}

const VERSION_TARGET = 1.5;
const HELP_TARGET = 2;

export function measureStartup(runs: number): StartupFigures {
  const env = cliEnv({});
  const commands = {
    node: ['-e', '0'],
    version: [CLI, '--version'],
    help: [CLI, '--help'],
  } as const;
  const samples: Record<keyof typeof commands, number[]> = { node: [], version: [], help: [] };
  const time = (args: readonly string[]): number => {
    const t0 = performance.now();
    const result = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    const elapsed = performance.now() - t0;
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`);
    return elapsed;
  };
  // Warm the file cache first; those runs are not counted.
  for (const args of Object.values(commands)) for (let i = 0; i < 3; i++) time(args);
  for (let i = 0; i < runs; i++) {
    for (const name of Object.keys(commands) as (keyof typeof commands)[]) {
      samples[name].push(time(commands[name]));
    }
  }
  return {
    runs,
    nodeMs: median(samples.node),
    versionMs: median(samples.version),
    helpMs: median(samples.help),
    fastest: {
      node: Math.min(...samples.node),
      version: Math.min(...samples.version),
      help: Math.min(...samples.help),
    },
    loadAverage: loadavg()[0] ?? 0,
  };
}

export function startupSection(figures: StartupFigures): string {
  const version = figures.versionMs / figures.nodeMs;
  const help = figures.helpMs / figures.nodeMs;
  const { fastest } = figures;
  const rows: Row[] = [
    { figure: '`node -e 0`', value: `${figures.nodeMs.toFixed(1)} ms` },
    {
      figure: '`aztm --version`',
      value: `${figures.versionMs.toFixed(1)} ms (${version.toFixed(2)}×)`,
      target: `at most ${VERSION_TARGET}× bare Node`,
      ok: version <= VERSION_TARGET,
    },
    {
      figure: '`aztm --help`',
      value: `${figures.helpMs.toFixed(1)} ms (${help.toFixed(2)}×)`,
      target: `at most ${HELP_TARGET}× bare Node`,
      ok: help <= HELP_TARGET,
    },
    {
      figure: 'fastest runs: node / --version / --help',
      value: `${fastest.node.toFixed(1)} / ${fastest.version.toFixed(1)} (${(fastest.version / fastest.node).toFixed(2)}×) / ${fastest.help.toFixed(1)} ms (${(fastest.help / fastest.node).toFixed(2)}×)`,
    },
    {
      figure: 'machine load average (1 min) at the end',
      value: `${figures.loadAverage.toFixed(2)} on ${cpus().length} cores`,
    },
  ];
  return section(
    '1. Start-up',
    [
      `Wall-clock time from spawning the process to its exit, median of ${figures.runs} runs each, the three commands interleaved (after 3 unmeasured warm-up runs each). The CLI is \`node dist/aztm.mjs\`, the one bundled file that is installed.`,
    ],
    rows,
    version > VERSION_TARGET || help > HELP_TARGET
      ? [
          `**Slower than the target** by ${(Math.max(version - VERSION_TARGET, help - HELP_TARGET) * 100).toFixed(0)} % of a bare start: Node compiles the whole bundle (dist/aztm.mjs: every command inlined, scripts/build.mjs bundles without code splitting) before it answers \`--version\`; a CPU profile of \`aztm --version\` shows the extra time in compiling the module, not in running it. The simulator, yaml and ajv, which \`--version\` and \`--help\` never use, are the largest parts of it (section 5).${figures.loadAverage > cpus().length ? ` The machine was busy (load average ${figures.loadAverage.toFixed(2)} on ${cpus().length} cores), which stretches every wall-clock time here; the fastest runs show the ratios with the least interference.` : ''}`,
        ]
      : [],
  );
}
