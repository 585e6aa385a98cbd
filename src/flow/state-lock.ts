/**
 * One `flow run` per `--state` file: two runs of one flow would each trigger its steps. The lock
 * is a file beside the state (`FILE.lock`, next to the link's target when FILE is a link) made
 * whole in one step (a hard link of a written file, which fails when one is there), holding who
 * holds it: pid, host, since when, and a random id. It is released when the run ends, also on
 * `process.exit`; one left by a process that died (SIGKILL, a crash) is taken over when that
 * process is certainly gone: same host, and no process has its pid. A lock of another host is
 * never taken over: aztm cannot see that host's processes.
 */
import { randomUUID } from 'node:crypto';
import {
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  closeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { UsageError } from '../errors.ts';
import { resolveOutputPath } from './output-path.ts';

const INPUT = '--state';

/** Who holds a lock, as its file says. */
interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO time the lock was taken. */
  readonly since: string;
  readonly id: string;
}

export interface StateLock {
  /** The lock file. */
  readonly path: string;
  /** Removes the lock file when it is still this lock's. */
  release(): void;
}

interface StateLockOptions {
  readonly pid?: number;
  readonly host?: string;
  readonly now?: () => Date;
  /** Whether a process with this pid runs on this host; `process.kill(pid, 0)` by default. */
  readonly isRunning?: (pid: number) => boolean;
}

/** Locks held by this process, so that its own pid in a lock file is told apart. */
const heldHere = new Set<string>();

/**
 * Takes the lock of the state file `file`.
 * @throws UsageError naming --state and the holder when another run holds it.
 */
export function lockStateFile(file: string, options: StateLockOptions = {}): StateLock {
  const path = `${resolveOutputPath(file)}.lock`;
  const me: LockHolder = {
    pid: options.pid ?? process.pid,
    host: options.host ?? hostname(),
    since: (options.now?.() ?? new Date()).toISOString(),
    id: randomUUID(),
  };
  const isRunning = options.isRunning ?? processRuns;
  // A few rounds: a stale lock taken away is looked at again, as another run may take it first.
  for (let round = 0; round < 3; round++) {
    if (createLockFileOf(file, path, me)) return held(path, me);
    const holder = readHolder(path);
    if (holder === 'gone') continue;
    if (holder === 'unreadable') throw unreadableLock(file, path);
    if (!isStale(path, holder, me, isRunning)) throw lockedBy(file, path, holder);
    if (!takeAway(path, holder)) {
      const now = readHolder(path);
      if (typeof now === 'object') throw lockedBy(file, path, now);
    }
  }
  throw new UsageError(
    INPUT,
    `${INPUT} ${file}: its lock ${path} keeps changing hands; is another aztm flow run starting on it?`,
  );
}

/**
 * Creates the lock file; `false` when one is there.
 * @throws UsageError naming --state when it cannot be created (no such folder, a name too long).
 */
function createLockFileOf(file: string, path: string, holder: LockHolder): boolean {
  try {
    return createLockFile(path, holder);
  } catch (error) {
    throw new UsageError(
      INPUT,
      `${INPUT} ${shorten(file)}: cannot create its lock ${shorten(path)} (${codeOf(error) ?? 'error'}): give a file in a folder that exists and can be written`,
      { cause: error },
    );
  }
}

function shorten(path: string): string {
  return path.length > 200 ? `${path.slice(0, 197)}...` : path;
}

/** Creates the lock file with `holder` in it; `false` when one is there. */
function createLockFile(path: string, holder: LockHolder): boolean {
  const text = `${JSON.stringify(holder)}\n`;
  const written = `${path}.${holder.pid}.${holder.id}`;
  writeFileSync(written, text, { flag: 'wx' });
  try {
    linkSync(written, path);
    return true;
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    // A file system without hard links: an exclusive create, then its text.
    return createExclusively(path, text);
  } finally {
    rmSync(written, { force: true });
  }
}

function createExclusively(path: string, text: string): boolean {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'wx');
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    writeFileSync(descriptor, text);
  } finally {
    closeSync(descriptor);
  }
  return true;
}

function readHolder(path: string): LockHolder | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return 'gone';
    return 'unreadable';
  }
  try {
    const value = JSON.parse(text) as Partial<Record<keyof LockHolder, unknown>>;
    if (
      typeof value.pid === 'number' &&
      typeof value.host === 'string' &&
      typeof value.since === 'string' &&
      typeof value.id === 'string'
    ) {
      return { pid: value.pid, host: value.host, since: value.since, id: value.id };
    }
  } catch {
    // Not JSON: being written by a run without hard links, or not aztm's.
  }
  return 'unreadable';
}

/** Certainly left behind: written on this host by a process that no longer runs. */
function isStale(
  path: string,
  holder: LockHolder,
  me: LockHolder,
  isRunning: (pid: number) => boolean,
): boolean {
  if (holder.host !== me.host) return false;
  // Our own pid: a process before us that had it (a container restarted), unless we hold it.
  if (holder.pid === me.pid) return !heldHere.has(path);
  return !isRunning(holder.pid);
}

/**
 * Moves the stale lock aside and removes it, when it is still the one judged stale; `false`
 * when another run replaced it meanwhile (it is then put back).
 */
function takeAway(path: string, stale: LockHolder): boolean {
  const aside = `${path}.stale.${process.pid}.${randomUUID()}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return true;
    throw error;
  }
  const moved = readHolder(aside);
  if (typeof moved === 'object' && moved.id === stale.id) {
    rmSync(aside, { force: true });
    return true;
  }
  try {
    linkSync(aside, path);
  } catch {
    // Another run made a lock meanwhile: it holds it now.
  }
  rmSync(aside, { force: true });
  return false;
}

function held(path: string, me: LockHolder): StateLock {
  heldHere.add(path);
  const release = (): void => {
    process.removeListener('exit', release);
    heldHere.delete(path);
    const holder = readHolder(path);
    if (typeof holder === 'object' && holder.id === me.id) rmSync(path, { force: true });
  };
  // Also when the shutdown ends the process at once (src/session/interrupt.ts).
  process.on('exit', release);
  return { path, release };
}

function lockedBy(file: string, path: string, holder: LockHolder): UsageError {
  return new UsageError(
    INPUT,
    `${INPUT} ${file} is in use by another aztm flow run (pid ${holder.pid} on ${holder.host}, since ${holder.since}); two runs of one flow would trigger its steps twice. Wait for it to end; if it no longer runs, remove ${path}`,
  );
}

function unreadableLock(file: string, path: string): UsageError {
  return new UsageError(
    INPUT,
    `${INPUT} ${file} is locked by ${path}, which does not say who holds it; if no aztm flow run uses ${file}, remove ${path}`,
  );
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return codeOf(error) !== 'ESRCH';
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
