/**
 * What the interrupt tests share (interrupt-phases, flow-interrupt-phases, task-interrupt-phases):
 * the signal combinations the agent can send (docs/design/azure-devops.md §10.2), sending them to a
 * running process and timing its exit, bounded waits on the simulator's state, and the row each
 * test records in docs/reliability.md.
 */
import { afterAll, expect } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import type { LoggedRequest } from '../../src/simulator/state.ts';
import type { RunningCli } from '../helpers/cli-wait.ts';
import { startE2ESimulator } from '../helpers/e2e.ts';
import { admin } from '../helpers/e2e-runs.ts';
import { markFileComplete, recordRow } from './reliability-table.ts';

/** The agent's time between SIGINT and SIGTERM: aztm must be gone before it. */
export const GRACE_MS = 7_500;

/** SIGINT, SIGTERM, or both (the second a moment later), each with its label. */
export const SIGNALS: readonly (readonly [string, readonly NodeJS.Signals[]])[] = [
  ['SIGINT', ['SIGINT']],
  ['SIGTERM', ['SIGTERM']],
  ['SIGINT then SIGTERM', ['SIGINT', 'SIGTERM']],
];

/** Some of SIGNALS, by label: a file kept lean runs every combination for a few phases only. */
export function signalsLabelled(...labels: readonly string[]): typeof SIGNALS {
  return SIGNALS.filter(([label]) => labels.includes(label));
}

/** Polls `done` every 10 ms, for at most 10 s; fails with `what` when it never holds. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 1_000; tries++) {
    if (done()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(what);
}

/** Waits (bounded) until the simulator has received `count` requests matching. */
export async function arrival(
  sim: RunningSimulator,
  method: string,
  path: RegExp,
  count = 1,
): Promise<void> {
  const matches = (entry: LoggedRequest): boolean =>
    entry.method === method && path.test(entry.url.split('?')[0] ?? '');
  await until(
    () => sim.state.requests.filter(matches).length >= count,
    `${count} ${method} ${String(path)} did not reach the simulator`,
  );
}

/** Waits (bounded) until a request met the simulator's first fault (one it holds back, too). */
export async function faultMet(sim: RunningSimulator): Promise<void> {
  await until(() => (sim.state.faults[0]?.matched ?? 0) > 0, 'no request met the fault');
}

/** Adds a fault through the simulator's admin API. */
export async function fault(
  sim: RunningSimulator,
  spec: Readonly<Record<string, unknown>>,
): Promise<void> {
  await admin(sim, 'POST', 'faults', spec);
}

export interface Stopped {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From the first signal to the exit. */
  readonly elapsedMs: number;
}

/** Sends the signals (the second `thenMs` after the first) and waits for the exit. */
export async function interrupt(
  cli: RunningCli,
  signals: readonly NodeJS.Signals[],
  thenMs = 1_000,
): Promise<Stopped> {
  const sent = Date.now();
  const [first, second] = signals;
  cli.child.kill(first);
  let timer: NodeJS.Timeout | undefined;
  if (second) timer = setTimeout(() => cli.child.kill(second), thenMs);
  const result = await cli.exited;
  clearTimeout(timer);
  return { ...result, elapsedMs: Date.now() - sent };
}

