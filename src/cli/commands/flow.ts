import { writeFile } from 'node:fs/promises';
import { shutdownOnSignals } from '../interrupt.ts';
import { isAzureDevOpsError } from '../../azdo/errors.ts';
import { UsageError } from '../../errors.ts';
import { exportAzurePipelines } from '../../flow/export-azure-pipelines.ts';
import { exportMermaid } from '../../flow/export-mermaid.ts';
import { waves } from '../../flow/graph.ts';
import type { Flow, FlowStep } from '../../flow/model.ts';
import { loadFlowFile } from '../../flow/parse.ts';
import { refuseCollidingPaths } from '../../flow/output-path.ts';
import { planFlow, planText, StepPlanError } from '../../flow/plan.ts';
import { resumeFlow } from '../../flow/resume.ts';
import { runFlow as runFlowSteps } from '../../flow/run-flow.ts';
import { leavesCreateUnknown } from '../../flow/run-step.ts';
import { lockStateFile } from '../../flow/state-lock.ts';
import type { CreateIntent } from '../../recover/create-intent.ts';
import { redactingStream } from '../../redact.ts';
import type { CommandContext } from '../commands.ts';
import { connectSteps, type StepConnection } from '../flow-connection.ts';
import { organizationVariables } from '../organization-tokens.ts';
import { EXIT, reportRefusal } from '../exit.ts';
import { readFollowSettings } from '../follow-settings.ts';
import { flowReporterFor, terminalOf } from '../flow-presentation.ts';
import { text } from '../requests.ts';

declare const __AZTM_VERSION__: string;
const VERSION = typeof __AZTM_VERSION__ === 'string' ? __AZTM_VERSION__ : '0.0.0-dev';

/** The flow subcommands; only run triggers anything. */
const SUBCOMMANDS = {
  validate: validate,
  plan: plan,
  export: exportFlow,
  run: runFlow,
} as const satisfies Record<string, (context: CommandContext, file: string) => Promise<number>>;

const EXPORT_FORMATS = ['azure-pipelines', 'mermaid'] as const;

/**
 * `aztm flow validate|plan|export|run FILE`. A bad file is a FlowError (`file:line:column:
 * reason`), reported by src/cli/exit.ts with exit 2, before anything is triggered.
 */
export async function run(context: CommandContext): Promise<number> {
  const [subcommand, file, ...extra] = context.positionals;
  if (subcommand === undefined || !Object.hasOwn(SUBCOMMANDS, subcommand)) {
    const which =
      subcommand === undefined
        ? 'aztm flow needs a subcommand'
        : `unknown flow subcommand "${subcommand}"`;
    const available = Object.keys(SUBCOMMANDS)
      .map(
        (name) =>
          `aztm flow ${name} FILE${name === 'export' ? ' --to azure-pipelines|mermaid' : ''}`,
      )
      .join(', ');
    throw new UsageError('flow', `${which}; available: ${available}`);
  }
  if (file === undefined) {
    throw new UsageError(
      'FILE',
      `aztm flow ${subcommand} needs a flow file: aztm flow ${subcommand} FILE`,
    );
  }
  if (extra.length > 0) {
    throw new UsageError(
      'FILE',
      `aztm flow ${subcommand} takes one file; unexpected "${extra.join(' ')}"`,
    );
  }
  return SUBCOMMANDS[subcommand as keyof typeof SUBCOMMANDS](context, file);
}

/** `validate`: a one-line summary. */
async function validate(context: CommandContext, file: string): Promise<number> {
  const flow = await loadFlowFile(file);
  context.stdout.write(
    `${file}: valid, ${count(flow.steps.length, 'step')} in ${count(waves(flow).length, 'wave')}\n`,
  );
  return EXIT.succeeded;
}

/**
 * `plan`: resolve every step against its organization (reads only, src/cli/flow-connection.ts)
 * and print the waves.
 */
async function plan(context: CommandContext, file: string): Promise<number> {
  const flow = await loadFlowFile(file);
  const connection = connectSteps(context);
  const planned = await planOrReport(flow, connection, context.stderr);
  if (typeof planned === 'number') return planned;
  context.stdout.write(planText(planned));
  return EXIT.succeeded;
}

/**
 * Resolves every step (reads only), or reports why one does not resolve and returns the exit
 * code: a refusal (5) or a usage error naming the step (2).
 */
async function planOrReport(
  flow: Flow,
  connection: StepConnection,
  stderr: NodeJS.WritableStream,
): Promise<Awaited<ReturnType<typeof planFlow>> | number> {
  try {
    return await planFlow(flow, connection.clientFor);
  } catch (error) {
    if (!(error instanceof StepPlanError)) throw error;
    const { cause } = error;
    if (isAzureDevOpsError(cause)) {
      const redacted = redactingStream(stderr, connection.redactor);
      redacted.write(`aztm: step "${error.stepId}" could not be resolved:\n`);
      const code = reportRefusal(cause, redacted);
      const step = flow.steps.find((candidate) => candidate.id === error.stepId);
      const organization = step && connection.organizationOf(step);
      if (cause.kind === 'signIn' && organization !== undefined) {
        redacted.write(
          `aztm: organization "${organization}" can have a token of its own: ${organizationVariables(organization)}\n`,
        );
      }
      return code;
    }
    if (cause instanceof UsageError) throw new UsageError(cause.input, error.message, { cause });
    throw cause;
  }
}

