import { createAzureDevOpsClient, type AzureDevOpsClient } from '../azdo/client.ts';
import { isAzureDevOpsError } from '../azdo/errors.ts';
import { UsageError } from '../errors.ts';
import type { FollowEvent } from '../follow/events.ts';
import type { Outcome } from '../outcome.ts';
import { follow } from '../follow/follow.ts';
import { LostAccessError } from '../follow/lost-access.ts';
import { readId } from '../inputs/values.ts';
import { redactingStream } from '../redact.ts';
import { createReporter, type Reporter } from '../report/index.ts';
import { handleNoun } from '../report/words.ts';
import { resolveHandle } from '../resolve/index.ts';
import { InterruptedError, runTarget } from '../run.ts';
import type { TargetRequest } from '../target.ts';
import { dryRunDescription, TriggerError } from '../trigger.ts';
import type { CommandContext } from './commands.ts';
import { EXIT, exitCodeFor, reportLostAccess, reportRefusal } from './exit.ts';
import { shutdownOnSignals, type Shutdown } from './interrupt.ts';
import { readFollowSettings, type FollowSettings } from './follow-settings.ts';
import { readConnection, readRequestBudget } from './connection.ts';
import { required, text } from '../inputs/requests.ts';

interface Prepared {
  readonly client: AzureDevOpsClient;
  readonly settings: FollowSettings;
  readonly reporter: Reporter;
  readonly project: string;
  /** stderr and stdout through the redactor, for the messages the reporter does not write. */
  readonly stderr: NodeJS.WritableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly signal: AbortSignal;
  readonly shutdown: Shutdown;
  readonly dispose: () => void;
}

/**
 * Everything the trigger and watch commands share: read and check every input before anything
 * is sent, register the secrets, choose the reporter, and turn SIGINT/SIGTERM into an abort.
 */
function prepare(context: CommandContext, secrets: readonly string[]): Prepared {
  const { values, env } = context;
  const stderrTty = context.stderr as NodeJS.WriteStream;
  const settings = readFollowSettings(values, {
    isTty: stderrTty.isTTY === true,
    inAzurePipelines: Boolean(env.TF_BUILD),
  });
  const organizationUrl = required(values, 'organization', 'the organization');
  const project = required(values, 'project', 'the project');
  // The adapter has registered the secrets of the command line and the environment, tokens
  // first: inside Azure Pipelines they are masked in this order (report/agent.ts).
  const { redactor } = context;
  const { credential, fetch, onExchange } = readConnection(context, redactor);
  for (const secret of secrets) if (secret) redactor.add(secret);
  const client = createAzureDevOpsClient({
    organizationUrl,
    credential,
    budget: readRequestBudget(context),
    ...(fetch ? { fetch } : {}),
    ...(onExchange ? { onExchange } : {}),
  });
  const color =
    env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0'
      ? true
      : settings.progress === 'tty' && !env.NO_COLOR;
  const reporter = createReporter({
    mode: settings.progress,
    json: settings.json,
    stdout: context.stdout,
    stderr: context.stderr,
    redactor,
    color,
    allowPartial: settings.allowPartial,
    ...(stderrTty.columns ? { columns: stderrTty.columns } : {}),
  });
  const interrupt = shutdownOnSignals(
    settings.cancelTimeoutMs,
    redactingStream(context.stderr, redactor),
  );
  return {
    client,
    settings,
    reporter,
    project,
    stderr: redactingStream(context.stderr, redactor),
    stdout: redactingStream(context.stdout, redactor),
    signal: interrupt.interrupted,
    shutdown: interrupt,
    dispose: () => {
      interrupt.dispose();
      reporter.close();
    },
  };
}

/**
 * What a trigger or watch command ended with, for adapters that say more than an exit code (the
 * Azure Pipelines task: src/task/).
 */
export interface CommandResult {
  readonly exitCode: number;
  /** How the followed run ended; null when nothing was followed (dry run, no wait, refusal). */
  readonly outcome: Outcome | null;
  /**
   * SIGINT or SIGTERM arrived (the agent canceling the step, docs/design/azure-devops.md §10.2).
   */
  readonly interrupted: boolean;
}

/** `aztm pipeline|build|release`: resolve, trigger, follow, exit with the result. */
export async function runTriggerCommand(
  context: CommandContext,
  buildRequest: (project: string) => TargetRequest,
): Promise<number> {
  return (await triggerAndFollow(context, buildRequest)).exitCode;
}

