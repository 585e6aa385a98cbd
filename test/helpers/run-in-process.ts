/**
 * Runs an aztm command in this process through `main` (src/cli/command-line.ts), the code the
 * built CLI runs (src/cli/main.ts), with its output kept: for tests where a process adds nothing.
 * Signals, the built bundle's own exit codes and terminals need a process (test/helpers/cli.ts).
 */
import { Writable } from 'node:stream';
import { main } from '../../src/cli/command-line.ts';
import { cleanEnv, type CliResult } from './cli.ts';
import { watchOutput, type RunningCommand, type StreamName } from './cli-wait.ts';
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
  const { code, stdout, stderr } = await startInProcess(argv, env).exited;
  return { code, stdout, stderr };
}

/**
 * `spawnCli` in this process: returns at once, and the test waits on the output as it comes
 * (`waitFor`) or on the end (`exited`), the output then kept for the secret check.
 */
export function startAztm(
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): RunningCommand {
  const env = options.env ?? cleanEnv();
  const run = startInProcess(args, env);
  const exited = run.exited.then((result) => {
    captureCliRun(args, env, result.stdout, result.stderr);
    return result;
  });
  return { ...run, exited };
}

function startInProcess(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
): RunningCommand & { readonly exited: Promise<CliResult & InProcessResult> } {
  const output = watchOutput();
  const exited = main(argv, env, {
    stdout: sink(output, 'stdout'),
    stderr: sink(output, 'stderr'),
  }).then((code) => ({ code, signal: null, stdout: output.stdout(), stderr: output.stderr() }));
  void exited.then((result) => output.end(result));
  const { stdout, stderr, waitFor } = output;
  return { stdout, stderr, waitFor, exited };
}

/**
 * `runCli` in this process: the same result, and the output (and files written) kept for the
 * check that no secret is ever printed (test/helpers/output-capture.ts).
 */
export function runAztm(
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): Promise<CliResult> {
  return startAztm(args, options).exited;
}

function sink(output: ReturnType<typeof watchOutput>, stream: StreamName): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      output.add(stream, chunk.toString());
      callback();
    },
  });
}
