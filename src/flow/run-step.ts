/**
 * One flow step as the scheduler runs it: through runTarget (src/run.ts), the one way to trigger
 * and follow, with the step's own timeout and the scheduler's signal.
 */
import type { AzureDevOpsClient } from '../azdo/client.ts';
import type { FollowEvent } from '../follow/events.ts';
import { runTarget, type RunTargetOptions } from '../run.ts';
import { TriggerError } from '../trigger.ts';
import type { FlowStep } from './model.ts';
import type { StepOutcome } from './scheduler.ts';

export interface StepRunnerOptions {
  readonly clientFor: (step: FlowStep) => AzureDevOpsClient;
  /** How to follow; a step's `timeout` wins over the one given here. */
  readonly follow: Omit<RunTargetOptions['follow'], 'signal'>;
  readonly onEvent: (step: FlowStep, event: FollowEvent) => void;
  /** Why a step ended failed without a result from Azure DevOps (refused, lost access, a bug). */
  readonly onError: (step: FlowStep, error: unknown) => void;
}

export function stepRunner(
  options: StepRunnerOptions,
): (step: FlowStep, signal: AbortSignal) => Promise<StepOutcome> {
  return async (step, signal) => {
    let url: string | null = null;
    try {
      const result = await runTarget(options.clientFor(step), step.request, {
        dryRun: false,
        noWait: false,
        follow: {
          ...options.follow,
          signal,
          ...(step.timeoutMs === null ? {} : { timeoutMs: step.timeoutMs }),
        },
        onEvent: (event) => {
          if (event.type === 'triggered') url = event.handle.url;
          options.onEvent(step, event);
        },
      });
      // Never dryRun or noWait here: both are false above.
      if (result.kind !== 'followed') return { result: 'failed', url };
      return { result: result.outcome.result, url: result.handle.url };
    } catch (error) {
      if (error instanceof TriggerError) url = error.handle.url;
      // Stopped before anything ran to its end (an aborted request): the step was canceled.
      if (signal.aborted) return { result: 'canceled', url };
      options.onError(step, error);
      return { result: 'failed', url };
    }
  };
}
