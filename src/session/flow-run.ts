import { untilAborted } from '../abort.ts';
import type { Flow, FlowStep } from '../flow/model.ts';
import { checkWritable, refuseCollidingPaths } from '../flow/output-path.ts';
import { loadFlowFile } from '../flow/parse.ts';
import { resumeFlow, type FlowResume } from '../flow/resume.ts';
import { runFlow as runFlowSteps } from '../flow/run-flow.ts';
import { lockStateFile } from '../flow/state-lock.ts';
import { interruptedBeforeCreate } from '../interrupted.ts';
import type { CreateIntent } from '../recover/create-intent.ts';
import { redactingStream } from '../redact.ts';
import type { FlowEnd } from '../end.ts';
import type { FlowReporter } from '../report/flow/flow-reporter.ts';
import type { Redactor } from '../redact.ts';
import type { SessionContext } from './context.ts';
import { connectSteps, type StepConnection } from './flow-connection.ts';
import { planOrReport, type PlannedFlow } from './flow-plan.ts';
import { readFollowSettings, type FollowSettings } from './follow-settings.ts';
import { shutdownOnSignals, type Shutdown } from './interrupt.ts';
import { text } from '../inputs/requests.ts';
import { RunningSteps } from './running-steps.ts';
import type { Terminal } from './run-session.ts';

/** How the adapter shows a flow run: its reporter, made once the settings are read. */
type FlowReporterFactory = (
  settings: FollowSettings,
  run: { readonly flow: Flow; readonly file: string; readonly redactor: Redactor },
) => FlowReporter;

interface FlowRunOptions {
  readonly terminal: Terminal;
  readonly reporterFor: FlowReporterFactory;
  /** On the first failure start nothing new and cancel the running steps. */
  readonly failFast: boolean;
}

/**
 * `flow run FILE`, for the command line and the RunFlow task: every step resolved first (a bad name or a refused token stops the flow before anything
 * is triggered), then the scheduler runs them (src/flow/scheduler.ts). SIGINT/SIGTERM abort every
 * running step (each cancels what it started, per --on-interrupt, all within the one deadline of
 * src/session/interrupt.ts): exit 3. A run still not known to be canceled when the time is up is
 * named with its URL.
 */
export async function runFlowFile(
  context: SessionContext,
  file: string,
  options: FlowRunOptions,
): Promise<FlowEnd> {
  const flow = await loadFlowFile(file);
  // Before anything is opened or sent: no output may be the flow file or another output.
  refuseCollidingPaths([
    { option: 'FILE', path: file, role: 'input' },
    ...(['state', 'summary', 'trace'] as const).flatMap((name) => {
      const path = text(context.values, name);
      return path === undefined ? [] : [{ option: `--${name}`, path, role: 'output' as const }];
    }),
  ]);
  const summary = text(context.values, 'summary');
  // Written at the end: a path that cannot be written is refused now, not after the runs.
  if (summary !== undefined) checkWritable('--summary', summary);
  const stateFile = text(context.values, 'state');
  // One run per state file, held until this one ends: a second would trigger every step again.
  const lock = stateFile === undefined ? null : lockStateFile(stateFile);
  try {
    return await runLocked(context, { file, flow, stateFile, options });
  } finally {
    lock?.release();
  }
}

async function runLocked(
  context: SessionContext,
  run: {
    readonly file: string;
    readonly flow: Flow;
    readonly stateFile: string | undefined;
    readonly options: FlowRunOptions;
  },
): Promise<FlowEnd> {
  const { file, flow, stateFile, options } = run;
  const settings = readFollowSettings(context.values, options.terminal);
  const connection = connectSteps(context);
  for (const step of flow.steps) {
    for (const variable of Object.values(step.request.variables))
      if (variable.isSecret) connection.redactor.add(variable.value);
  }
  const resume = stateFile === undefined ? null : await resumeFlow(stateFile, flow.steps);
  const stderr = redactingStream(context.stderr, connection.redactor);
  const stop = shutdownOnSignals(settings.cancelTimeoutMs, stderr);
  // The steps' cancels leave at once, not behind the reads given up on (request-budget.ts).
  stop.interrupted.addEventListener('abort', () => connection.budget.expedite(), { once: true });
  try {
    // Reads only: an interrupt while planning ends the flow before anything was triggered.
    const planned = await untilAborted(
      planOrReport(flow, connection, context.stderr),
      stop.interrupted,
    );
    if (planned === null) {
      stderr.write(`aztm: ${interruptedBeforeCreate().message}\naztm: nothing was triggered\n`);
      return { kind: 'interrupted' };
    }
    if (planned === 'refused') return { kind: 'refused' };
    return await runPlanned(context, {
      flow,
      file,
      settings,
      connection,
      resume,
      stop,
      planned,
      options,
    });
  } finally {
    stop.dispose();
  }
}

/** `run` once every step resolved: the scheduler, the reporter, and `--state`. */
async function runPlanned(
  context: SessionContext,
  run: {
    readonly flow: Flow;
    readonly file: string;
    readonly settings: FollowSettings;
    readonly connection: StepConnection;
    readonly resume: FlowResume | null;
    readonly stop: Shutdown;
    readonly planned: PlannedFlow;
    readonly options: FlowRunOptions;
  },
): Promise<FlowEnd> {
  const { flow, settings, connection, resume, stop } = run;
  // Each step runs what the plan resolved: one read of each definition, not two.
  const targets = new Map(run.planned.flat().map(({ step, target }) => [step.id, target]));
  const reporter = run.options.reporterFor(settings, {
    flow,
    file: run.file,
    redactor: connection.redactor,
  });
  const running = new RunningSteps(stop);
  try {
    const result = await runFlowSteps(flow, {
      clientFor: connection.clientFor,
      follow: { ...settings.follow, stopSignal: stop.deadline },
      failFast: run.options.failFast,
      signal: stop.interrupted,
      onStep: (change) => {
        const { step } = change.record;
        if (change.type === 'run' && change.event.type === 'triggered') {
          running.started(step, change.event.handle);
        }
        resume?.onStep(change);
        reporter.onStep(change);
        if (change.type === 'started') {
          const earlier = resume?.earlier(step);
          if (typeof earlier === 'object' && 'handle' in earlier) {
            running.started(step, earlier.handle);
            reporter.note(step.id, `following again — ${earlier.handle.url}`);
          }
        }
        if (change.type === 'ended') {
          running.ended(step);
          if (change.record.kept) {
            reporter.note(
              step.id,
              `${change.record.result} in an earlier run (--state), not run again`,
            );
          }
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
    return { kind: 'ran', result: result.result, interrupted: result.interrupted };
  } finally {
    reporter.close();
  }
}
