import type { CommandContext } from '../command-context.ts';
import { buildRequest } from '../../inputs/requests.ts';
import { runTriggerCommand } from '../run-command.ts';

/** `aztm build`: see the command's help and docs/design/cli-contract.md. */
export function run(context: CommandContext): Promise<number> {
  return runTriggerCommand(context, (project) => buildRequest(context.values, project));
}
