import type { CommandContext } from '../command-context.ts';
import { runWatchCommand } from '../run-command.ts';

/** `aztm watch`: attach to an existing run, build or release and follow it. */
export function run(context: CommandContext): Promise<number> {
  return runWatchCommand(context);
}