/** The trigger commands' work, with the outcome beside the exit code. */
export async function triggerAndFollow(
  context: CommandContext,
  buildRequest: (project: string) => TargetRequest,
): Promise<CommandResult> {
  const project = required(context.values, 'project', 'the project');
  const request = buildRequest(project);
  const secrets = Object.values(request.variables)
    .filter((variable) => variable.isSecret)
    .map((variable) => variable.value);
  const prepared = prepare(context, secrets);
  const { settings, stdout, stderr } = prepared;
  let triggered = false;
  let settle = (): void => undefined;
  const ended = (exitCode: number, outcome: Outcome | null = null): CommandResult => ({
    exitCode,
    outcome,
    interrupted: prepared.signal.aborted,
  });
  try {
    const result = await runTarget(prepared.client, request, {
      dryRun: context.values['dry-run'] === true,
      noWait: context.values['no-wait'] === true,
      follow: {
        ...settings.follow,
        signal: prepared.signal,
        stopSignal: prepared.shutdown.deadline,
      },
      onEvent: (event: FollowEvent) => {
        if (event.type === 'triggered') {
          triggered = true;
          const { handle } = event;
          settle = prepared.shutdown.started({ what: handleNoun(handle), url: handle.url });
        }
        prepared.reporter.onEvent(event);
      },
    });
    settle();
    if (result.kind === 'dryRun') {
      stdout.write(`${dryRunDescription(result.target)}\nDry run: nothing was triggered.\n`);
      return ended(EXIT.succeeded);
    }
    if (result.kind === 'triggered') {
      const { handle } = result;
      stdout.write(
        settings.json
          ? `${JSON.stringify({ kind: handle.kind, id: handle.id, url: handle.url })}\n`
          : `${handle.id} ${handle.url}\n`,
      );
      return ended(EXIT.succeeded);
    }
    return ended(exitCodeFor(result.outcome, settings.allowPartial), result.outcome);
  } catch (error) {
    if (error instanceof InterruptedError) {
      stderr.write(`aztm: ${error.message}\n`);
      if (error.phase === 'before') stderr.write('aztm: nothing was triggered\n');
      return ended(EXIT.canceled);
    }
    if (error instanceof TriggerError) {
      // The release exists but a chosen stage could not be started: say where it is.
      stderr.write(`aztm: ${error.message}\naztm: the release was created: ${error.handle.url}\n`);
      return ended(EXIT.failed);
    }
    // Before the generic case: a LostAccessError is an AzureDevOpsError too.
    if (error instanceof LostAccessError) return ended(reportLostAccess(error, stderr));
    if (isAzureDevOpsError(error)) {
      if (!triggered) return ended(reportRefusal(error, stderr));
      // Not from follow() (which only throws LostAccessError): the step between trigger and follow.
      stderr.write(
        `aztm: lost access after triggering: ${error.message}\naztm: the run goes on without aztm\n`,
      );
      return ended(EXIT.failed);
    }
    throw error;
  } finally {
    prepared.dispose();
  }
}

/** `aztm watch`: attach to an existing run, build or release and follow it. */
export async function runWatchCommand(context: CommandContext): Promise<number> {
  return (await attachAndFollow(context)).exitCode;
}

/** The watch command's work, with the outcome beside the exit code. */
export async function attachAndFollow(context: CommandContext): Promise<CommandResult> {
  const { values } = context;
  const runId = text(values, 'run-id');
  const releaseId = text(values, 'release');
  if ((runId === undefined) === (releaseId === undefined)) {
    throw new UsageError(
      '--run-id',
      'give exactly one of --run-id (a pipeline run or build id) and --release (a release id)',
    );
  }
  const wanted =
    runId !== undefined
      ? ({ kind: 'run', id: readId(runId, '--run-id') } as const)
      : ({ kind: 'release', id: readId(releaseId, '--release') } as const);
  const prepared = prepare(context, []);
  const ended = (exitCode: number, outcome: Outcome | null = null): CommandResult => ({
    exitCode,
    outcome,
    interrupted: prepared.signal.aborted,
  });
  try {
    const handle = await resolveHandle(prepared.client, { ...wanted, project: prepared.project });
    const startedAt = new Date().toISOString();
    prepared.reporter.onEvent({ type: 'attached', handle, at: startedAt });
    const outcome = await follow(prepared.client, handle, {
      ...prepared.settings.follow,
      signal: prepared.signal,
      stopSignal: prepared.shutdown.deadline,
      onEvent: (event) => prepared.reporter.onEvent(event),
      startedAt,
    });
    return ended(exitCodeFor(outcome, prepared.settings.allowPartial), outcome);
  } catch (error) {
    // Attached, then lost: the same exit 1 as after a trigger; before attaching, a refusal (5).
    if (error instanceof LostAccessError) return ended(reportLostAccess(error, prepared.stderr));
    if (isAzureDevOpsError(error)) return ended(reportRefusal(error, prepared.stderr));
    throw error;
  } finally {
    prepared.dispose();
  }
}
