/**
 * The process entry of the `aztm` command: the process's argv, environment and streams in, its
 * exit code out. Everything else is `main` (src/cli/command-line.ts), which tests run in-process.
 */
import { main } from './command-line.ts';
import { wasInterrupted } from '../session/interrupt.ts';

void main(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
}).then((code) => {
  process.exitCode = code;
  // Interrupted: what was started has been canceled or named; a read given up on, or its
  // retries, must not keep the agent's step waiting (interrupt.ts).
  if (wasInterrupted()) process.exit(code);
});
