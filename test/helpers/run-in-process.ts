/**
 * Runs an aztm command in this process, as src/cli/main.ts does (src/cli/command-line.ts), with
 * its output kept: for tests where a process adds nothing.
 */
import { Writable } from 'node:stream';
import { runCommandLine } from '../../src/cli/command-line.ts';

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
  const code = await runCommandLine(argv, env, { stdout: stdout.stream, stderr: stderr.stream });
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
