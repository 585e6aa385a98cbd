import type { SessionContext } from '../session/context.ts';

/**
 * What a command gets from the adapter: resolved options and the process's streams. On its own,
 * apart from the command table (cli/commands.ts), which loads the commands that read it.
 */
export interface CommandContext extends SessionContext {
  readonly positionals: readonly string[];
}

export interface CommandModule {
  /** Runs the command and resolves with the process exit code. */
  run(context: CommandContext): Promise<number>;
}
