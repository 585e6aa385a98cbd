import type { FlowStep } from '../flow/model.ts';
import { handleNoun } from '../report/words.ts';
import type { Handle } from '../target.ts';
import type { Shutdown } from './interrupt.ts';

/**
 * The runs the flow's steps started and follow, registered with the shutdown so that one still
 * not known to be canceled when the time to cancel is up is named with its URL (interrupt.ts).
 */
export class RunningSteps {
  readonly #shutdown: Shutdown;
  readonly #settle = new Map<string, () => void>();

  constructor(shutdown: Shutdown) {
    this.#shutdown = shutdown;
  }

  started(step: FlowStep, handle: Handle): void {
    this.#settle.get(step.id)?.();
    const what = `${handleNoun(handle)} of step ${step.id}`;
    this.#settle.set(step.id, this.#shutdown.started({ what, url: handle.url }));
  }

  /** The step ended: its run ended, was canceled, or was named by the step itself. */
  ended(step: FlowStep): void {
    this.#settle.get(step.id)?.();
    this.#settle.delete(step.id);
  }
}
