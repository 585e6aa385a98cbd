/**
 * `aztm flow run --state FILE`: what each step started and how it ended, written as it happens,
 * so that a flow whose machine died can be run again without triggering anything twice. The
 * file is replaced atomically (a temporary file renamed over it), so it is always a whole state.
 */
import { createHash } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { messageOf, UsageError } from '../errors.ts';
import { readInputFileIfAny } from '../inputs/file.ts';
import { exceedsNesting, MAX_JSON_DEPTH } from '../inputs/json.ts';
import type { Handle } from '../target.ts';
import type { FlowStep } from './model.ts';
import type { StepResult } from './scheduler.ts';

const INPUT = '--state';
const FORMAT = 'aztm-flow-state';

/** One step, as far as it got. */
export type StepState =
  /** The create was being sent: it may or may not have made a run. */
  | { readonly phase: 'triggering'; readonly target: string; readonly at: string }
  /** The run exists and was being followed. */
  | {
      readonly phase: 'running';
      readonly target: string;
      readonly handle: Handle;
      readonly at: string;
    }
  | {
      readonly phase: 'finished';
      readonly target: string;
      readonly result: StepResult;
      readonly url: string | null;
      readonly startedAt: string | null;
      readonly finishedAt: string | null;
    };

export interface FlowStateFile {
  readonly format: typeof FORMAT;
  readonly version: 1;
  readonly steps: Readonly<Record<string, StepState>>;
}

/**
 * What a step runs, as a digest: a state recorded for another target must not be taken for this
 * one. Secret variable values are left out, so the file holds nothing derived from them.
 */
export function stepTarget(step: FlowStep): string {
  const request = step.request;
  const variables = Object.fromEntries(
    Object.entries(request.variables).map(([name, variable]) => [
      name,
      variable.isSecret ? { isSecret: true } : variable,
    ]),
  );
  const described = JSON.stringify({
    organization: step.organization ?? null,
    request: { ...request, variables },
  });
  return createHash('sha256').update(described).digest('hex').slice(0, 16);
}

/**
 * Reads the state file; a missing file is an empty state (the first run).
 * @throws UsageError naming --state when the file is not a state file of aztm, or records a step
 *   of this flow with another target.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- callers await it; reads are small
export async function loadFlowState(
  file: string,
  steps: readonly FlowStep[],
): Promise<Map<string, StepState>> {
  // A missing file is the first run; a FIFO, a device or a huge file is refused.
  const text = readInputFileIfAny(file, INPUT, 'a flow state file written by aztm flow run');
  if (text === undefined) return new Map();
  if (exceedsNesting(text)) {
    throw new UsageError(
      INPUT,
      `${INPUT} ${file} is not a flow state file: it nests deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(INPUT, `${INPUT} ${file} is not a flow state file: it is not JSON`);
  }
  if (!isStateFile(parsed)) {
    throw new UsageError(
      INPUT,
      `${INPUT} ${file} is not a flow state file of aztm (expected "format": "${FORMAT}", "version": 1)`,
    );
  }
  const states = new Map<string, StepState>();
  for (const step of steps) {
    const state = parsed.steps[step.id];
    if (state === undefined) continue;
    if (state.target !== stepTarget(step)) {
      throw new UsageError(
        INPUT,
        `${INPUT} ${file} records step "${step.id}" with another target than the flow file now gives it; finish that flow with the file it ran, or give a new --state file`,
      );
    }
    states.set(step.id, state);
  }
  return states;
}

/** Writes every change in order, each one atomically; `flush` waits for the last. */
export class FlowStateWriter {
  readonly #file: string;
  readonly #steps: Record<string, StepState>;
  #queue: Promise<void> = Promise.resolve();
  #failure: unknown = null;

  constructor(file: string, initial: ReadonlyMap<string, StepState>) {
    this.#file = file;
    this.#steps = Object.fromEntries(initial);
  }

  record(stepId: string, state: StepState): void {
    this.#steps[stepId] = state;
    const snapshot: FlowStateFile = { format: FORMAT, version: 1, steps: { ...this.#steps } };
    const text = `${JSON.stringify(snapshot, null, 2)}\n`;
    this.#queue = this.#queue.then(async () => {
      const temporary = `${this.#file}.${process.pid}.tmp`;
      try {
        await writeFile(temporary, text);
        await rename(temporary, this.#file);
      } catch (error) {
        this.#failure ??= error;
      }
    });
  }

  /**
   * Waits for every write.
   * @throws UsageError naming --state when one could not be written.
   */
  async flush(): Promise<void> {
    await this.#queue;
    if (this.#failure !== null) {
      throw new UsageError(
        INPUT,
        `${INPUT} ${this.#file} could not be written: ${messageOf(this.#failure)}`,
      );
    }
  }
}

function isStateFile(value: unknown): value is FlowStateFile {
  if (typeof value !== 'object' || value === null) return false;
  const file = value as Partial<FlowStateFile>;
  if (file.format !== FORMAT || file.version !== 1) return false;
  if (typeof file.steps !== 'object' || file.steps === null) return false;
  return Object.values(file.steps).every(isStepState);
}

function isStepState(value: unknown): value is StepState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Partial<Record<string, unknown>>;
  if (typeof state.target !== 'string') return false;
  switch (state.phase) {
    case 'triggering':
      return typeof state.at === 'string';
    case 'running':
      return isHandle(state.handle);
    case 'finished':
      return typeof state.result === 'string';
    default:
      return false;
  }
}

function isHandle(value: unknown): value is Handle {
  if (typeof value !== 'object' || value === null) return false;
  const handle = value as Partial<Handle>;
  return (
    (handle.kind === 'pipeline' || handle.kind === 'build' || handle.kind === 'release') &&
    typeof handle.project === 'string' &&
    typeof handle.id === 'number' &&
    typeof handle.url === 'string'
  );
}
