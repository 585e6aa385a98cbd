/**
 * Can the simulator serve 200 runs followed at once, each polled once a second, without falling
 * behind? The simulator runs as its own process (`aztm simulate`), as users run it; this process
 * queues the runs and then follows each like a client would: get the build, then its timeline
 * with the last changeId, once a second, for the measured window.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { mark } from './markdown.ts';

export interface LoadFigures {
  readonly runs: number;
  readonly pollIntervalMs: number;
  readonly windowSeconds: number;
  readonly requests: number;
  readonly failures: number;
  readonly requestsPerSecond: number;
  readonly targetRequestsPerSecond: number;
  readonly latencyMs: {
    readonly p50: number;
    readonly p95: number;
    readonly p99: number;
    readonly max: number;
  };
  /** How late a poll started against its schedule: a simulator that falls behind makes this grow. */
  readonly pollLagMs: { readonly p95: number; readonly max: number };
  readonly simulatorCpuSeconds: number;
  readonly simulatorPeakRssMb: number;
  /** The machine's 1-minute load average at the end of the window: others' work shows here. */
  readonly loadAverage: number;
}

const CLI = fileURLToPath(new URL('../dist/aztm.mjs', import.meta.url));
const SCENARIO = fileURLToPath(new URL('./scenarios/load.yaml', import.meta.url));

export async function measureSimulatorLoad(options: {
  runs: number;
  windowSeconds: number;
  pollIntervalMs: number;
}): Promise<LoadFigures> {
  const child = spawn(process.execPath, [CLI, 'simulate', '--json', '--scenario', SCENARIO], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise<{ organizationUrl: string; adminUrl: string; token: string }>(
    (resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n'))
          resolve(JSON.parse(out) as { organizationUrl: string; adminUrl: string; token: string });
      });
      child.on('exit', (code) => reject(new Error(`the simulator exited early (${code})`)));
    },
  );
  const headers = {
    authorization: `Basic ${Buffer.from(`:${info.token}`).toString('base64')}`,
    'content-type': 'application/json',
    'X-TFS-FedAuthRedirect': 'Suppress',
  };
  const api = `${info.organizationUrl}/Load/_apis`;
  try {
    const ids: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const answer = await fetch(`${api}/pipelines/1/runs?api-version=7.1`, {
        method: 'POST',
        headers,
        body: '{}',
      });
      if (answer.status !== 200) throw new Error(`queueing run ${i} failed: ${answer.status}`);
      ids.push(((await answer.json()) as { id: number }).id);
    }
    const latencies: number[] = [];
    const lags: number[] = [];
    let failures = 0;
    const started = performance.now();
    const end = started + options.windowSeconds * 1000;
    const follow = async (id: number, offset: number): Promise<void> => {
      let changeId = 0;
      let next = started + offset;
      while (next < end) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        lags.push(Math.max(0, performance.now() - next));
        for (const url of [
          `${api}/build/builds/${id}?api-version=7.1`,
          `${api}/build/builds/${id}/timeline?changeId=${changeId}&api-version=7.1`,
        ]) {
          const t0 = performance.now();
          try {
            const answer = await fetch(url, { headers });
            const body = (await answer.json()) as { changeId?: number };
            if (answer.status !== 200) failures++;
            if (typeof body.changeId === 'number') changeId = body.changeId;
          } catch {
            failures++;
          }
          latencies.push(performance.now() - t0);
        }
        next += options.pollIntervalMs;
      }
    };
    // Spread the followers over the interval, as independent clients would be.
    await Promise.all(ids.map((id, i) => follow(id, (i * options.pollIntervalMs) / ids.length)));
    const elapsed = (performance.now() - started) / 1000;
    const usage = await fetch(`${info.adminUrl}/health`).then(
      (r) => r.json() as Promise<{ process?: { cpuSeconds: number; peakRssMb: number } }>,
    );
    latencies.sort((a, b) => a - b);
    lags.sort((a, b) => a - b);
    return {
      runs: options.runs,
      pollIntervalMs: options.pollIntervalMs,
      windowSeconds: options.windowSeconds,
      requests: latencies.length,
      failures,
      requestsPerSecond: latencies.length / elapsed,
      targetRequestsPerSecond: (options.runs * 2 * 1000) / options.pollIntervalMs,
      latencyMs: {
        p50: pct(latencies, 0.5),
        p95: pct(latencies, 0.95),
        p99: pct(latencies, 0.99),
        max: latencies.at(-1) ?? 0,
      },
      pollLagMs: { p95: pct(lags, 0.95), max: lags.at(-1) ?? 0 },
      simulatorCpuSeconds: usage.process?.cpuSeconds ?? Number.NaN,
      simulatorPeakRssMb: usage.process?.peakRssMb ?? Number.NaN,
      loadAverage: loadavg()[0] ?? 0,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

function pct(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

export function simulatorLoadSection(load: LoadFigures): string {
  const keepsUp = load.requestsPerSecond >= load.targetRequestsPerSecond * 0.97;
  const fastAnswers = load.latencyMs.p99 < load.pollIntervalMs / 4;
  const noLag = load.pollLagMs.p95 < 250;
  return [
    '## 6. Simulator: 200 runs followed at once',
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
    `| machine load average (1 min) at the end | ${load.loadAverage.toFixed(2)} on ${cpus().length} cores | | |`,
    '',
    ...(keepsUp && fastAnswers && noLag
      ? []
      : [
          `**Falls short**${fastAnswers ? '' : `: latency p99 ${load.latencyMs.p99.toFixed(1)} ms against ${(load.pollIntervalMs / 4).toFixed(0)} ms`}${keepsUp ? '' : `; throughput ${load.requestsPerSecond.toFixed(1)} of ${load.targetRequestsPerSecond.toFixed(0)} req/s`}${noLag ? '' : `; poll start lag p95 ${load.pollLagMs.p95.toFixed(1)} ms against 250 ms`}. The simulator and this load share ${cpus().length} cores with whatever else runs on the machine (load average ${load.loadAverage.toFixed(2)}): a load average above the number of cores means they waited for a core, and the tail latencies measure that wait as much as the simulator.`,
          '',
        ]),
  ].join('\n');
}
