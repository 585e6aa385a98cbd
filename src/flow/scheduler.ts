/**
 * `flow run`'s scheduler: pure orchestration over an injected `runStep`, so it is tested without
 * HTTP. A step starts as soon as every step it depends on has finished and its condition allows,
 * up to `maxParallel` at once (docs/design/flow-file.md). Conditions have Azure Pipelines' meaning.
 */
import { systemNow, type Now } from '../clock.ts';
import type { End } from '../end.ts';
import type { Result } from '../outcome.ts';
import { ancestors } from './graph.ts';
import type { StepCondition } from './model.ts';

/** A step's end as docs/design/flow-file.md names it: a run's result, or why nothing ran. */
export type StepResult = Result | 'skipped' | 'notRun';

/** What the scheduler needs of a step; FlowStep has all of it. */
export interface SchedulableStep {
  readonly id: string;
  readonly dependsOn: readonly string[];
  readonly condition: StepCondition;
  readonly continueOnError: boolean;
  /** A partially succeeded step counts as success (as `--allow-partial` does for one run). */
  readonly allowPartial?: boolean;
}

/** How one step's run ended, from `runStep`. */
export interface StepOutcome {
  readonly result: Result;
  /** The web URL of what it triggered; `null` when nothing was triggered. */
  readonly url: string | null;
  /**
   * How its trigger ended (src/end.ts), `result` being what src/end-mapping.ts makes of it;
   * absent when it ended on an error outside End (bad input, a bug).
   */
  readonly end?: End;
}

