/**
 * Runs an aztm command in this process through `main` (src/cli/command-line.ts), the code the
 * built CLI runs (src/cli/main.ts), with its output kept: for tests where a process adds nothing.
 * Signals, the built bundle's own exit codes and terminals need a process (test/helpers/cli.ts).
 */
import { Writable } from 'node:stream';
import { main } from '../../src/cli/command-line.ts';
import { cleanEnv, type CliResult } from './cli.ts';
import { captureCliRun } from './output-capture.ts';

export interface InProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `aztm ARGS` with exactly `env` (nothing of this process's environment is read). */
export async function runInProcess(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<InProcessResult> {
  const stdout = textSink();
  const stderr = textSink();
  const code = await main(argv, env, { stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * `runCli` in this process: the same result, and the output (and files written) kept for the
 * check that no secret is ever printed (test/helpers/output-capture.ts).
 */
export async function runAztm(
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): Promise<CliResult> {
  const env = options.env ?? cleanEnv();
  const result = await runInProcess(args, env);
  captureCliRun(args, env, result.stdout, result.stderr);
  return { ...result, signal: null };
}

function textSink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return { stream, text: () => text };
}
