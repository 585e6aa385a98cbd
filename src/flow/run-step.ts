/**
 * One flow step as the scheduler runs it: through runTarget (src/run.ts), the one way to trigger
 * and follow, with the step's own timeout and the scheduler's signal; its result is its End's
 * (src/end-mapping.ts). A step an earlier run of
 * the flow left behind (`--state`) is followed again, or, when its create was being sent, settled
 * by looking for what that create made (src/recover/find-created.ts) before anything is sent.
 */
import type { AzureDevOpsClient } from '../azdo/client.ts';
import { isAzureDevOpsError } from '../azdo/errors.ts';
import type { End } from '../end.ts';
import { stepEndOf, stepEndOfError, type StepEnd } from '../end-mapping.ts';
import type { FollowEvent } from '../follow/events.ts';
import { InterruptedError } from '../interrupted.ts';
import type { CreateIntent } from '../recover/create-intent.ts';
import { findCreated, type CreatedLookup } from '../recover/find-created.ts';
import { followToEnd, runTarget, type RunTargetOptions } from '../run.ts';
import type { Handle, Target } from '../target.ts';
import type { FlowStep } from './model.ts';
import type { StepOutcome } from './scheduler.ts';

/**
 * What an earlier run of the flow left of a step: the run to follow again; a create that was
 * being sent, with what identifies it; or `uncertain`, a create an older aztm recorded without
 * that.
 */
export type EarlierStep =
  | { readonly handle: Handle }
  | { readonly intent: CreateIntent; readonly sentAt: number }
  | 'uncertain';

export interface StepRunnerOptions {
  readonly clientFor: (step: FlowStep) => AzureDevOpsClient;
  /** How to follow; a step's `timeout` wins over the one given here. */
  readonly follow: Omit<RunTargetOptions['follow'], 'signal'>;
  readonly onEvent: (step: FlowStep, event: FollowEvent) => void;
  /**
   * Why a step ended failed without a result from Azure DevOps (refused, lost access, a bug), or
   * why an interrupted one may have left a run behind (its create unanswered: InterruptedError).
   */
  readonly onError: (step: FlowStep, error: unknown) => void;
  /** What an earlier run of the flow (`--state`) left of the step. */
  readonly earlier?: (step: FlowStep) => EarlierStep | undefined;
  /** The step's target as the flow's plan resolved it, so that it is not resolved twice. */
  readonly resolved?: (step: FlowStep) => Target | undefined;
  /** Awaited right before a step's create is sent, once it has its request slot. */
  readonly beforeSend?: (step: FlowStep, intent: CreateIntent) => Promise<void>;
}

/**
 * A create an older aztm recorded as being sent, without what identifies it: sending it again
 * could deploy twice (docs/design/anchor-tools.md), so the step fails and says what to check.
 */
export class UncertainCreateError extends Error {
  constructor(step: FlowStep) {
    super(
      `an earlier run of this flow stopped while it was triggering step "${step.id}"; aztm cannot tell whether that made a run and did not trigger it again: check the definition's runs, then remove the step from the --state file to run it`,
    );
    this.name = 'UncertainCreateError';
  }
}

/** An earlier run's create whose result could not be told: never sent a second time. */
class UnsettledCreateError extends Error {
  readonly candidates: readonly string[];

  constructor(step: FlowStep, lookup: Extract<CreatedLookup, { kind: 'undecided' }>) {
    const which =
      lookup.candidates.length > 0 ? `: ${lookup.candidates.join(', ')}` : ` (${lookup.listUrl})`;
    super(
      `an earlier run of this flow sent the create of step "${step.id}" and aztm cannot tell what it made: ${lookup.reason}${which}. aztm did not trigger it again: check the definition's runs, then remove the step from the --state file to run it`,
    );
    this.name = 'UnsettledCreateError';
    this.candidates = lookup.candidates;
  }
}

/**
 * Whether a step's error leaves its create's result unknown: the next run of the flow must look
 * for it, never send it again.
 */
export function leavesCreateUnknown(error: unknown): boolean {
  return (
    (isAzureDevOpsError(error) && error.outcomeUnknown) ||
    error instanceof UnsettledCreateError ||
    error instanceof UncertainCreateError ||
    // The create's answer never came before the time to cancel ran out.
    (error instanceof InterruptedError && error.phase === 'create')
  );
}

export function stepRunner(
  options: StepRunnerOptions,
): (step: FlowStep, signal: AbortSignal) => Promise<StepOutcome> {
  return async (step, signal) => {
    const earlier = options.earlier?.(step);
    let end: End | undefined;
    let stepEnd: StepEnd;
    try {
      end = await runStep(options, step, earlier, signal);
      stepEnd = stepEndOf(end, { interrupted: signal.aborted });
    } catch (error) {
      // An earlier run's create that cannot be told, bad input, or a bug: this step fails.
      stepEnd = stepEndOfError(error, null, { interrupted: signal.aborted });
    }
    if (stepEnd.error !== null) options.onError(step, stepEnd.error);
    return { result: stepEnd.result, url: stepEnd.url, ...(end ? { end } : {}) };
  };
}

/** The step's end: the run an earlier run of the flow left followed again, or triggered. */
async function runStep(
  options: StepRunnerOptions,
  step: FlowStep,
  earlier: EarlierStep | undefined,
  signal: AbortSignal,
): Promise<End> {
  const follow = {
    ...options.follow,
    signal,
    ...(step.timeoutMs === null ? {} : { timeoutMs: step.timeoutMs }),
  };
  const onEvent = (event: FollowEvent): void => options.onEvent(step, event);
  const handle = await earlierHandle(options, step, earlier, signal);
  if (handle) {
    const stagesToDeploy = step.request.kind === 'release' ? (step.request.stages ?? null) : null;
    return followToEnd(
      options.clientFor(step),
      handle,
      { ...follow, stagesToDeploy, onEvent },
      'yes',
    );
  }
  const resolved = options.resolved?.(step);
  const { beforeSend } = options;
  return runTarget(options.clientFor(step), step.request, {
    ...(resolved ? { resolved } : {}),
    ...(beforeSend ? { beforeSend: (intent: CreateIntent) => beforeSend(step, intent) } : {}),
    dryRun: false,
    noWait: false,
    follow,
    onEvent,
  });
}

/**
 * The run to follow instead of triggering: the one an earlier run followed, or the one its
 * create made, found by looking. `undefined`: nothing was made, the step is triggered.
 * @throws UncertainCreateError, UnsettledCreateError when what the create made cannot be told.
 */
async function earlierHandle(
  options: StepRunnerOptions,
  step: FlowStep,
  earlier: EarlierStep | undefined,
  signal: AbortSignal,
): Promise<Handle | undefined> {
  if (earlier === undefined) return undefined;
  if (earlier === 'uncertain') throw new UncertainCreateError(step);
  if ('handle' in earlier) return earlier.handle;
  const found = await findCreated(options.clientFor(step), earlier.intent, {
    signal,
    sentAt: earlier.sentAt,
  });
  if (found.kind === 'undecided') throw new UnsettledCreateError(step, found);
  if (found.kind === 'none') return undefined;
  const at = new Date().toISOString();
  options.onEvent(step, {
    type: 'notice',
    level: 'info',
    message: `an earlier run of this flow triggered it: found ${found.handle.url}, not triggered again`,
    at,
  });
  options.onEvent(step, { type: 'triggered', handle: found.handle, at });
  return found.handle;
}
