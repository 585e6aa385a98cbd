/**
 * One flow step as the scheduler runs it: through runTarget (src/run.ts), the one way to trigger
 * and follow, with the step's own timeout and the scheduler's signal.
 */
import type { AzureDevOpsClient } from '../azdo/client.ts';
import type { FollowEvent } from '../follow/events.ts';
import { follow } from '../follow/follow.ts';
import { InterruptedError } from '../interrupted.ts';
import { runTarget, type RunTargetOptions } from '../run.ts';
import type { Handle, Target } from '../target.ts';
import { TriggerError } from '../trigger.ts';
import type { FlowStep } from './model.ts';
import type { StepOutcome } from './scheduler.ts';

export interface StepRunnerOptions {
  readonly clientFor: (step: FlowStep) => AzureDevOpsClient;
  /** How to follow; a step's `timeout` wins over the one given here. */
  readonly follow: Omit<RunTargetOptions['follow'], 'signal'>;
  readonly onEvent: (step: FlowStep, event: FollowEvent) => void;
  /**
   * Why a step ended failed without a result from Azure DevOps (refused, lost access, a bug), or
   * why a canceled one may have left a run behind (its create unanswered: InterruptedError).
   */
  readonly onError: (step: FlowStep, error: unknown) => void;
  /**
   * What an earlier run of the flow (`--state`) left of the step: the run to follow again instead
   * of triggering, or `uncertain` when it was stopped while sending the create.
   */
  readonly earlier?: (step: FlowStep) => { readonly handle: Handle } | 'uncertain' | undefined;
  /** The step's target as the flow's plan resolved it, so that it is not resolved twice. */
  readonly resolved?: (step: FlowStep) => Target | undefined;
}

/**
 * A create that was in flight when the earlier run stopped may have made a run: sending it again
 * could deploy twice (anchor-tools.md), so the step fails and says what to check.
 */
export class UncertainCreateError extends Error {
  constructor(step: FlowStep) {
    super(
      `an earlier run of this flow stopped while it was triggering step "${step.id}"; aztm cannot tell whether that made a run and did not trigger it again: check the definition's runs, then remove the step from the --state file to run it`,
    );
    this.name = 'UncertainCreateError';
  }
}

export function stepRunner(
  options: StepRunnerOptions,
): (step: FlowStep, signal: AbortSignal) => Promise<StepOutcome> {
  return async (step, signal) => {
    let url: string | null = null;
    const earlier = options.earlier?.(step);
    try {
      if (earlier === 'uncertain') throw new UncertainCreateError(step);
      if (earlier) {
        url = earlier.handle.url;
        const outcome = await follow(options.clientFor(step), earlier.handle, {
          ...options.follow,
          signal,
          ...(step.timeoutMs === null ? {} : { timeoutMs: step.timeoutMs }),
          stagesToDeploy: step.request.kind === 'release' ? (step.request.stages ?? null) : null,
          onEvent: (event) => options.onEvent(step, event),
        });
        return { result: outcome.result, url };
      }
      const resolved = options.resolved?.(step);
      const result = await runTarget(options.clientFor(step), step.request, {
        ...(resolved ? { resolved } : {}),
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
      // The create's answer never came before the time to cancel ran out: a run may exist and go
      // on. Said (with the page to check) and never called canceled.
      if (error instanceof InterruptedError && error.phase === 'create') {
        options.onError(step, error);
        return { result: 'interrupted', url };
      }
      // Stopped before anything ran to its end (an aborted request): the step was canceled.
      if (signal.aborted) return { result: 'canceled', url };
      options.onError(step, error);
      return { result: 'failed', url };
    }
  };
}
