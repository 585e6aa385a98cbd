import { describe, expect, it } from 'vitest';
import { findCycle, waves } from '../../src/flow/graph.ts';

const node = (id: string, ...dependsOn: string[]) => ({ id, dependsOn });

describe('waves', () => {
  it('a diamond runs in 3 waves: the top, both sides, the bottom', () => {
    const steps = [
      node('bottom', 'left', 'right'),
      node('left', 'top'),
      node('right', 'top'),
      node('top'),
    ];
    expect(waves({ steps }).map((wave) => wave.map((step) => step.id))).toEqual([
      ['top'],
      ['left', 'right'],
      ['bottom'],
    ]);
  });

  it('a step waits for its deepest dependency, not its first', () => {
    const steps = [node('a'), node('b', 'a'), node('c', 'a', 'b'), node('lone')];
    expect(waves({ steps }).map((wave) => wave.map((step) => step.id))).toEqual([
      ['a', 'lone'],
      ['b'],
      ['c'],
    ]);
  });
});

describe('findCycle', () => {
  it.each<[string, ReturnType<typeof node>[], string[] | undefined]>([
    [
      'none in a diamond',
      [node('d', 'b', 'c'), node('b', 'a'), node('c', 'a'), node('a')],
      undefined,
    ],
    ['a self-loop', [node('a', 'a')], ['a', 'a']],
    [
      'a longer loop, from where the walk entered it',
      [node('x'), node('a', 'x', 'b'), node('b', 'c'), node('c', 'a')],
      ['a', 'b', 'c', 'a'],
    ],
  ])('%s', (_name, steps, cycle) => {
    expect(findCycle(steps)).toEqual(cycle);
  });
});
