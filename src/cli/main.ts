import { findCommand } from './commands.ts';
import { EXIT, reportError } from './exit.ts';
import { commandHelp, generalHelp } from './help.ts';
import { wasInterrupted } from './interrupt.ts';
import { readOptions } from './options.ts';
import { UsageError } from '../errors.ts';

declare const __AZTM_VERSION__: string;
const VERSION = typeof __AZTM_VERSION__ === 'string' ? __AZTM_VERSION__ : '0.0.0-dev';

/** The command-line adapter: argv and the environment in, an exit code out. */
async function main(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [first, ...rest] = args;
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.succeeded;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    const command = topic ? findCommand(topic) : undefined;
    process.stdout.write(`${command ? commandHelp(command) : generalHelp(VERSION)}\n`);
    return first === undefined ? EXIT.usage : EXIT.succeeded;
  }
  const command = findCommand(first);
  if (!command) {
    throw new UsageError(first, `unknown command "${first}" (see aztm --help)`);
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return EXIT.succeeded;
  }
  const { values, positionals, fromFlags } = readOptions(command.options, rest, env);
  for (const secret of ['pat', 'token'].filter((name) => fromFlags.has(name))) {
    // A flag's value shows in process lists and, in a pipeline, in the logged command line.
    process.stderr.write(
      `aztm: warning: --${secret} on the command line shows in process lists and logs; set the aztm_${secret} environment variable instead\n`,
    );
  }
  const module = await command.load();
  return module.run({ values, positionals, env, stdout: process.stdout, stderr: process.stderr });
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
    // Interrupted: what was started has been canceled or named; a read given up on, or its
    // retries, must not keep the agent's step waiting (interrupt.ts).
    if (wasInterrupted()) process.exit(code);
  },
  (error: unknown) => {
    process.exitCode = reportError(error, process.stderr);
  },
);
