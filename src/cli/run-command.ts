/**
 * `aztm pipeline|build|release|watch`: the session (src/session/run-session.ts) with the
 * command line's terminal, and the exit code of its end (src/end-mapping.ts).
 */
import { exitCodeOf } from '../end-mapping.ts';
import {
  triggerSession,
  watchSession,
  type SessionEnd,
  type Terminal,
} from '../session/run-session.ts';
import type { TargetRequest } from '../target.ts';
import type { CommandContext } from './command-context.ts';

/** `aztm pipeline|build|release`: resolve, trigger, follow, exit with the result. */
export async function runTriggerCommand(
  context: CommandContext,
  buildRequest: (project: string) => TargetRequest,
): Promise<number> {
  const { values } = context;
  return exitCode(
    await triggerSession(context, terminalOf(context), {
      buildRequest,
      dryRun: values['dry-run'] === true,
      noWait: values['no-wait'] === true,
    }),
  );
}

/** `aztm watch`: attach to an existing run, build or release and follow it. */
export async function runWatchCommand(context: CommandContext): Promise<number> {
  return exitCode(await watchSession(context, terminalOf(context)));
}

function exitCode(ended: SessionEnd): number {
  return exitCodeOf(ended.end, ended.allowPartial);
}

function terminalOf(context: CommandContext): Terminal {
  const stderr = context.stderr as NodeJS.WriteStream;
  return {
    isTty: stderr.isTTY === true,
    inAzurePipelines: Boolean(context.env.TF_BUILD),
    ...(stderr.columns ? { columns: stderr.columns } : {}),
  };
}
