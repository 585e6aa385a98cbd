import { runCommandLine } from './command-line.ts';
import { wasInterrupted } from '../session/interrupt.ts';

void runCommandLine(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
}).then((code) => {
  process.exitCode = code;
  // Interrupted: what was started has been canceled or named; a read given up on, or its
  // retries, must not keep the agent's step waiting (interrupt.ts).
  if (wasInterrupted()) process.exit(code);
});
