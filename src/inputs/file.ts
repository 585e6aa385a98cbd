/**
 * The one way aztm reads a file a user names (`--ca-file`, `--scenario`, `--replay`, a flow file,
 * `--state`, ...): only a regular file (a symbolic link to one is fine), and at most
 * MAX_INPUT_FILE_BYTES of it. A FIFO, a device such as /dev/zero, a socket or a directory would
 * block aztm or never end; they are refused with a UsageError naming the input, before a read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { UsageError } from '../errors.ts';

/** 10 MB: far more than any certificate bundle, scenario, flow, trace or state file. */
const MAX_INPUT_FILE_BYTES = 10 * 1024 * 1024;

/** Why a file could not be read, for adapters that word their own message (a flow file). */
type InputFileProblem = 'missing' | 'not a regular file' | 'too large' | 'unreadable';

/** A file given as an input that is not one aztm can read. */
export class InputFileError extends UsageError {
  readonly path: string;
  readonly problem: InputFileProblem;
  /** What is wrong, about "it": `it is a character device, not a regular file of at most 10 MB`. */
  readonly reason: string;

  constructor(
    input: string,
    path: string,
    problem: InputFileProblem,
    reason: string,
    what: string,
  ) {
    super(input, `${input}: cannot read ${shown(path)}: ${reason}; expected ${what}`);
    this.name = 'InputFileError';
    this.path = path;
    this.problem = problem;
    this.reason = reason;
  }
}

/**
 * Reads the file at `path`, given as `input` (`--ca-file`), as UTF-8.
 * @param what what the file should be, for messages: `a PEM file of certificate authorities`.
 * @throws InputFileError when it does not exist, is not a regular file, is larger than
 *   MAX_INPUT_FILE_BYTES or cannot be read.
 */
export function readInputFile(path: string, input: string, what = 'a file'): string {
  const fail = (problem: InputFileProblem, reason: string): InputFileError =>
    new InputFileError(input, path, problem, reason, what);
  if (path.trim() === '' || path.includes('\0')) {
    throw fail('missing', 'that is not a file name');
  }
  let stats: Stats;
  try {
    // stat, not lstat: a symbolic link to a regular file is fine.
    stats = statSync(path);
  } catch (error) {
    throw unreadable(error, fail);
  }
  refuseSpecial(stats, fail);
  let descriptor: number;
  try {
    // Non-blocking: should the path become a FIFO between stat and open, open does not wait for
    // a writer; fstat below then refuses it.
    descriptor = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw unreadable(error, fail);
  }
  try {
    refuseSpecial(fstatSync(descriptor), fail);
    // Chunks until the end, never more than one past the limit: a file that grows while being
    // read (or a /proc file that says it is empty) cannot run on.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const read = readSync(descriptor, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      length += read;
      if (length > MAX_INPUT_FILE_BYTES) throw tooLarge(fail);
    }
    return Buffer.concat(chunks, length).toString('utf8');
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw unreadable(error, fail);
  } finally {
    closeSync(descriptor);
  }
}

/** Like readInputFile, but `undefined` when nothing is at `path` (a `--state` file's first run). */
export function readInputFileIfAny(path: string, input: string, what?: string): string | undefined {
  try {
    return readInputFile(path, input, what);
  } catch (error) {
    if (error instanceof InputFileError && error.problem === 'missing' && path.trim() !== '') {
      return undefined;
    }
    throw error;
  }
}

const LIMIT = `${MAX_INPUT_FILE_BYTES / 1024 / 1024} MB`;

type Fail = (problem: InputFileProblem, reason: string) => InputFileError;

function refuseSpecial(stats: Stats, fail: Fail): void {
  if (!stats.isFile()) {
    throw fail(
      'not a regular file',
      `it is ${kindOf(stats)}, not a regular file of at most ${LIMIT}`,
    );
  }
  if (stats.size > MAX_INPUT_FILE_BYTES) throw tooLarge(fail);
}

function tooLarge(fail: Fail): InputFileError {
  return fail('too large', `it is larger than ${LIMIT}, the most aztm reads`);
}

function unreadable(error: unknown, fail: Fail): InputFileError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return fail('missing', 'it does not exist');
  if (code === 'EACCES' || code === 'EPERM') return fail('unreadable', 'permission denied');
  if (code === 'ENAMETOOLONG') return fail('missing', 'its name is too long');
  return fail('unreadable', typeof code === 'string' ? code : String(error));
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

/** A path in a message: a hostile one (100k characters, control characters) stays one short line. */
function shown(path: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = path.replace(/[\u0000-\u001f\u007f]/g, '?');
  return printable.length > 200 ? `${printable.slice(0, 197)}...` : printable;
}