/** How a step ended, as the scheduler records it; src/flow/step-record.ts adds what its run did. */
interface EndedStep<S extends SchedulableStep = SchedulableStep> {
  readonly step: S;
  readonly result: StepResult;
  readonly url: string | null;
  /** How the step's trigger ended; absent for a step that did not run here or ended on a bug. */
  readonly end?: End;
  /** Clock times (ms) of the start and end; `null` for a step that never started. */
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

export type SchedulerEvent<S extends SchedulableStep = SchedulableStep> =
  | { readonly type: 'started'; readonly step: S }
  | { readonly type: 'finished'; readonly record: EndedStep<S> }
  /** Condition false, or the flow stopped (`notRun`): ended without starting. */
  | { readonly type: 'skipped'; readonly record: EndedStep<S>; readonly reason: string }
  /** Ended in an earlier run of the flow (`--state`): its record stands, it is not run again. */
  | { readonly type: 'kept'; readonly record: EndedStep<S> };

/** A step's end carried over from an earlier run of the same flow. */
export type KeptRecord = Omit<EndedStep, 'step'>;

interface ScheduleOptions<S extends SchedulableStep> {
  /** Most steps running at once; `Infinity` for no limit. */
  readonly maxParallel: number;
  /** On the first failure that fails the flow, start nothing new and abort the running steps. */
  readonly failFast?: boolean;
  /** Aborted on SIGINT/SIGTERM: every running step is aborted, the rest are not run. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: SchedulerEvent<S>) => void;
  readonly now?: Now;
  /** Steps that ended in an earlier run (`--state`), by id: recorded as they were, not run. */
  readonly kept?: ReadonlyMap<string, KeptRecord>;
}

export interface FlowRunResult<S extends SchedulableStep = SchedulableStep> {
  readonly result: 'succeeded' | 'failed';
  /** Whether the flow was stopped by `signal` (exit 3) rather than running to its end. */
  readonly interrupted: boolean;
  /** In the order of `steps`. */
  readonly steps: readonly EndedStep<S>[];
}

/** A result that fails the flow unless the step continues on error (docs/design/flow-file.md). */
export function isFailure(result: StepResult): boolean {
  return (
    result === 'failed' ||
    result === 'canceled' ||
    result === 'timedOut' ||
    result === 'interrupted'
  );
}

/**
 * The flow's own result. An interrupted flow is `canceled`, or `interrupted` when a step's run
 * was not canceled (left running, or its cancel failed): nothing is reported canceled that was not.
 */
export function flowResultOf(
  run: FlowRunResult,
): 'succeeded' | 'failed' | 'canceled' | 'interrupted' {
  if (!run.interrupted) return run.result;
  return run.steps.some((record) => record.result === 'interrupted') ? 'interrupted' : 'canceled';
}

/**
 * Whether a finished step fails the flow: a failure, or a partial success the step does not
 * allow (like a single `aztm pipeline` without --allow-partial exits 1), unless the step
 * continues on error. Its dependents still see a partial success as succeeded (with issues).
 */
export function failsTheFlow(record: {
  readonly step: SchedulableStep;
  readonly result: StepResult;
}): boolean {
  if (record.step.continueOnError) return false;
  return (
    isFailure(record.result) ||
    (record.result === 'partiallySucceeded' && record.step.allowPartial !== true)
  );
}

/**
 * Whether `condition` lets a step run, given the records of every step it depends on, directly
 * or through others, with Azure Pipelines' meaning ("the previous jobs in the dependency graph",
 * its docs, "Specify conditions"): a failure with continueOnError is "succeeded with issues"; a
 * skipped step makes succeeded() false; a canceled one makes everything but always() false. So a
 * step after a failure-handling step does not run by default: the failure it handled is in its
 * graph too, as in the exported pipeline.
 */
function conditionHolds(condition: StepCondition, graph: readonly EndedStep[]): boolean {
  const seen = graph.map((record) => effectiveResult(record));
  switch (condition) {
    case 'always()':
      return true;
    case 'succeeded()':
      return seen.every((result) => result === 'succeeded' || result === 'partiallySucceeded');
    case 'failed()':
      return seen.some((result) => result === 'failed' || result === 'timedOut');
    case 'succeededOrFailed()':
      return seen.every((result) => result !== 'canceled' && result !== 'interrupted');
  }
}

/** What dependents see: continueOnError turns failed and timedOut into partiallySucceeded. */
function effectiveResult(record: EndedStep): StepResult {
  if (record.step.continueOnError && (record.result === 'failed' || record.result === 'timedOut'))
    return 'partiallySucceeded';
  return record.result;
}

/**
 * Runs the steps to their end. `runStep` gets a signal of its own, aborted when the flow stops
 * (the signal or --fail-fast): it must then stop what it started and resolve (canceled). A
 * rejection of `runStep` is a failed step, so one bug does not leave the others unwatched.
 */
export async function runSchedule<S extends SchedulableStep>(
  steps: readonly S[],
  runStep: (step: S, signal: AbortSignal) => Promise<StepOutcome>,
  options: ScheduleOptions<S>,
): Promise<FlowRunResult<S>> {
  const now = options.now ?? systemNow;
  const emit = options.onEvent ?? ((): void => undefined);
  const records = new Map<string, EndedStep<S>>();
  const graphOf = ancestors(steps);
  const running = new Map<string, AbortController>();
  const waiting: S[] = [];
  const kept: EndedStep<S>[] = [];
  for (const step of steps) {
    const record = options.kept?.get(step.id);
    if (record) kept.push({ ...record, step });
    else waiting.push(step);
  }
  let stopped = false;
  let wake: () => void = () => undefined;

  const stop = (): void => {
    stopped = true;
    for (const controller of running.values()) controller.abort();
  };
  const onAbort = (): void => {
    stop();
    wake();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stopped = true;

  const finish = (record: EndedStep<S>): void => {
    records.set(record.step.id, record);
  };

  for (const record of kept) {
    finish(record);
    emit({ type: 'kept', record });
  }

  const start = (step: S): void => {
    const controller = new AbortController();
    running.set(step.id, controller);
    const startedAt = now();
    emit({ type: 'started', step });
    const ended = (outcome: StepOutcome): void => {
      running.delete(step.id);
      const record = { step, ...outcome, startedAt, finishedAt: now() };
      finish(record);
      emit({ type: 'finished', record });
      if (options.failFast && failsTheFlow(record)) stop();
      wake();
    };
    // A synchronous throw is a rejection too: through a promise either way.
    Promise.resolve()
      .then(() => runStep(step, controller.signal))
      .then(ended, () => ended({ result: 'failed', url: null }));
  };

  try {
    while (waiting.length > 0 || running.size > 0) {
      // Each pass takes every ready step in file order; a skip can ready others, so repeat.
      for (let progressed = true; progressed;) {
        progressed = false;
        for (const step of [...waiting]) {
          if (!stopped && step.dependsOn.some((id) => !records.has(id))) continue;
          // Its dependencies have ended, and so every step they depend on.
          const graph = (graphOf.get(step.id) ?? []).flatMap((id) => records.get(id) ?? []);
          const reason = stopped
            ? 'the flow stopped'
            : conditionHolds(step.condition, graph)
              ? null
              : `condition ${step.condition} is false`;
          // A ready step waits for a free slot; one that will not run never needs one.
          if (reason === null && running.size >= options.maxParallel) continue;
          waiting.splice(waiting.indexOf(step), 1);
          progressed = true;
          if (reason === null) {
            start(step);
            continue;
          }
          const record: EndedStep<S> = {
            step,
            result: stopped ? 'notRun' : 'skipped',
            url: null,
            startedAt: null,
            finishedAt: null,
          };
          finish(record);
          emit({ type: 'skipped', record, reason });
        }
      }
      if (running.size === 0) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  const ordered = steps.map((step) => {
    const record = records.get(step.id);
    // Every step ends recorded: run, skipped or not run. A missing one is a bug.
    if (!record) throw new Error(`step "${step.id}" has no result`);
    return record;
  });
  const failed = ordered.some(failsTheFlow);
  return {
    result: failed ? 'failed' : 'succeeded',
    interrupted: options.signal?.aborted === true,
    steps: ordered,
  };
}
