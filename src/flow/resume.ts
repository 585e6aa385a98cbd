/**
 * Resuming a flow from its `--state` file: steps that succeeded are kept, steps whose run was
 * being followed are followed again (not triggered), steps whose create was being sent are
 * settled by looking for what it made (run-step.ts), the rest run; every change is recorded as it
 * happens, a create's intent before the create leaves, so that the next run can do the same
 * (docs/design/flow-file.md; issue: "nothing is triggered twice because the orchestrating machine
 * died").
 */
import type { CreateIntent } from '../recover/create-intent.ts';
import type { FlowStep } from './model.ts';
import { leavesCreateUnknown, type EarlierStep } from './run-step.ts';
import type { KeptRecord } from './scheduler.ts';
import { FlowStateWriter, loadFlowState, stepTarget, type StepState } from './state.ts';
import type { EndedRecord, StepChange } from './step-record.ts';

export interface FlowResume {
  /** Steps that ended well in an earlier run: not run again. */
  readonly kept: ReadonlyMap<string, KeptRecord>;
  /** What an earlier run left of a step: a run to follow again, or a create to settle. */
  earlier(step: FlowStep): EarlierStep | undefined;
  /**
   * Writes the create's intent to the disk (the step is "triggering"); the create is sent once
   * it resolves, and not at all when it rejects (a UsageError naming --state).
   */
  beforeSend(step: FlowStep, intent: CreateIntent): Promise<void>;
  /**
   * Records a step's change: the run its create made, its end; and an error that leaves its
   * create's result unknown (no readable answer, a lookup that could not tell, an answer that
   * never came before the time to cancel ran out) keeps it triggering, so that the next run looks
   * again rather than sending the create.
   */
  onStep(change: StepChange): void;
  /** Waits for the last write; throws a UsageError naming --state when one failed. */
  flush(): Promise<void>;
}

/**
 * Loads `file` (missing: a first run) and starts recording into it.
 * @throws UsageError naming --state when the file is unreadable, not a state file, or written
 *   for other targets than the flow's steps have now.
 */
export async function resumeFlow(file: string, steps: readonly FlowStep[]): Promise<FlowResume> {
  const states = await loadFlowState(file, steps);
  const kept = new Map<string, KeptRecord>();
  for (const step of steps) {
    const state = states.get(step.id);
    if (state?.phase === 'finished' && keeps(step, state)) {
      kept.set(step.id, {
        result: state.result,
        url: state.url,
        startedAt: state.startedAt === null ? null : Date.parse(state.startedAt),
        finishedAt: state.finishedAt === null ? null : Date.parse(state.finishedAt),
      });
    }
  }
  const writer = new FlowStateWriter(file, states);
  const uncertain = new Set<string>();
  const markUncertain = (step: FlowStep): void => {
    uncertain.add(step.id);
    // The intent written before the create says how to look; without one, the step is kept
    // half-triggered and the next run refuses it rather than sending it.
    if (writer.current(step.id)?.phase === 'triggering') return;
    void writer.record(step.id, { phase: 'triggering', target: stepTarget(step), at: now() });
  };
  const recordEnd = (record: EndedRecord): void => {
    if (uncertain.has(record.step.id)) return;
    // A run that was not canceled may still be running: the next run follows it again.
    if (record.result === 'interrupted') return;
    // A create that may have made a run stays triggering until what it made is known: only a
    // refusal (failed, nothing made) or a run with its page ends it.
    const current = writer.current(record.step.id);
    if (current?.phase === 'triggering' && record.url === null && record.result !== 'failed') {
      return;
    }
    void writer.record(record.step.id, {
      phase: 'finished',
      target: stepTarget(record.step),
      result: record.result,
      url: record.url,
      startedAt: isoOrNull(record.startedAt),
      finishedAt: isoOrNull(record.finishedAt),
    });
  };
  return {
    kept,
    earlier(step) {
      const state = states.get(step.id);
      if (state?.phase === 'running') return { handle: state.handle };
      if (state?.phase !== 'triggering') return undefined;
      const sentAt = Date.parse(state.at);
      return state.intent === undefined || Number.isNaN(sentAt)
        ? 'uncertain'
        : { intent: state.intent, sentAt };
    },
    beforeSend(step, intent) {
      return writer.record(step.id, {
        phase: 'triggering',
        target: stepTarget(step),
        at: now(),
        intent,
      });
    },
    onStep(change) {
      const { record } = change;
      const { step } = record;
      if (change.type === 'run' && change.event.type === 'triggered') {
        void writer.record(step.id, {
          phase: 'running',
          target: stepTarget(step),
          handle: change.event.handle,
          at: change.event.at,
        });
      } else if (change.type === 'error' && leavesCreateUnknown(change.error)) {
        markUncertain(step);
      } else if (change.type === 'ended' && !record.kept) {
        recordEnd(change.record);
      }
    },
    flush: () => writer.flush(),
  };
}

/** A step that succeeded (or partially, when it allows that) is not run again. */
function keeps(step: FlowStep, state: Extract<StepState, { phase: 'finished' }>): boolean {
  return (
    state.result === 'succeeded' || (state.result === 'partiallySucceeded' && step.allowPartial)
  );
}

function now(): string {
  return new Date().toISOString();
}

function isoOrNull(time: number | null): string | null {
  return time === null ? null : new Date(time).toISOString();
}
