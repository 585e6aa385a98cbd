/** No export that nothing imports, anywhere in src/ (src/index.ts is the public API). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unusedExports } from './unused-exports.ts';

describe('the exports of src/', () => {
  it('are all imported somewhere', () => {
    expect(unusedExports()).toEqual([]);
  });

  it('tells an export imported by a test or a file from one imported by nobody', () => {
    const root = mkdtempSync(join(tmpdir(), 'unused-exports-'));
    const src = join(root, 'src');
    mkdirSync(join(src, 'area'), { recursive: true });
    writeFileSync(join(src, 'area/a.ts'), 'export const used = 1;\nexport const dead = 2;\n');
    writeFileSync(
      join(src, 'b.ts'),
      "import { used } from './area/a.ts';\nexport const b = used;\n",
    );
    writeFileSync(join(root, 'b.test.ts'), "import { b } from './src/b.ts';\nvoid b;\n");
    writeFileSync(join(src, 'index.ts'), 'export const api = 3;\n');
    try {
      expect(unusedExports(src, [join(root, 'b.test.ts')])).toEqual(['area/a.ts: dead']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
