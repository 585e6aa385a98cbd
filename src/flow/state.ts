/**
 * `aztm flow run --state FILE`: what each step started and how it ended, written as it happens,
 * so that a flow whose machine died can be run again without triggering anything twice. A
 * create's intent is on the disk before the create is sent (write ahead); the file is replaced
 * durably and whole (durable-write.ts), through a symbolic link rather than over it.
 */
import { createHash } from 'node:crypto';
import { messageOf, UsageError } from '../errors.ts';
import { readInputFileIfAny } from '../inputs/file.ts';
import { exceedsNesting, MAX_JSON_DEPTH } from '../inputs/json.ts';
import { isCreateIntent, type CreateIntent } from '../recover/create-intent.ts';
import type { Handle } from '../target.ts';
import { writeFileDurably } from './durable-write.ts';
import type { FlowStep } from './model.ts';
import { resolveOutputPath } from './output-path.ts';
import type { StepResult } from './scheduler.ts';

const INPUT = '--state';
const FORMAT = 'aztm-flow-state';

/** One step, as far as it got. */
export type StepState =
  /**
   * The create was being sent (it had its request slot): it may or may not have made a run.
   * `intent` says how to look for what it made; a file of an earlier aztm has none.
   */
  | {
      readonly phase: 'triggering';
      readonly target: string;
      readonly at: string;
      readonly intent?: CreateIntent;
    }
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

interface FlowStateFile {
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

/**
 * Writes every change in order. `record` resolves once the change is on the disk; changes made
 * while a write is under way go to the disk together in the next one.
 */
export class FlowStateWriter {
  /** The file written: `--state` with its links followed. */
  readonly #path: string;
  /** `--state` as the user gave it, for messages. */
  readonly #shown: string;
  readonly #steps: Record<string, StepState>;
  /** Changes made, and changes on the disk (or failed to get there). */
  #made = 0;
  #done = 0;
  #writing: Promise<void> | null = null;
  #failure: unknown = null;
  #waiting: { version: number; resolve: () => void; reject: (error: unknown) => void }[] = [];

  constructor(file: string, initial: ReadonlyMap<string, StepState>) {
    this.#shown = file;
    this.#path = resolveOutputPath(file);
    this.#steps = Object.fromEntries(initial);
  }

  /** The step's state as last recorded (on the disk or on its way). */
  current(stepId: string): StepState | undefined {
    return this.#steps[stepId];
  }

  /**
   * Records a change and starts writing it.
   * @returns resolves once it is on the disk; rejects with a UsageError naming --state when it
   *   could not be written. Callers that need not wait may ignore it.
   */
  record(stepId: string, state: StepState): Promise<void> {
    this.#steps[stepId] = state;
    const version = ++this.#made;
    const durable = new Promise<void>((resolve, reject) => {
      this.#waiting.push({ version, resolve, reject });
    });
    // Ignored by most callers: its failure is reported by `flush`.
    durable.catch(() => undefined);
    this.#writing ??= this.#writeAll();
    return durable;
  }

  async #writeAll(): Promise<void> {
    while (this.#done < this.#made) {
      const version = this.#made;
      const snapshot: FlowStateFile = { format: FORMAT, version: 1, steps: { ...this.#steps } };
      let failure: unknown = null;
      try {
        await writeFileDurably(this.#path, `${JSON.stringify(snapshot, null, 2)}\n`);
      } catch (error) {
        failure = error;
        this.#failure ??= error;
      }
      this.#done = version;
      const settled = this.#waiting.filter((waiter) => waiter.version <= version);
      this.#waiting = this.#waiting.filter((waiter) => waiter.version > version);
      for (const waiter of settled) {
        if (failure === null) waiter.resolve();
        else waiter.reject(this.#unwritable(failure));
      }
    }
    this.#writing = null;
  }

  /**
   * Waits for every write.
   * @throws UsageError naming --state when one could not be written.
   */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing;
    if (this.#failure !== null) throw this.#unwritable(this.#failure);
  }

  #unwritable(cause: unknown): UsageError {
    return new UsageError(
      INPUT,
      `${INPUT} ${this.#shown} could not be written: ${messageOf(cause)}`,
      {
        cause,
      },
    );
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
      return (
        typeof state.at === 'string' && (state.intent === undefined || isCreateIntent(state.intent))
      );
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
