import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import { resolveOutputPath } from '../../src/flow/output-path.ts';
import { lockStateFile, type StateLock } from '../../src/flow/state-lock.ts';

const held: StateLock[] = [];
afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
});

function stateFile(): string {
  return join(resolveOutputPath(mkdtempSync(join(tmpdir(), 'aztm-lock-'))), 'state.json');
}

function take(file: string, options: Parameters<typeof lockStateFile>[1] = {}): StateLock {
  const lock = lockStateFile(file, options);
  held.push(lock);
  return lock;
}

function refusal(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

/** A lock file as another process would have left it. */
function leftBehind(file: string, holder: { pid: number; host: string }): void {
  writeFileSync(
    `${file}.lock`,
    JSON.stringify({ ...holder, since: '2026-11-26T10:00:00.000Z', id: 'earlier-run' }),
  );
}

describe('the lock of a --state file', () => {
  it('a second taker is refused, naming --state, the holder pid, host and since', () => {
    const file = stateFile();
    take(file, { pid: 4242, host: 'build-7', now: () => new Date('2026-11-26T10:00:00Z') });
    const error = refusal(() =>
      lockStateFile(file, { pid: 5151, host: 'build-7', isRunning: () => true }),
    );
    expect(error.input).toBe('--state');
    expect(error.message).toContain(`--state ${file} is in use by another aztm flow run`);
    expect(error.message).toContain('pid 4242 on build-7, since 2026-11-26T10:00:00.000Z');
    expect(error.message).toContain(`remove ${file}.lock`);
  });

  it('is released at the end: the next run takes it', () => {
    const file = stateFile();
    take(file).release();
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(() => take(file)).not.toThrow();
  });

  it('a lock left by a process of this host that no longer runs is taken over', () => {
    const file = stateFile();
    leftBehind(file, { pid: 999_999, host: 'build-7' });
    const lock = take(file, { pid: 12, host: 'build-7', isRunning: (pid) => pid !== 999_999 });
    const holder = JSON.parse(readFileSync(lock.path, 'utf8')) as { pid: number };
    expect(holder.pid).toBe(12);
  });

  it('a lock left with our own pid by an earlier process (a restarted container) is taken over', () => {
    const file = stateFile();
    leftBehind(file, { pid: 1, host: 'build-7' });
    expect(() => take(file, { pid: 1, host: 'build-7', isRunning: () => true })).not.toThrow();
  });

  it('a lock whose process still runs, or of another host, is never taken over', () => {
    const file = stateFile();
    leftBehind(file, { pid: 999_999, host: 'build-7' });
    expect(
      refusal(() => lockStateFile(file, { host: 'build-7', isRunning: () => true })).message,
    ).toMatch(/pid 999999 on build-7/);
    expect(
      refusal(() => lockStateFile(file, { host: 'build-8', isRunning: () => false })).message,
    ).toMatch(/pid 999999 on build-7/);
  });

  it('a --state in a folder that does not exist is refused, naming --state', () => {
    const file = join(stateFile(), 'no-such-folder', 'state.json');
    const error = refusal(() => lockStateFile(file));
    expect(error.input).toBe('--state');
    expect(error.message).toMatch(
      /cannot create its lock .* \(ENOENT\): give a file in a folder that exists/,
    );
  });

  it('a lock file that does not say who holds it is refused, saying what to remove', () => {
    const file = stateFile();
    writeFileSync(`${file}.lock`, '');
    expect(refusal(() => lockStateFile(file)).message).toMatch(/does not say who holds it.*remove/);
  });

  it('release leaves a lock that another run took over alone', () => {
    const file = stateFile();
    const first = take(file, { pid: 31, host: 'build-7' });
    // Judged stale by a second run (its pid gone), then taken over.
    take(file, { pid: 32, host: 'build-7', isRunning: () => false });
    first.release();
    expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8'))).toMatchObject({ pid: 32 });
  });

  it('a --state link is locked beside its target: two links to one file share one lock', () => {
    const file = stateFile();
    const link = `${file}-link`;
    writeFileSync(file, '{}');
    symlinkSync(file, link);
    const lock = take(link);
    expect(lock.path).toBe(`${file}.lock`);
    expect(refusal(() => lockStateFile(file)).input).toBe('--state');
  });
});
