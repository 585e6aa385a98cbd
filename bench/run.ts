/**
 * `npm run bench`: measures on this machine and rewrites BENCHMARKS.md. Not part of the tests:
 * speed and memory targets live here, never in timed tests.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { measureSimulatorLoad, type LoadFigures } from './simulator-load.ts';

const windowSeconds = Number(process.env.BENCH_WINDOW_SECONDS ?? '60');

function mark(ok: boolean): string {
  return ok ? 'pass' : 'falls short';
}

function simulatorSection(load: LoadFigures): string {
  const keepsUp = load.requestsPerSecond >= load.targetRequestsPerSecond * 0.97;
  const fastAnswers = load.latencyMs.p99 < load.pollIntervalMs / 4;
  const noLag = load.pollLagMs.p95 < 250;
  return [
    '## Simulator: 200 runs followed at once',
    '',
    `${load.runs} pipeline runs are queued on \`aztm simulate\` (its own process), then each is followed like a client would,`,
    `once every ${load.pollIntervalMs / 1000} s for ${load.windowSeconds} s: get the build, then its timeline with the last \`changeId\`.`,
    '',
    '| figure | value | target | mark |',
    '|---|---|---|---|',
    `| requests served | ${load.requests} (${load.failures} failed) | every one | ${mark(load.failures === 0)} |`,
    `| throughput | ${load.requestsPerSecond.toFixed(1)} req/s | ${load.targetRequestsPerSecond.toFixed(0)} req/s offered | ${mark(keepsUp)} |`,
    `| latency p50 / p95 / p99 / max | ${load.latencyMs.p50.toFixed(1)} / ${load.latencyMs.p95.toFixed(1)} / ${load.latencyMs.p99.toFixed(1)} / ${load.latencyMs.max.toFixed(1)} ms | p99 under a quarter of the poll interval | ${mark(fastAnswers)} |`,
    `| poll start lag p95 / max | ${load.pollLagMs.p95.toFixed(1)} / ${load.pollLagMs.max.toFixed(1)} ms | p95 under 250 ms (not falling behind) | ${mark(noLag)} |`,
    `| simulator CPU time | ${load.simulatorCpuSeconds.toFixed(1)} s over the run | | |`,
    `| simulator peak memory (RSS) | ${load.simulatorPeakRssMb.toFixed(0)} MB | | |`,
    '',
  ].join('\n');
}

const load = await measureSimulatorLoad({ runs: 200, windowSeconds, pollIntervalMs: 1000 });
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const report = [
  '# Benchmarks',
  '',
  `Measured on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB.`,
  '',
  'Repeat: `npm run bench` (on a fresh clone it installs from the lock file and builds first). `BENCH_WINDOW_SECONDS` shortens or lengthens the measured window (default 60).',
  '',
  simulatorSection(load),
].join('\n');
writeFileSync(new URL('../BENCHMARKS.md', import.meta.url), report);
console.log(report);