/** Exited with `code` before the agent's SIGTERM, and without a stack trace. */
export function expectCleanStop(stopped: Stopped, code = 3): void {
  expect(stopped.code, stopped.stderr).toBe(code);
  expect(stopped.elapsedMs).toBeLessThan(GRACE_MS);
  expect(stopped.stderr).not.toMatch(/unexpected error|\n\s+at \S+ \(/);
}

/**
 * The time from the first signal to the exit, as a whole-second ceiling (`exit 3 after ≤ 2 s`):
 * coarse enough that the document changes with behaviour, not with the machine's load.
 */
export function exitAfter(stopped: Stopped): string {
  const seconds = Math.max(1, Math.ceil(stopped.elapsedMs / 1_000));
  return `exit ${String(stopped.code)} after ≤ ${seconds} s`;
}

/**
 * The rows a file of interrupt tests records in docs/reliability.md, all in `section` and
 * expecting `expected`; `file` is the test file's `import.meta.url` (marked complete at its end).
 */
export function interruptRows(
  file: string,
  table: { readonly section: string; readonly expected: string },
): (phase: string, signals: readonly string[], stopped: Stopped, left: string) => void {
  afterAll(() => markFileComplete(file));
  return (phase, signals, stopped, left) =>
    recordRow(file, {
      section: table.section,
      fault: `${signals.join(' then ')} ${phase}`,
      expected: table.expected,
      observed: `${exitAfter(stopped)}; ${left}`,
    });
}

/** A moment to interrupt at, and the fault that makes it hard. */
export interface Phase<Left extends string> {
  readonly what: string;
  /** What the process must have left behind, in the test's own words. */
  readonly left: Left;
  /** The fault in place before the process starts. */
  readonly before?: Readonly<Record<string, unknown>>;
  /** Brings the process to the phase, before the signal. */
  readonly reach: (sim: RunningSimulator, running: RunningCli) => Promise<void>;
  /** When the second signal follows the first. */
  readonly thenMs?: number;
}

/**
 * Each phase under each of `signals`, as rows of an `it.each` table: the signals' label, the
 * phase, what it must leave (`says`, for the test's name), the phase itself and the signals.
 */
export function phaseCases<Left extends string>(
  phases: readonly Phase<Left>[],
  signals: typeof SIGNALS,
  says: Readonly<Record<Left, string>>,
) {
  return phases.flatMap((phase) =>
    signals.map(([label, sent]) => [label, phase.what, says[phase.left], phase, sent] as const),
  );
}

/**
 * Starts the simulator with the phase's fault and the process with `start`, brings it to the
 * phase and interrupts it there.
 */
export async function interruptAt<Left extends string>(
  phase: Phase<Left>,
  signals: readonly NodeJS.Signals[],
  start: (sim: RunningSimulator) => RunningCli,
): Promise<{ readonly sim: RunningSimulator; readonly stopped: Stopped }> {
  const sim = await startE2ESimulator();
  if (phase.before) await fault(sim, phase.before);
  const running = start(sim);
  await phase.reach(sim, running);
  return { sim, stopped: await interrupt(running, signals, phase.thenMs) };
}

/** Every request fails with a 5xx: the cancel never gets through. */
const OUTAGE_FAULT = { kind: 'serverError', count: 'unlimited' } as const;
/** Every request is refused for a minute: the cancel waits past the deadline. */
const THROTTLE_FAULT = { kind: 'throttle', count: 'unlimited', retryAfter: 60 } as const;
/** Every cancel is answered a minute late. */
const SLOW_CANCEL_FAULT = { kind: 'slow', method: 'PATCH', count: 'unlimited', delay: '60s' };

/**
 * The phases of following what was triggered (`following` waits until it is): a healthy run,
 * whose cancel gets through, and the three faults that keep the cancel from getting through
 * before the deadline, put in place once following.
 */
export function followingPhases(following: (running: RunningCli) => Promise<unknown>) {
  const phase = (
    what: string,
    spec?: Readonly<Record<string, unknown>>,
  ): Phase<'canceled' | 'named'> => ({
    what,
    left: spec ? 'named' : 'canceled',
    reach: async (sim, running) => {
      await following(running);
      if (spec) await fault(sim, spec);
    },
  });
  return {
    healthy: phase('while following'),
    outage: phase('during an outage', OUTAGE_FAULT),
    throttled: phase('while throttled (Retry-After: 60)', THROTTLE_FAULT),
    slowCancel: phase('while each cancel waits for a slow answer', SLOW_CANCEL_FAULT),
  };
}
