import { describe, expect, it } from 'vitest';
import {
  closeMatches,
  editDistance,
  normalizeFolder,
  parseQualifiedName,
} from '../../src/resolve/names.ts';

describe('parseQualifiedName', () => {
  it.each([
    ['deploy', { folder: null, name: 'deploy' }],
    ['Infra\\deploy', { folder: 'infra', name: 'deploy' }],
    ['\\Infra\\Gateway\\deploy', { folder: 'infra\\gateway', name: 'deploy' }],
    ['infra/deploy', { folder: 'infra', name: 'deploy' }],
    ['\\deploy', { folder: '', name: 'deploy' }],
    ['  deploy  ', { folder: null, name: 'deploy' }],
  ])('%j → %j', (input, expected) => {
    expect(parseQualifiedName(input)).toEqual(expected);
  });

  it('normalizes folders: slashes, case, leading and trailing separators', () => {
    expect(normalizeFolder('\\Infra/Gateway\\')).toBe('infra\\gateway');
    expect(normalizeFolder('\\')).toBe('');
  });
});

describe('closeMatches', () => {
  const all = [
    { id: 1, name: 'deploy-gateway', folder: '\\infra' },
    { id: 2, name: 'deploy-production', folder: '\\' },
    { id: 3, name: 'notify', folder: '\\' },
    { id: 4, name: 'smoke-tests', folder: '\\' },
  ];

  it.each([
    ['deploy-gatway', [1]],
    ['notfy', [3]],
    ['gateway', [1]],
    ['deploy', [2, 1]],
    ['zzz', []],
  ])('%s → %j', (typed, ids) => {
    expect(closeMatches(typed, all).map((candidate) => candidate.id)).toEqual(ids);
  });

  it('counts edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
