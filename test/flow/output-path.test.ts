import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, linkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import {
  checkWritable,
  refuseCollidingPaths,
  resolveOutputPath,
  type NamedPath,
} from '../../src/flow/output-path.ts';

function folder(): string {
  return resolveOutputPath(mkdtempSync(join(tmpdir(), 'aztm-paths-')));
}

describe('resolveOutputPath', () => {
  it('follows a link to an existing file, a dangling link, and a chain of links', () => {
    const dir = folder();
    writeFileSync(join(dir, 'real.json'), '{}');
    symlinkSync(join(dir, 'real.json'), join(dir, 'link.json'));
    symlinkSync('missing.json', join(dir, 'dangling.json'));
    symlinkSync('link.json', join(dir, 'chain.json'));
    expect(resolveOutputPath(join(dir, 'link.json'))).toBe(join(dir, 'real.json'));
    expect(resolveOutputPath(join(dir, 'dangling.json'))).toBe(join(dir, 'missing.json'));
    expect(resolveOutputPath(join(dir, 'chain.json'))).toBe(join(dir, 'real.json'));
  });

  it('a new file in a linked folder lands in the real folder', () => {
    const dir = folder();
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'alias'));
    expect(resolveOutputPath(join(dir, 'alias', 'new.json'))).toBe(join(dir, 'real', 'new.json'));
  });
});

describe('refuseCollidingPaths', () => {
  const dir = folder();
  writeFileSync(join(dir, 'flow.yaml'), 'steps: []');
  writeFileSync(join(dir, 'state.json'), '{}');
  symlinkSync(join(dir, 'state.json'), join(dir, 'state-link.json'));
  linkSync(join(dir, 'flow.yaml'), join(dir, 'flow-hard.yaml'));
  const flow: NamedPath = { option: 'FILE', path: join(dir, 'flow.yaml'), role: 'input' };
  const out = (option: string, name: string): NamedPath => ({
    option,
    path: join(dir, name),
    role: 'output',
  });

  it.each([
    [
      '--summary is --state',
      [flow, out('--state', 'state.json'), out('--summary', 'state.json')],
      '--summary',
    ],
    ['--summary is the flow file', [flow, out('--summary', 'flow.yaml')], '--summary'],
    ['--state is the flow file', [flow, out('--state', 'flow.yaml')], '--state'],
    [
      '--trace is --state through a link',
      [flow, out('--state', 'state.json'), out('--trace', 'state-link.json')],
      '--trace',
    ],
    [
      '--summary is a hard link of the flow file',
      [flow, out('--summary', 'flow-hard.yaml')],
      '--summary',
    ],
    [
      '--trace and --summary are one new file',
      [flow, out('--summary', 'new.md'), out('--trace', 'new.md')],
      '--trace',
    ],
  ] as const)('%s: refused naming the option', (_, paths, option) => {
    let caught: unknown;
    try {
      refuseCollidingPaths(paths);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).input).toBe(option);
    expect((caught as UsageError).message).toMatch(
      /is the same file as .*give .* a file of its own/,
    );
  });

  it('distinct files are accepted', () => {
    expect(() =>
      refuseCollidingPaths([
        flow,
        out('--state', 'state.json'),
        out('--summary', 'summary.md'),
        out('--trace', 'trace.jsonl'),
      ]),
    ).not.toThrow();
  });
});

describe('checkWritable', () => {
  it('accepts a new file in a folder that exists, an existing file, and a link to one', () => {
    const dir = folder();
    writeFileSync(join(dir, 'old.md'), '');
    symlinkSync(join(dir, 'old.md'), join(dir, 'link.md'));

    for (const name of ['new.md', 'old.md', 'link.md']) {
      expect(() => checkWritable('--summary', join(dir, name))).not.toThrow();
    }
  });

  it.each([
    ['a folder', (dir: string) => dir, /--summary \S+: is a folder; give a file in a folder/],
    [
      'a file in a folder that is not there',
      (dir: string) => join(dir, 'missing', 'summary.md'),
      /--summary \S+: its folder \S+missing does not exist; give a file/,
    ],
    [
      'a file below a file',
      (dir: string) => {
        writeFileSync(join(dir, 'plain'), '');
        return join(dir, 'plain', 'summary.md');
      },
      /--summary \S+: \S+plain is not a folder; give a file/,
    ],
  ])('refuses %s, naming the option and the path', (_what, pathIn, message) => {
    const path = pathIn(folder());

    expect(() => checkWritable('--summary', path)).toThrow(UsageError);
    expect(() => checkWritable('--summary', path)).toThrow(message);
  });
});
