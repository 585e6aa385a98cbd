import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { captureCliRun } from './output-capture.ts';

export const CLI = fileURLToPath(new URL('../../dist/aztm.mjs', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** An environment without any aztm_* or Azure Pipelines variables of the machine running tests. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(aztm_|tf_build$|system_|build_|agent_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/**
 * Runs the built CLI to completion, as a process: for what needs one (signals, the bundle's own
 * exit, Node's start-up settings such as NODE_EXTRA_CA_CERTS); otherwise `runAztm`
 * (test/helpers/run-in-process.ts) runs the same code in-process. With `killAfterMs`, a run still going then is killed
 * (SIGKILL): its result has `signal` set, so a test can tell a hang from an answer.
 */
export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; killAfterMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = options.env ?? cleanEnv();
    const child = spawn(process.execPath, [CLI, ...args], { env });
    let stdout = '';
    let stderr = '';
    const killer =
      options.killAfterMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      captureCliRun(args, env, stdout, stderr);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Starts the built CLI and keeps it running; resolves once stdout matches `ready`. */
export function startCli(
  args: readonly string[],
  ready: RegExp,
  options: { env?: Record<string, string> } = {},
): Promise<{
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<CliResult>;
}> {
  const env = options.env ?? cleanEnv();
  const child = spawn(process.execPath, [CLI, ...args], { env });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      captureCliRun(args, env, stdout, stderr);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (ready.test(stdout))
        resolve({ child, stdout: () => stdout, stderr: () => stderr, exited });
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    void exited.then((result) =>
      reject(new Error(`the CLI exited before it was ready: ${JSON.stringify(result)}`)),
    );
  });
}
