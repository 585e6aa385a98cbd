/**
 * One trigger or watch in a process, for both adapters: read the connection and the follow
 * settings, register the secrets, choose the reporter, turn SIGINT/SIGTERM into an abort, run the
 * core (src/run.ts), and say in the log how it ended. What the end means (an exit code, a task
 * result) is the adapter's, through src/end-mapping.ts.
 */
import { createAzureDevOpsClient, type AzureDevOpsClient } from '../azdo/client.ts';
import type { End } from '../end.ts';
import type { FollowEvent } from '../follow/events.ts';
import { required, watchTarget } from '../inputs/requests.ts';
import { redactingStream } from '../redact.ts';
import { createReporter, type Reporter } from '../report/index.ts';
import { handleNoun } from '../report/words.ts';
import { runTarget, watchRun } from '../run.ts';
import type { TargetRequest } from '../target.ts';
import { dryRunDescription } from '../trigger.ts';
import { readConnection, readRequestBudget } from './connection.ts';
import type { SessionContext } from './context.ts';
import { reportLostAccess, reportRefusal } from './error-report.ts';
import { readFollowSettings, type FollowSettings } from './follow-settings.ts';
import { shutdownOnSignals, type Shutdown } from './interrupt.ts';

/** Where the session writes: a terminal or not, inside Azure Pipelines or not. */
export interface Terminal {
  readonly isTty: boolean;
  readonly inAzurePipelines: boolean;
  /** The terminal's width, for the live view. */
  readonly columns?: number;
}

interface TriggerOptions {
  /** The request of the project the connection names (`--project`). */
  readonly buildRequest: (project: string) => TargetRequest;
  readonly dryRun: boolean;
  readonly noWait: boolean;
}

/** How a session's trigger or watch ended. */
export interface SessionEnd {
  readonly end: End;
  readonly allowPartial: boolean;
  /**
   * SIGINT or SIGTERM arrived (the agent canceling the step, docs/design/azure-devops.md §10.2).
   */
  readonly interrupted: boolean;
}

interface Prepared {
  readonly client: AzureDevOpsClient;
  readonly settings: FollowSettings;
  readonly reporter: Reporter;
  readonly project: string;
  /** stderr and stdout through the redactor, for the messages the reporter does not write. */
  readonly stderr: NodeJS.WritableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly shutdown: Shutdown;
  readonly dispose: () => void;
}

/**
 * Everything a trigger and a watch share: read and check every input before anything is sent,
 * register the secrets, choose the reporter, and turn SIGINT/SIGTERM into an abort.
 */
function prepare(
  context: SessionContext,
  terminal: Terminal,
  secrets: readonly string[],
): Prepared {
  const { values, env } = context;
  const settings = readFollowSettings(values, terminal);
  const organizationUrl = required(values, 'organization', 'the organization');
  const project = required(values, 'project', 'the project');
  // The adapter has registered the secrets of its inputs and the environment, tokens first:
  // inside Azure Pipelines they are masked in this order (report/agent.ts).
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
    ...(terminal.columns ? { columns: terminal.columns } : {}),
  });
  const stderr = redactingStream(context.stderr, redactor);
  const shutdown = shutdownOnSignals(settings.cancelTimeoutMs, stderr);
  return {
    client,
    settings,
    reporter,
    project,
    stderr,
    stdout: redactingStream(context.stdout, redactor),
    shutdown,
    dispose: () => {
      shutdown.dispose();
      reporter.close();
    },
  };
}

/** `pipeline|build|release`: resolve, trigger, follow. */
export async function triggerSession(
  context: SessionContext,
  terminal: Terminal,
  options: TriggerOptions,
): Promise<SessionEnd> {
  const project = required(context.values, 'project', 'the project');
  const request = options.buildRequest(project);
  const secrets = Object.values(request.variables)
    .filter((variable) => variable.isSecret)
    .map((variable) => variable.value);
  const prepared = prepare(context, terminal, secrets);
  const { settings, shutdown } = prepared;
  let settle = (): void => undefined;
  try {
    const end = await runTarget(prepared.client, request, {
      dryRun: options.dryRun,
      noWait: options.noWait,
      follow: { ...settings.follow, signal: shutdown.interrupted, stopSignal: shutdown.deadline },
      onEvent: (event: FollowEvent) => {
        if (event.type === 'triggered') {
          const { handle } = event;
          settle = shutdown.started({ what: handleNoun(handle), url: handle.url });
        }
        prepared.reporter.onEvent(event);
      },
    });
    // Ended or canceled: no longer named as what may still be running.
    if (end.kind === 'dryRun' || end.kind === 'triggered' || end.kind === 'followed') settle();
    writeEnd(end, prepared);
    return ended(end, prepared);
  } finally {
    prepared.dispose();
  }
}

/** `watch`: attach to an existing run, build or release and follow it. */
export async function watchSession(
  context: SessionContext,
  terminal: Terminal,
): Promise<SessionEnd> {
  const wanted = watchTarget(context.values);
  const prepared = prepare(context, terminal, []);
  const { shutdown } = prepared;
  try {
    const end = await watchRun(
      prepared.client,
      { ...wanted, project: prepared.project },
      {
        follow: {
          ...prepared.settings.follow,
          signal: shutdown.interrupted,
          stopSignal: shutdown.deadline,
        },
        onEvent: (event) => prepared.reporter.onEvent(event),
      },
    );
    writeEnd(end, prepared);
    return ended(end, prepared);
  } finally {
    prepared.dispose();
  }
}

function ended(end: End, prepared: Prepared): SessionEnd {
  return {
    end,
    allowPartial: prepared.settings.allowPartial,
    interrupted: prepared.shutdown.interrupted.aborted,
  };
}

/** What the reporter does not say of an end: stdout's answer, or why it ended on stderr. */
function writeEnd(end: End, prepared: Prepared): void {
  const { stdout, stderr, settings } = prepared;
  switch (end.kind) {
    case 'dryRun':
      stdout.write(`${dryRunDescription(end.target)}\nDry run: nothing was triggered.\n`);
      return;
    case 'triggered': {
      const { handle } = end;
      stdout.write(
        settings.json
          ? `${JSON.stringify({ kind: handle.kind, id: handle.id, url: handle.url })}\n`
          : `${handle.id} ${handle.url}\n`,
      );
      return;
    }
    case 'followed':
      return;
    case 'interrupted':
      stderr.write(`aztm: ${end.error.message}\n`);
      if (end.triggered === 'no') stderr.write('aztm: nothing was triggered\n');
      return;
    case 'partlyTriggered':
      // The release exists but a chosen stage could not be started: say where it is.
      stderr.write(
        `aztm: ${end.error.message}\naztm: the release was created: ${end.handle.url}\n`,
      );
      return;
    case 'lostAccess':
      reportLostAccess(end.error, stderr);
      return;
    case 'refused':
      reportRefusal(end.error, stderr);
      return;
    case 'lostAfterTrigger':
      stderr.write(
        `aztm: lost access after triggering: ${end.error.message}\naztm: the run goes on without aztm\n`,
      );
      return;
  }
}
