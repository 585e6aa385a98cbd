/**
 * One shutdown path with a deadline. SIGINT and SIGTERM (the agent sends both, 7.5 s apart, then
 * kills the process tree: docs/design/azure-devops.md §10.2) abort `interrupted`: nothing new
 * starts, the read in flight is given up, and what was started is canceled. Everything aztm still
 * does from then on (a create's answer awaited, its cancel, sent again when it fails) is bounded by
 * `deadline`, which aborts `cancelTimeoutMs` after the first signal, or at once on a second one.
 * Should anything still hold the process a moment after the deadline, aztm names what may still be
 * running, one line each, and exits 3: never silence, never the agent's kill.
 */
import { setMaxListeners } from 'node:events';
import { EXIT } from '../end-mapping.ts';

/** Default `--cancel-timeout`: inside the agent's 7.5 s between SIGINT and SIGTERM. */
export const DEFAULT_CANCEL_TIMEOUT_MS = 6_000;

/** How long after the deadline a process still held is ended. */
const GRACE_AFTER_DEADLINE_MS = 1_000;

/** Something started that is not known to have ended or been canceled. */
interface Started {
  /** `pipeline run 1000`, `release Release-7`. */
  readonly what: string;
  readonly url: string;
}

export interface Shutdown {
  readonly interrupted: AbortSignal;
  readonly deadline: AbortSignal;
  /** Registers what was started; returns what to call once it ended or was canceled. */
  started(item: Started): () => void;
  dispose(): void;
}

/**
 * Kept on the process, not in this module: the flow, simulate and demo commands are packed parts
 * of the bundle with their own copy of this module (scripts/build.mjs).
 */
const SIGNALLED = Symbol.for('aztm.interrupted');
const processState = globalThis as { [SIGNALLED]?: boolean };

/** Whether SIGINT or SIGTERM arrived in this process: it then exits as soon as its work is done. */
export function wasInterrupted(): boolean {
  return processState[SIGNALLED] === true;
}

/** For commands that handle the signals themselves (`aztm simulate`). */
export function markInterrupted(): void {
  processState[SIGNALLED] = true;
}

export function shutdownOnSignals(
  cancelTimeoutMs: number = DEFAULT_CANCEL_TIMEOUT_MS,
  stderr: NodeJS.WritableStream = process.stderr,
): Shutdown {
  const interrupted = new AbortController();
  const deadline = new AbortController();
  // Every request in flight listens to them: a flow of many steps has many (no leak, no warning).
  setMaxListeners(0, interrupted.signal, deadline.signal);
  const running = new Set<Started>();
  const timers: NodeJS.Timeout[] = [];
  const end = (): void => {
    if (deadline.signal.aborted) return;
    deadline.abort();
    // The work bounded by the deadline now ends; should something still hold the process, say
    // what may be running and go.
    const last = setTimeout(() => {
      for (const item of running) {
        stderr.write(`aztm: ${item.what} may still be running: ${item.url}\n`);
      }
      stderr.write('aztm: stopped: the time to cancel ran out\n');
      process.exit(EXIT.canceled);
    }, GRACE_AFTER_DEADLINE_MS);
    last.unref();
    timers.push(last);
  };
  const onSignal = (): void => {
    markInterrupted();
    if (interrupted.signal.aborted) {
      end();
      return;
    }
    interrupted.abort();
    const timer = setTimeout(end, cancelTimeoutMs);
    timer.unref();
    timers.push(timer);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    interrupted: interrupted.signal,
    deadline: deadline.signal,
    started(item) {
      running.add(item);
      return () => running.delete(item);
    },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      for (const timer of timers) clearTimeout(timer);
      // Interrupted, the work is done and the process is about to exit 3: the agent's SIGTERM
      // arriving now must not kill it by the signal's default (no exit code at all).
      if (interrupted.signal.aborted) {
        process.on('SIGINT', ignoreSignal);
        process.on('SIGTERM', ignoreSignal);
      }
    },
  };
}

/** Once aztm is stopping of its own accord, a further signal changes nothing. */
function ignoreSignal(): void {
  // Nothing is left to stop: the process exits with the code it has.
}
