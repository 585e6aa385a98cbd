/**
 * A whole flow run, for library users: the scheduler (src/flow/scheduler.ts) running each step
 * through the one trigger/follow core (src/flow/run-step.ts → runTarget), as `aztm flow run`
 * does. No output of its own: progress arrives through the callbacks.
 */
import type { AzureDevOpsClient } from '../azdo/client.ts';
import type { FollowEvent } from '../follow/events.ts';
import type { CreateIntent } from '../recover/create-intent.ts';
import type { Flow, FlowStep } from './model.ts';
import { stepRunner, type StepRunnerOptions } from './run-step.ts';
import {
  runSchedule,
  type FlowRunResult,
  type KeptRecord,
  type SchedulerEvent,
} from './scheduler.ts';

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
  /** Each step's progress, as `runTarget` reports it for a single run. */
  readonly onStepEvent?: (step: FlowStep, event: FollowEvent) => void;
  /**
   * Why a step failed without a result from Azure DevOps (refused, lost access), or why a
   * canceled one may have left a run behind (its create unanswered when the time ran out).
   */
  readonly onStepError?: (step: FlowStep, error: unknown) => void;
  /** Steps starting, ending, skipped or kept. */
  readonly onEvent?: (event: SchedulerEvent<FlowStep>) => void;
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
export function runFlow(flow: Flow, options: RunFlowOptions): Promise<FlowRunResult<FlowStep>> {
  return runSchedule(
    flow.steps,
    stepRunner({
      clientFor: options.clientFor,
      follow: options.follow ?? {},
      onEvent: options.onStepEvent ?? ((): void => undefined),
      onError: options.onStepError ?? ((): void => undefined),
      ...(options.earlier ? { earlier: options.earlier } : {}),
      ...(options.resolved ? { resolved: options.resolved } : {}),
      ...(options.beforeSend ? { beforeSend: options.beforeSend } : {}),
    }),
    {
      maxParallel: flow.maxParallel,
      ...(options.failFast !== undefined ? { failFast: options.failFast } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.kept ? { kept: options.kept } : {}),
    },
  );
}
