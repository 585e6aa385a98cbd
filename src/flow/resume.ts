/**
 * Resuming a flow from its `--state` file: steps that succeeded are kept, steps whose run was
 * being followed are followed again (not triggered), the rest run; every change is recorded as
 * it happens so that the next run can do the same (flow-file.md; issue: "nothing is triggered
 * twice because the orchestrating machine died").
 */
import type { FollowEvent } from '../follow/events.ts';
import type { Handle } from '../target.ts';
import type { FlowStep } from './model.ts';
import type { KeptRecord, SchedulerEvent } from './scheduler.ts';
import { FlowStateWriter, loadFlowState, stepTarget, type StepState } from './state.ts';

export interface FlowResume {
  /** Steps that ended well in an earlier run: not run again. */
  readonly kept: ReadonlyMap<string, KeptRecord>;
  /** Steps an earlier run left running (follow again) or half-triggered (`uncertain`). */
  earlier(step: FlowStep): { readonly handle: Handle } | 'uncertain' | undefined;
  /** Records a step's progress: the create about to be sent, the run it made. */
  onStepEvent(step: FlowStep, event: FollowEvent): void;
  /** Records a step's end. */
  onScheduleEvent(event: SchedulerEvent<FlowStep>): void;
  /**
   * Keeps a step whose create got no readable answer (and whose run could not be found) as
   * half-triggered, so that the next run does not send the create again.
   */
  markUncertain(step: FlowStep): void;
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
  return {
    kept,
    earlier(step) {
      const state = states.get(step.id);
      if (state?.phase === 'running') return { handle: state.handle };
      return state?.phase === 'triggering' ? 'uncertain' : undefined;
    },
    onStepEvent(step, event) {
      const target = stepTarget(step);
      // `resolved` comes right before the create is sent (src/run.ts).
      if (event.type === 'resolved')
        writer.record(step.id, { phase: 'triggering', target, at: now() });
      if (event.type === 'triggered') {
        writer.record(step.id, { phase: 'running', target, handle: event.handle, at: event.at });
      }
    },
    onScheduleEvent(event) {
      if (event.type !== 'finished' && event.type !== 'skipped') return;
      const { record } = event;
      if (uncertain.has(record.step.id)) return;
      // A run that was not canceled may still be running: the next run follows it again.
      if (record.result === 'interrupted') return;
      writer.record(record.step.id, {
        phase: 'finished',
        target: stepTarget(record.step),
        result: record.result,
        url: record.url,
        startedAt: isoOrNull(record.startedAt),
        finishedAt: isoOrNull(record.finishedAt),
      });
    },
    markUncertain(step) {
      uncertain.add(step.id);
      writer.record(step.id, { phase: 'triggering', target: stepTarget(step), at: now() });
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
