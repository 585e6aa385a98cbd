/**
 * The built CLI (dist/aztm.mjs) run as a process, as users run it: when it was started and when
 * it exited on this machine's clock, what it printed, and, with `measureUsage`, its peak memory
 * and CPU time as the process itself saw them (bench/usage-probe.mjs).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../dist/aztm.mjs', import.meta.url));
const PROBE = fileURLToPath(new URL('./usage-probe.mjs', import.meta.url));
/** Longer than any measurement needs, even with the request budget slowing the scale flows. */
const LIMIT_MS = 15 * 60_000;

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Date.now just before the process was spawned. */
  readonly startedAt: number;
  /** Date.now when the process exited. */
  readonly exitedAt: number;
  /** Peak resident memory in bytes and CPU seconds (user + system); null unless measured. */
  readonly usage: {
    readonly peakRssBytes: number;
    readonly cpuSeconds: number;
    /** The most heap in use just after a full collection (0: none happened). */
    readonly liveHeapMaxBytes: number;
    readonly majorCollections: number;
  } | null;
}

/** The environment of the machine without any aztm_* or Azure Pipelines variables, plus `extra`. */
export function cliEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(aztm_|tf_build$|system_|build_|agent_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

export async function runCliProcess(
  args: readonly string[],
  env: Record<string, string>,
  options: { measureUsage?: boolean; script?: string; limitMs?: number } = {},
): Promise<CliRun> {
  const dir = options.measureUsage ? mkdtempSync(join(tmpdir(), 'aztm-bench-')) : null;
  const usageFile = dir ? join(dir, 'usage.json') : null;
  const nodeArgs = usageFile ? ['--import', PROBE] : [];
  const childEnv = usageFile ? { ...env, BENCH_USAGE_FILE: usageFile } : env;
  const startedAt = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, options.script ?? CLI, ...args], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // A CLI that hangs must not hang the benchmark: past the limit it is killed and reported.
  const guard = setTimeout(() => child.kill('SIGKILL'), options.limitMs ?? LIMIT_MS);
  let exitedAt = Number.NaN;
  child.on('exit', () => (exitedAt = Date.now()));
  // 'close' comes after 'exit', once the output streams are drained too.
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL')
        reject(new Error(`${args.join(' ')}: still running after the limit`));
      else resolve(exitCode);
    });
  });
  let usage: CliRun['usage'] = null;
  if (usageFile && dir) {
    const raw = JSON.parse(readFileSync(usageFile, 'utf8')) as {
      usage: NodeJS.ResourceUsage;
      liveHeapMaxBytes: number;
      majorCollections: number;
    };
    usage = {
      // process.resourceUsage().maxRSS is in kilobytes.
      peakRssBytes: raw.usage.maxRSS * 1024,
      cpuSeconds: (raw.usage.userCPUTime + raw.usage.systemCPUTime) / 1e6,
      liveHeapMaxBytes: raw.liveHeapMaxBytes,
      majorCollections: raw.majorCollections,
    };
    rmSync(dir, { recursive: true, force: true });
  }
  return { code, stdout, stderr, startedAt, exitedAt, usage };
}
