/**
 * Where every step of a running flow is, for the live view: fed by the scheduler's events and by
 * each step's follow events, never by the API.
 */
import type { FollowEvent } from '../../follow/events.ts';
import type { StageView } from '../../follow/snapshot.ts';
import type { FlowStep } from '../../flow/model.ts';
import type { SchedulerEvent, StepResult } from '../../flow/scheduler.ts';

/** `waiting`: not started yet; `starting`: resolving and triggering; then running to a result. */
export type BoardState = 'waiting' | 'starting' | 'running' | 'stopping' | StepResult;

export interface BoardStep {
  readonly step: FlowStep;
  state: BoardState;
  /** Clock times (ms); `null` until the step starts and ends. */
  startedAt: number | null;
  finishedAt: number | null;
  url: string | null;
  /** Its run's stages as last seen, by stage id, in the run's order. */
  readonly stages: Map<string, StageView>;
}

export class StepBoard {
  /** In file order. */
  readonly steps: readonly BoardStep[];
  /** When the first step started or ended: the flow's elapsed time counts from it. */
  startedAt: number | null = null;
  readonly #byId: ReadonlyMap<string, BoardStep>;

  constructor(steps: readonly FlowStep[]) {
    this.steps = steps.map((step) => ({
      step,
      state: 'waiting',
      startedAt: null,
      finishedAt: null,
      url: null,
      stages: new Map(),
    }));
    this.#byId = new Map(this.steps.map((entry) => [entry.step.id, entry]));
  }

  onScheduler(event: SchedulerEvent<FlowStep>, now: number): void {
    this.startedAt ??= now;
    if (event.type === 'started') {
      const entry = this.#byId.get(event.step.id);
      if (!entry) return;
      entry.state = 'starting';
      entry.startedAt = now;
      return;
    }
    const entry = this.#byId.get(event.record.step.id);
    if (!entry) return;
    entry.state = event.record.result;
    entry.url = event.record.url ?? entry.url;
    entry.startedAt = event.record.startedAt ?? entry.startedAt;
    entry.finishedAt = event.record.finishedAt ?? now;
  }

  onStep(step: FlowStep, event: FollowEvent): void {
    const entry = this.#byId.get(step.id);
    if (!entry) return;
    if (event.type === 'triggered' || event.type === 'attached') {
      entry.state = 'running';
      entry.url = event.handle.url;
    } else if (event.type === 'stage') {
      entry.stages.set(event.stage.id, event.stage);
    } else if (event.type === 'stopping') {
      entry.state = 'stopping';
    }
    // The rest change nothing the view shows: failures and the end come as scheduler events.
  }
}
