import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.ts';

describe('templates/aztm.mjs, the bundle the step template runs', () => {
  it('is byte for byte a fresh build of the CLI (npm run bundle regenerates it)', () => {
    // The global setup has just built dist/aztm.mjs from the current sources.
    const fresh = readFileSync(CLI);
    const committed = readFileSync('templates/aztm.mjs');
    expect(
      committed.equals(fresh),
      'templates/aztm.mjs is not a build of the current sources: run `npm run bundle` and commit it',
    ).toBe(true);
  });

  it('is one self-contained file: it imports nothing but Node built-ins and its own embedded parts', () => {
    const committed = readFileSync('templates/aztm.mjs', 'utf8');
    const imports = [...committed.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map(
      (match) => match[1] ?? '',
    );
    expect(imports.length).toBeGreaterThan(0);
    // The Entra ID code travels inside the file, compressed, and is imported from a data: URL
    // when first needed (scripts/build.mjs).
    expect(
      imports.filter(
        (specifier) => !specifier.startsWith('node:') && !specifier.startsWith('data:'),
      ),
    ).toEqual([]);
  });
});