/**
 * `run`: every step resolved first (a bad name or a refused token stops the flow before anything
 * is triggered), then the scheduler runs them (src/flow/scheduler.ts). SIGINT/SIGTERM abort every
 * running step (each cancels what it started, per --on-interrupt): exit 3.
 */
async function runFlow(context: CommandContext, file: string): Promise<number> {
  const flow = await loadFlowFile(file);
  const stateFile = text(context.values, 'state');
  // Before anything is opened or sent: no output may be the flow file or another output.
  refuseCollidingPaths([
    { option: 'FILE', path: file, role: 'input' },
    ...(['state', 'summary', 'trace'] as const).flatMap((name) => {
      const path = text(context.values, name);
      return path === undefined ? [] : [{ option: `--${name}`, path, role: 'output' as const }];
    }),
  ]);
  // One run per state file, held until this one ends: a second would trigger every step again.
  const lock = stateFile === undefined ? null : lockStateFile(stateFile);
  try {
    return await runLocked(context, file, flow, stateFile);
  } finally {
    lock?.release();
  }
}

async function runLocked(
  context: CommandContext,
  file: string,
  flow: Flow,
  stateFile: string | undefined,
): Promise<number> {
  const settings = readFollowSettings(context.values, terminalOf(context));
  const connection = connectSteps(context);
  for (const step of flow.steps) {
    for (const variable of Object.values(step.request.variables))
      if (variable.isSecret) connection.redactor.add(variable.value);
  }
  const resume = stateFile === undefined ? null : await resumeFlow(stateFile, flow.steps);
  const planned = await planOrReport(flow, connection, context.stderr);
  if (typeof planned === 'number') return planned;
  // Each step runs what the plan resolved: one read of each definition, not two.
  const targets = new Map(planned.flat().map(({ step, target }) => [step.id, target]));
  const reporter = flowReporterFor(context, settings, {
    flow,
    file,
    redactor: connection.redactor,
  });
  const stop = shutdownOnSignals(settings.cancelTimeoutMs);
  try {
    const result = await runFlowSteps(flow, {
      clientFor: connection.clientFor,
      follow: { ...settings.follow, stopSignal: stop.deadline },
      failFast: context.values['fail-fast'] === true,
      signal: stop.interrupted,
      onStepEvent: (step, event) => {
        resume?.onStepEvent(step, event);
        reporter.onStep(step, event);
      },
      onStepError: (step, error) => {
        // A create whose result is unknown must never be sent again by a resumed flow.
        if (leavesCreateUnknown(error)) resume?.markUncertain(step);
        reporter.onStepError(step, error);
      },
      onEvent: (event) => {
        resume?.onScheduleEvent(event);
        reporter.onScheduler(event);
        if (event.type === 'started') {
          const earlier = resume?.earlier(event.step);
          if (typeof earlier === 'object' && 'handle' in earlier) {
            reporter.note(event.step.id, `following again — ${earlier.handle.url}`);
          }
        }
        if (event.type === 'kept') {
          reporter.note(
            event.record.step.id,
            `${event.record.result} in an earlier run (--state), not run again`,
          );
        }
      },
      resolved: (step) => targets.get(step.id),
      ...(resume
        ? {
            kept: resume.kept,
            earlier: (step: FlowStep) => resume.earlier(step),
            beforeSend: (step: FlowStep, intent: CreateIntent) => resume.beforeSend(step, intent),
          }
        : {}),
    });
    await resume?.flush();
    await reporter.finish(result);
    if (result.interrupted) return EXIT.canceled;
    return result.result === 'failed' ? EXIT.failed : EXIT.succeeded;
  } finally {
    stop.dispose();
    reporter.close();
  }
}

/** `export --to azure-pipelines|mermaid [--output FILE]`. */
async function exportFlow(context: CommandContext, file: string): Promise<number> {
  const to = text(context.values, 'to');
  const format = EXPORT_FORMATS.find((name) => name === to);
  if (format === undefined) {
    throw new UsageError(
      '--to',
      `${to === undefined ? '--to is missing' : `--to "${to}" is not a format`}: give --to ${EXPORT_FORMATS.join(' or --to ')}`,
    );
  }
  const flow: Flow = await loadFlowFile(file);
  const exported =
    format === 'mermaid'
      ? exportMermaid(flow)
      : exportAzurePipelines(flow, { file, version: VERSION });
  const output = text(context.values, 'output');
  if (output === undefined) context.stdout.write(exported);
  else await writeOutput(output, exported);
  return EXIT.succeeded;
}

/** Writes `--output`; a path that cannot be written (a directory, no such folder) is bad input. */
async function writeOutput(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const shown = path.length > 200 ? `${path.slice(0, 197)}...` : path;
    throw new UsageError(
      '--output',
      `--output: cannot write ${shown} (${typeof code === 'string' ? code : 'error'}): give a file in a folder that exists and can be written`,
      { cause: error },
    );
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
