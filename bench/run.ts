/**
 * `npm run bench`: measures on this machine and rewrites BENCHMARKS.md. Not part of the tests:
 * speed and memory targets live here, never in timed tests.
 *
 * Order: what is sensitive to load on the machine (footprint, start-up, time to trigger) runs
 * alone first; then the measurements bound by the wall clock (following at a 10 s poll interval,
 * the two scale flows) run side by side, the following one in a process of its own; then the
 * simulator's load test, which keeps both cores busy.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS, readSettings } from './settings.ts';
import { layeredFlow, wideFlow } from './flow-files.ts';
import { DEFAULT_MAX_RPS, flowScaleSection, measureFlowScale } from './flow-scale.ts';
import { followingSection, measureFollowingApart } from './following.ts';
import { footprintSection, measureFootprint } from './footprint.ts';
import { progress, seconds } from './markdown.ts';
import { measureSimulatorLoad, simulatorLoadSection } from './simulator-load.ts';
import { measureStartup, startupSection } from './startup.ts';
import { sideBySide } from './side-by-side.ts';
import { summary } from './summary.ts';
import { measureTimeToTrigger, timeToTriggerSection } from './time-to-trigger.ts';

const settings = readSettings(process.env, DEFAULT_MAX_RPS);
const began = Date.now();
const load = loadavg()[0] ?? 0;
const sections: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'aztm-bench-flows-'));

try {
  progress('footprint: npm pack --dry-run and the bundle’s packages');
  const footprint = footprintSection(await measureFootprint());

  progress(`start-up: ${settings.startupRuns} runs each of node -e 0, aztm --version, aztm --help`);
  const startup = startupSection(measureStartup(settings.startupRuns));

  progress(`time to trigger: ${settings.triggerTrials} trials each of aztm and the reference`);
  const trigger = timeToTriggerSection(await measureTimeToTrigger(settings.triggerTrials));

  const layered = layeredFlow(dir, 50, 10, settings.stepSeconds);
  const wide = wideFlow(dir, 200, settings.wideRunSeconds);
  progress(
    `following (runs of ${settings.followRunSeconds.join(', ')} s), the ${layered.name} and ${wide.name}, side by side: a few minutes`,
  );
  const [following, layeredFigures, wideFigures] = await sideBySide(
    {
      name: 'following',
      measure: () => measureFollowingApart(settings.followRunSeconds),
      done: () => 'following: done',
    },
    {
      name: layered.name,
      measure: () => measureFlowScale(layered, settings.maxRps),
      done: (figures) => `${layered.name}: done in ${seconds(figures.wallMs, 0)}`,
    },
    {
      name: wide.name,
      measure: () => measureFlowScale(wide, settings.maxRps),
      done: (figures) => `${wide.name}: done in ${seconds(figures.wallMs, 0)}`,
    },
  );

  progress(`simulator load: 200 runs polled once a second for ${settings.windowSeconds} s`);
  const simulator = simulatorLoadSection(
    await measureSimulatorLoad({
      runs: 200,
      windowSeconds: settings.windowSeconds,
      pollIntervalMs: 1000,
    }),
  );

  sections.push(
    startup,
    trigger,
    followingSection(following),
    flowScaleSection('4a. Scale: a 500-step flow (50 wide, 10 deep)', layeredFigures),
    flowScaleSection('4b. Scale: one flow following 200 runs at once', wideFigures),
    footprint,
    simulator,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const tookMs = Date.now() - began;
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const report = [
  '# Benchmarks',
  '',
  `Measured on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${type()} ${release()}, ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average ${load.toFixed(2)} when it began (the machine may be shared: figures are medians, and ratios are taken within one run).`,
  '',
  'Repeat: `npm run bench` (on a fresh clone it installs from the lock file and builds first). It prints its progress on stderr and this file on stdout.',
  `Settings, from the environment: \`BENCH_WINDOW_SECONDS\` (simulator load window, default ${DEFAULTS.windowSeconds}), \`BENCH_MAX_RPS\` (request budget passed to \`aztm flow run --max-rps\` when the CLI has it, default ${DEFAULT_MAX_RPS}), \`BENCH_STARTUP_RUNS\` (default ${DEFAULTS.startupRuns}), \`BENCH_TRIGGER_TRIALS\` (default ${DEFAULTS.triggerTrials}).`,
  '',
  summary(sections, tookMs),
  ...sections,
].join('\n');
writeFileSync(new URL('../BENCHMARKS.md', import.meta.url), report);
console.log(report);
progress(`BENCHMARKS.md written (${seconds(tookMs, 0)})`);
