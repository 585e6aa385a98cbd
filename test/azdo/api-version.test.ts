import { describe, expect, it } from 'vitest';
import { clampVersion } from '../../src/azdo/transport.ts';

describe('the api-version under the ceiling an older server names', () => {
  it.each([
    ['7.1', null, '7.1'],
    ['7.1', '7.0', '7.0'],
    ['7.1-preview.1', '7.0', '7.0-preview.1'],
    ['6.0', '7.0', '6.0'],
    ['7.0', '6.0', '6.0'],
    ['7.2-preview.8', '7.1', '7.1-preview.8'],
  ])('%s under %s is %s', (version, ceiling, expected) => {
    expect(clampVersion(version, ceiling)).toBe(expected);
  });
});
