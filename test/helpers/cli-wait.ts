/**
 * The built CLI as a running process that a test can wait on: until a pattern shows up on its
 * stdout or stderr, or until it exits. No fixed sleeps: every wait ends on output or on exit,
 * and a wait still open when the process exits fails at once with everything it printed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CLI, cleanEnv, type CliResult } from './cli.ts';
import { captureCliRun } from './output-capture.ts';

export type StreamName = 'stdout' | 'stderr';

interface Waiter {
  readonly stream: StreamName;
  readonly pattern: RegExp;
  readonly resolve: (match: RegExpMatchArray) => void;
  readonly reject: (error: Error) => void;
}

/** A run of aztm, in a process of its own or in this one (test/helpers/run-in-process.ts). */
export interface RunningCommand {
  stdout(): string;
  stderr(): string;
  /** Resolves when the run has ended, with its code and all its output. */
  readonly exited: Promise<CliResult>;
  /** Resolves with the first match of `pattern` in everything printed on `stream` so far. */
  waitFor(stream: StreamName, pattern: RegExp): Promise<RegExpMatchArray>;
}

export interface RunningCli extends RunningCommand {
  readonly child: ChildProcessWithoutNullStreams;
}

/** The output of a run as it comes, and the waits on it; `end` once the run has ended. */
export function watchOutput(): Omit<RunningCommand, 'exited'> & {
  add(stream: StreamName, chunk: string): void;
  end(result: CliResult): void;
} {
  const text: Record<StreamName, string> = { stdout: '', stderr: '' };
  let waiters: Waiter[] = [];
  let result: CliResult | null = null;

  const settle = (): void => {
    waiters = waiters.filter((waiter) => {
      const match = text[waiter.stream].match(waiter.pattern);
      if (match) {
        waiter.resolve(match);
        return false;
      }
      if (result) {
        waiter.reject(
          new Error(
            `the CLI exited (code ${String(result.code)}, signal ${String(result.signal)}) before its ${waiter.stream} matched ${String(waiter.pattern)}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
          ),
        );
        return false;
      }
      return true;
    });
  };
  return {
    add(stream, chunk) {
      text[stream] += chunk;
      settle();
    },
    end(ended) {
      result = ended;
      settle();
    },
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    waitFor: (stream, pattern) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        waiters.push({ stream, pattern, resolve, reject });
        settle();
      }),
  };
}

/** Starts the built CLI and returns at once; see `RunningCli.waitFor`. */
export function spawnCli(
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): RunningCli {
  const env = options.env ?? cleanEnv();
  return spawnProcess([CLI, ...args], { env, captured: { args, env } });
}

/**
 * Starts `node ...nodeArgs` (the built CLI, a packaged task, the template's bundle) and returns
 * at once. Its output is kept for the global secret check with `captured`: the arguments and
 * environment the secrets it was given are read from (test/helpers/output-capture.ts).
 */
export function spawnProcess(
  nodeArgs: readonly string[],
  options: {
    env: Record<string, string>;
    captured: { args: readonly string[]; env: Record<string, string> };
    cwd?: string;
  },
): RunningCli {
  const { env, captured } = options;
  const child = spawn(process.execPath, [...nodeArgs], {
    env,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  const output = watchOutput();
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].on('data', (chunk: Buffer) => output.add(stream, chunk.toString()));
  }
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const result = { code, signal, stdout: output.stdout(), stderr: output.stderr() };
      captureCliRun(captured.args, captured.env, result.stdout, result.stderr);
      output.end(result);
      resolve(result);
    });
  });
  child.stdin.end();
  const { stdout, stderr, waitFor } = output;
  return { child, stdout, stderr, exited, waitFor };
}
