/**
 * The files `flow run` writes (`--state`, `--summary`, `--trace`) and reads (the flow file): a
 * symbolic link is followed, never replaced, and no file may be two of them at once (a summary
 * written over the state, a trace truncating the flow file). Checked before anything is sent.
 */
import { accessSync, constants, lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';

/** Links followed at most: a loop of links is refused by the system's own limit too. */
const MAX_LINKS = 40;

/**
 * The real path a write to `path` lands on: symbolic links followed (also a link to a file not
 * there yet), the folder's own links too. A path that is no link is its absolute self.
 */
export function resolveOutputPath(path: string): string {
  let current = resolve(path);
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    try {
      return realpathSync(current);
    } catch {
      // Not there (yet): a dangling link is followed by hand; anything else is a new file.
    }
    let target: string;
    try {
      if (!lstatSync(current).isSymbolicLink()) return current;
      target = readlinkSync(current);
    } catch {
      return join(realFolder(dirname(current)), basename(current));
    }
    current = resolve(dirname(current), target);
  }
  return current;
}

function realFolder(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}

/** One file `flow run` reads or writes, named by its option. */
export interface NamedPath {
  /** `--state`, `--summary`, `--trace`, `FILE`. */
  readonly option: string;
  readonly path: string;
  readonly role: 'input' | 'output';
}

/**
 * Refuses two options naming one file when at least one of them writes it: compared by real
 * path, and by device and inode where both exist (a hard link).
 * @throws UsageError naming the later option of the first pair that collides.
 */
export function refuseCollidingPaths(paths: readonly NamedPath[]): void {
  const seen: { named: NamedPath; real: string; id: string | null }[] = [];
  for (const named of paths) {
    const real = resolveOutputPath(named.path);
    const id = fileId(real);
    const same = seen.find(
      (earlier) =>
        (earlier.named.role === 'output' || named.role === 'output') &&
        (earlier.real === real || (id !== null && earlier.id === id)),
    );
    if (same) {
      throw new UsageError(
        named.option,
        `${named.option} ${named.path} is the same file as ${describe(same.named)}: aztm would write over it; give ${named.option} a file of its own`,
      );
    }
    seen.push({ named, real, id });
  }
}

function describe(named: NamedPath): string {
  return named.option === 'FILE' ? `the flow file ${named.path}` : `${named.option} ${named.path}`;
}

function fileId(path: string): string | null {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return null;
  }
}

/**
 * Refuses an output that could not be written when the time comes (the end of a flow, for
 * `--summary`): a folder, a file or folder this user may not write, a folder that is not there.
 * Checked before anything is sent, so that a run's report is never lost after its runs.
 * @throws UsageError naming `option`, the path and what to give instead.
 */
export function checkWritable(option: string, path: string): void {
  const real = resolveOutputPath(path);
  const refuse = (problem: string): never => {
    throw new UsageError(
      option,
      `${option} ${path}: ${problem}; give a file in a folder that exists and can be written`,
    );
  };
  const existing = statOrNull(real);
  if (existing?.isDirectory()) refuse('is a folder');
  if (existing && !mayWrite(real)) refuse('this user may not write it');
  if (existing) return;
  const folder = statOrNull(dirname(real));
  if (!folder) refuse(`its folder ${dirname(real)} does not exist`);
  if (!folder?.isDirectory()) refuse(`${dirname(real)} is not a folder`);
  if (!mayWrite(dirname(real))) refuse(`this user may not write in ${dirname(real)}`);
}

function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function mayWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
