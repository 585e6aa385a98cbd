import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { credentialFromInputs, UnsendableTokenError } from '../../src/azdo/auth.ts';
import { UsageError } from '../../src/errors.ts';
import { InputFileError, readInputFile, readInputFileIfAny } from '../../src/inputs/file.ts';
import { exceedsNesting, parseJsonInput } from '../../src/inputs/json.ts';
import { readDuration } from '../../src/inputs/values.ts';

const dir = mkdtempSync(join(tmpdir(), 'aztm-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readInputFile: regular files of at most 10 MB only', () => {
  it('reads a regular file, and one through a symbolic link', () => {
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'hello');
    symlinkSync(file, join(dir, 'link.txt'));

    expect(readInputFile(file, '--x')).toBe('hello');
    expect(readInputFile(join(dir, 'link.txt'), '--x')).toBe('hello');
  });

  it.each([
    ['a character device', () => '/dev/zero', 'it is a character device'],
    ['a directory', () => dir, 'it is a directory'],
    [
      'a FIFO',
      () => {
        const fifo = join(dir, 'fifo');
        execFileSync('mkfifo', [fifo]);
        return fifo;
      },
      'it is a FIFO (named pipe)',
    ],
    [
      'a file over 10 MB',
      () => {
        const big = join(dir, 'big');
        writeFileSync(big, '');
        truncateSync(big, 10 * 1024 * 1024 + 1);
        return big;
      },
      'it is larger than 10 MB',
    ],
    ['a missing file', () => join(dir, 'missing'), 'it does not exist'],
    ['an empty name', () => '', 'that is not a file name'],
  ])('refuses %s, naming the input and what was expected', (_what, path, says) => {
    const file = path();
    const attempt = (): string => readInputFile(file, '--ca-file', 'a PEM file');
    expect(attempt).toThrow(InputFileError);
    expect(attempt).toThrow(/^--ca-file: cannot read .*; expected a PEM file$/);
    expect(attempt).toThrow(says);
  });

  it('reads a missing file as nothing when asked, but still refuses a device', () => {
    expect(readInputFileIfAny(join(dir, 'none.json'), '--state')).toBeUndefined();
    expect(() => readInputFileIfAny('/dev/zero', '--state')).toThrow(/character device/);
  });
});

describe('JSON nesting', () => {
  it('counts brackets outside strings only, without recursion', () => {
    expect(exceedsNesting(`${'['.repeat(32)}${']'.repeat(32)}`)).toBe(false);
    expect(exceedsNesting(`${'['.repeat(33)}${']'.repeat(33)}`)).toBe(true);
    expect(exceedsNesting(`["${'['.repeat(100)}", "\\"${'{'.repeat(100)}"]`)).toBe(false);
    expect(exceedsNesting('['.repeat(1_000_000))).toBe(true);
  });

  it('refuses a too deep option value as bad input naming it', () => {
    expect(() => parseJsonInput('['.repeat(40) + ']'.repeat(40), '--variables')).toThrow(
      new UsageError(
        '--variables',
        '--variables nests arrays or objects deeper than 32 levels, the most aztm takes',
      ),
    );
  });
});

describe('durations', () => {
  it.each([
    [
      '99999999999999999999h',
      '--timeout must be at most 720h (30 days); got "99999999999999999999h"',
    ],
    ['721h', '--timeout must be at most 720h (30 days); got "721h"'],
    ['9'.repeat(400), '--timeout must be at most 720h (30 days)'],
  ])('refuses a --timeout of %s', (value, message) => {
    expect(() => readDuration(value, '--timeout', { min: 1000 })).toThrow(message);
  });

  it('takes exactly the maximum', () => {
    expect(readDuration('720h', '--timeout')).toBe(30 * 24 * 3_600_000);
    expect(readDuration('1h', '--poll-interval', { max: 3_600_000 })).toBe(3_600_000);
    expect(() => readDuration('61m', '--poll-interval', { max: 3_600_000 })).toThrow(
      '--poll-interval must be at most 1h; got "61m"',
    );
  });
});

describe('tokens an HTTP header cannot carry', () => {
  it.each([
    [{ pat: 'tökén✓' }, '--pat (or aztm_pat)'],
    [{ pat: '😀' }, '--pat (or aztm_pat)'],
    [{ token: 'abc\ndef' }, '--token (or aztm_token)'],
    [{ token: 'abc\u0000' }, '--token (or aztm_token)'],
    [{ systemAccessToken: 'jöb' }, 'SYSTEM_ACCESSTOKEN'],
    [{ pat: 'ä', names: { pat: 'aztm_pat_contoso' } }, 'aztm_pat_contoso'],
  ])('refuses %j, naming %s and never the token', (inputs, name) => {
    let error: unknown;
    try {
      credentialFromInputs(inputs);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnsendableTokenError);
    const message = (error as Error).message;
    expect(
      message.startsWith(`${name} holds a character that cannot be sent in an HTTP header`),
    ).toBe(true);
    for (const secret of Object.values(inputs).filter((v) => typeof v === 'string'))
      expect(message).not.toContain(secret);
  });

  it('checks only the token it uses', () => {
    expect(credentialFromInputs({ token: 'good', systemAccessToken: 'jöb' })).toEqual({
      scheme: 'bearer',
      secret: 'good',
    });
  });
});
