/**
 * The command-line adapter: argv and the environment in, an exit code out, every error printed
 * through the redactor. `main` reads nothing of the process: src/cli/main.ts runs it on the
 * process's argv, environment and streams and sets the exit code; tests run it in-process.
 */
import { findCommand, type CommandDefinition } from './commands.ts';
import { EXIT } from '../end-mapping.ts';
import { reportError } from '../session/error-report.ts';
import { commandHelp, generalHelp } from './help.ts';
import { inputSecrets } from '../session/input-secrets.ts';
import { readOptions } from './options.ts';
import { UsageError } from '../errors.ts';
import { Redactor } from '../redact.ts';

declare const __AZTM_VERSION__: string;
const VERSION = typeof __AZTM_VERSION__ === 'string' ? __AZTM_VERSION__ : '0.0.0-dev';

/**
 * Where a run prints. Whether a stream is a terminal, and its width, are read from the stream
 * (`isTTY`, `columns`), as Node sets them on the process's streams.
 */
interface CommandLineIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/**
 * Runs `aztm ARGS` with the environment `env` and resolves with its exit code; never rejects.
 * SIGINT and SIGTERM are heard by the commands that follow a run (src/cli/interrupt.ts).
 */
export async function main(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CommandLineIo,
): Promise<number> {
  // Every secret of the command line and the environment, before any option is checked: a
  // usage error quoting another option's value is printed redacted too
  // (docs/design/cli-contract.md).
  const redactor = new Redactor();
  for (const secret of inputSecrets(args, env)) redactor.add(secret);
  try {
    return await run(args, env, io, redactor);
  } catch (error) {
    return reportError(error, io.stderr, redactor);
  }
}

async function run(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CommandLineIo,
  redactor: Redactor,
): Promise<number> {
  const [first, ...rest] = args;
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.succeeded;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    const command = topic ? findCommand(topic) : undefined;
    io.stdout.write(`${command ? commandHelp(command) : generalHelp(VERSION)}\n`);
    return first === undefined ? EXIT.usage : EXIT.succeeded;
  }
  const command = findCommand(first);
  if (!command) {
    throw new UsageError(first, `unknown command "${first}" (see aztm --help)`);
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${commandHelp(command)}\n`);
    return EXIT.succeeded;
  }
  const { values, positionals, beforeWords, fromFlags } = readOptions(command.options, rest, env);
  // Only `flow` takes words of its own; elsewhere a word is most often the rest of a value with
  // spaces that the shell split (`--description Nightly scan run`), which would be lost.
  if (command.name !== 'flow' && positionals.length > 0)
    throw strayWords(command, positionals, beforeWords);
  for (const secret of ['pat', 'token'].filter((name) => fromFlags.has(name))) {
    // A flag's value shows in process lists and, in a pipeline, in the logged command line.
    io.stderr.write(
      `aztm: warning: --${secret} on the command line shows in process lists and logs; set the aztm_${secret} environment variable instead\n`,
    );
  }
  const module = await command.load();
  return module.run({ values, positionals, env, ...io, redactor });
}

const TEXT_VALUES = new Set(['TEXT', 'NAME', 'LIST', 'FILE', 'JSON', 'BRANCH']);

/**
 * The words after `aztm COMMAND` that are no option and no option's value, with a hint when they
 * follow the value of an option that takes text: quote the whole value. After a secret's option,
 * no hint repeats its value.
 */
function strayWords(
  command: CommandDefinition,
  positionals: readonly string[],
  before: { readonly name: string; readonly value: string } | undefined,
): UsageError {
  const spec = command.options.find((candidate) => candidate.name === before?.name);
  // Values that may hold a space: text, names, lists, files, JSON (not ids, numbers, durations).
  const hint =
    before && spec && TEXT_VALUES.has(spec.valueName ?? '') && spec.secret !== true
      ? `; to give --${before.name} a value with spaces, quote it: --${before.name} "${[before.value, ...positionals].join(' ')}"`
      : '';
  return new UsageError(
    command.name,
    `aztm ${command.name} takes no words of its own; unexpected "${positionals.join(' ')}"${hint}`,
  );
}
