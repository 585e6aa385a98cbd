/**
 * A flow step as one record: everything known of it as it goes (its run, phase, stages, failures,
 * error, times and end), built in one place from the scheduler's events and the step's run events.
 * `runFlow` reports one stream of changes, each with the step's record, and ends with the records:
 * the state file, the reporters and the summary read records, not events joined by step id.
 */
import type { End } from '../end.ts';
import { messageOf } from '../errors.ts';
import type { FollowEvent } from '../follow/events.ts';
import type { FailureDetail, StageView } from '../follow/snapshot.ts';
import type { Handle } from '../target.ts';
import type { FlowStep } from './model.ts';
import type { FlowRunResult, SchedulerEvent, StepResult } from './scheduler.ts';

/**
 * `waiting`: not started; `starting`: resolving and triggering; `running`: its run exists;
 * `stopping`: canceling (or leaving) its run; `ended`: it has its result.
 */
export type StepPhase = 'waiting' | 'starting' | 'running' | 'stopping' | 'ended';

export interface StepRecord {
  readonly step: FlowStep;
  readonly phase: StepPhase;
  /** What it triggered (or attached to, or found an earlier run made); `null` until known. */
  readonly handle: Handle | null;
  /** The web URL of what it triggered: the handle's while it runs, then its end's. */
  readonly url: string | null;
  /** How it ended; `null` until `phase` is `ended`. */
  readonly result: StepResult | null;
  /** Why it ended without starting (a false condition, the flow stopped); else `null`. */
  readonly reason: string | null;
  /** It ended in an earlier run of the flow (`--state`) and was not run again. */
  readonly kept: boolean;
  /** Clock times (ms) of its start and end; `null` for what did not happen. */
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** Its run's stages as last seen, by stage id, in the run's order. */
  readonly stages: ReadonlyMap<string, StageView>;
  /** Its run's failing stages, jobs and tasks, as they were reported. */
  readonly failures: readonly FailureDetail[];
  /** Why it failed without a result from Azure DevOps (refused, lost access, a bug); else `null`. */
  readonly error: string | null;
  /**
   * How its trigger ended (src/end.ts), `result` being what src/end-mapping.ts makes of it;
   * absent until it ended, and for a step that did not run here or ended on a bug.
   */
  readonly end?: End;
}

/** A step's record once it ended: run, skipped, not run or kept. */
export type EndedRecord = StepRecord & { readonly phase: 'ended'; readonly result: StepResult };

/** What changed in a step, with its record as it is after the change. */
export type StepChange =
  | { readonly type: 'started'; readonly record: StepRecord }
  /** Something its run did, as `runTarget` reports it for a single run. */
  | { readonly type: 'run'; readonly record: StepRecord; readonly event: FollowEvent }
  /** Why it failed without a result, or why an interrupted one may have left a run behind. */
  | { readonly type: 'error'; readonly record: StepRecord; readonly error: unknown }
  | { readonly type: 'ended'; readonly record: EndedRecord };

/** A flow run's end: its result, and every step's record in file order. */
export interface FlowRun {
  readonly result: 'succeeded' | 'failed';
  /** Whether the flow was stopped by its signal (exit 3) rather than running to its end. */
  readonly interrupted: boolean;
  readonly steps: readonly EndedRecord[];
}

/** The record of a step that has not started. */
export function waitingRecord(step: FlowStep): StepRecord {
  return {
    step,
    phase: 'waiting',
    handle: null,
    url: null,
    result: null,
    reason: null,
    kept: false,
    startedAt: null,
    finishedAt: null,
    stages: new Map(),
    failures: [],
    error: null,
  };
}

/** Keeps each step's record and tells every change of one, as `onChange` of that record. */
export class StepRecords {
  readonly #records = new Map<string, StepRecord>();
  readonly #onChange: (change: StepChange) => void;
  readonly #now: () => number;

  constructor(
    steps: readonly FlowStep[],
    onChange: (change: StepChange) => void,
    now: () => number = Date.now,
  ) {
    for (const step of steps) this.#records.set(step.id, waitingRecord(step));
    this.#onChange = onChange;
    this.#now = now;
  }

  /** The scheduler's events: a step started, or ended (run, skipped, not run or kept). */
  readonly onScheduler = (event: SchedulerEvent<FlowStep>): void => {
    if (event.type === 'started') {
      const record = this.#update(event.step, { phase: 'starting', startedAt: this.#now() });
      this.#onChange({ type: 'started', record });
      return;
    }
    const { step, result, url, startedAt, finishedAt, end } = event.record;
    const record: EndedRecord = {
      ...this.#of(step),
      phase: 'ended',
      result,
      url,
      startedAt,
      finishedAt,
      reason: event.type === 'skipped' ? event.reason : null,
      kept: event.type === 'kept',
      ...(end ? { end } : {}),
    };
    this.#records.set(step.id, record);
    this.#onChange({ type: 'ended', record });
  };

  /** A step's run events. */
  readonly onRun = (step: FlowStep, event: FollowEvent): void => {
    const record = this.#update(step, this.#changeOf(this.#of(step), event));
    this.#onChange({ type: 'run', record, event });
  };

  readonly onError = (step: FlowStep, error: unknown): void => {
    const record = this.#update(step, { error: messageOf(error) });
    this.#onChange({ type: 'error', record, error });
  };

  /** The scheduler's end of the flow, with every step's record. */
  ended(run: FlowRunResult<FlowStep>): FlowRun {
    const steps = run.steps.map(({ step }) => {
      const record = this.#of(step);
      // Every step's end came as an event before the run's end. A missing one is a bug.
      if (record.phase !== 'ended' || record.result === null) {
        throw new Error(`step "${step.id}" has no record of its end`);
      }
      return { ...record, phase: record.phase, result: record.result };
    });
    return { result: run.result, interrupted: run.interrupted, steps };
  }

  /** What a run event changes of the record; the rest (progress, notices) change nothing. */
  #changeOf(record: StepRecord, event: FollowEvent): Partial<StepRecord> {
    if (event.type === 'triggered' || event.type === 'attached') {
      return { phase: 'running', handle: event.handle, url: event.handle.url };
    }
    if (event.type === 'stage') {
      return { stages: new Map(record.stages).set(event.stage.id, event.stage) };
    }
    if (event.type === 'stopping') return { phase: 'stopping' };
    if (event.type === 'failures') return { failures: [...record.failures, ...event.details] };
    // Its end comes from the scheduler, with the step's result.
    return {};
  }

  #of(step: FlowStep): StepRecord {
    return this.#records.get(step.id) ?? waitingRecord(step);
  }

  #update(step: FlowStep, change: Partial<StepRecord>): StepRecord {
    const record = { ...this.#of(step), ...change };
    this.#records.set(step.id, record);
    return record;
  }
}
