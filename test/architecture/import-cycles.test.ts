/**
 * No import circle in src/: a module can be read (and loaded) after the modules it imports.
 */
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './source-graph.ts';

describe('the import graph of src/', () => {
  it('has no cycle', () => {
    const cycles = importCycles(importGraph());
    expect(cycles).toEqual([]);
  });

  it('finds a planted cycle, with every file on it', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
  });

  it('sees the files of src/ and their imports', () => {
    const graph = importGraph();
    expect(graph.get('follow/follow.ts')).toContain('follow/build-tracker.ts');
    expect(graph.size).toBeGreaterThan(100);
  });
});
