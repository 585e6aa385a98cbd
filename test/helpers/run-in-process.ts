/**
 * Runs an aztm command in this process, as src/cli/main.ts does (options from argv and `env`,
 * errors to exit codes), with its output kept: for tests where a process adds nothing.
 */
import { Writable } from 'node:stream';
import { findCommand } from '../../src/cli/commands.ts';
import { reportError } from '../../src/cli/exit.ts';
import { readOptions } from '../../src/cli/options.ts';

export interface InProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runInProcess(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<InProcessResult> {
  const stdout = textSink();
  const stderr = textSink();
  const [name = '', ...rest] = argv;
  let code: number;
  try {
    const command = findCommand(name);
    if (!command) throw new Error(`no command "${name}"`);
    const { values, positionals } = readOptions(command.options, rest, env);
    const module = await command.load();
    code = await module.run({
      values,
      positionals,
      env,
      stdout: stdout.stream,
      stderr: stderr.stream,
    });
  } catch (error) {
    code = reportError(error, stderr.stream);
  }
  return { code, stdout: stdout.text(), stderr: stderr.text() };
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
