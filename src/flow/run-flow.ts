/**
 * A whole flow run, for library users: the scheduler (src/flow/scheduler.ts) running each step
 * through the one trigger/follow core (src/flow/run-step.ts → runTarget), as `aztm flow run`
 * does. No output of its own: each step's progress arrives as changes of its record
 * (src/flow/step-record.ts).
 */
import type { AzureDevOpsClient } from '../azdo/client.ts';
import type { CreateIntent } from '../recover/create-intent.ts';
import type { Flow, FlowStep } from './model.ts';
import { stepRunner, type StepRunnerOptions } from './run-step.ts';
import { runSchedule, type KeptRecord } from './scheduler.ts';
import { StepRecords, type FlowRun, type StepChange } from './step-record.ts';

export interface RunFlowOptions {
  /**
   * The client of a step's organization (`step.organization`, else your default). Return the
   * same client for the same organization so that its steps share one request budget.
   */
  readonly clientFor: (step: FlowStep) => AzureDevOpsClient;
  /** How each step is followed; a step's own `timeout` wins over `timeoutMs` here. */
  readonly follow?: StepRunnerOptions['follow'];
  /** On the first failure, start nothing new and cancel the running steps. */
  readonly failFast?: boolean;
  /** Aborting it cancels every running step (per `follow.onInterrupt`); the rest are not run. */
  readonly signal?: AbortSignal;
  /**
   * Each change of a step, with its record: started, what its run did, an error, its end (run,
   * skipped, not run, or kept from an earlier run).
   */
  readonly onStep?: (change: StepChange) => void;
  /** Steps that ended in an earlier run, by id: recorded as they were, not run again. */
  readonly kept?: ReadonlyMap<string, KeptRecord>;
  /**
   * What an earlier run left of a step: a run to follow again instead of triggering, or a create
   * it was sending, settled by looking for what it made.
   */
  readonly earlier?: StepRunnerOptions['earlier'];
  /**
   * Awaited right before a step's create is sent, once it has its request slot; the create is
   * not sent when it rejects. `flow run --state` writes the intent to disk here.
   */
  readonly beforeSend?: (step: FlowStep, intent: CreateIntent) => Promise<void>;
  /** Steps' targets resolved beforehand (a plan), by step: not resolved again. */
  readonly resolved?: StepRunnerOptions['resolved'];
}

/** Runs the flow to its end: every step ends with a result, `skipped` or `notRun`. */
export async function runFlow(flow: Flow, options: RunFlowOptions): Promise<FlowRun> {
  const records = new StepRecords(flow.steps, options.onStep ?? ((): void => undefined));
  const run = await runSchedule(
    flow.steps,
    stepRunner({
      clientFor: options.clientFor,
      follow: options.follow ?? {},
      onEvent: records.onRun,
      onError: records.onError,
      ...(options.earlier ? { earlier: options.earlier } : {}),
      ...(options.resolved ? { resolved: options.resolved } : {}),
      ...(options.beforeSend ? { beforeSend: options.beforeSend } : {}),
    }),
    {
      maxParallel: flow.maxParallel,
      ...(options.failFast !== undefined ? { failFast: options.failFast } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onEvent: records.onScheduler,
      ...(options.kept ? { kept: options.kept } : {}),
    },
  );
  return records.ended(run);
}
