import { describe, expect, it } from 'vitest';
import type { QueuedBuild } from '../../src/azdo/builds.ts';
import {
  matchOurRun,
  QUEUE_TIME_ALLOWANCE_MS,
  whyNotOurs,
  type RunCriteria,
} from '../../src/recover/run-match.ts';

const ME = '6f1c3a52-0000-4000-8000-00000000000a';
const SOMEONE_ELSE = '6f1c3a52-0000-4000-8000-00000000000b';
const NEWEST_BEFORE = Date.UTC(2026, 10, 26, 8, 0, 0);

const criteria: RunCriteria = {
  definitionId: 42,
  identityId: ME,
  branch: 'refs/heads/main',
  knownIds: new Set([1000, 1001]),
  notBefore: NEWEST_BEFORE - QUEUE_TIME_ALLOWANCE_MS,
};

/** A run as the list shows it, with `changes`, and without the fields named in `without`. */
function run(
  id: number,
  changes: Partial<QueuedBuild> = {},
  without: readonly (keyof QueuedBuild)[] = [],
): QueuedBuild {
  const full: Record<string, unknown> = {
    id,
    definition: { id: 42, name: 'deploy-gateway' },
    requestedBy: { id: ME, displayName: 'Ada Admin' },
    requestedFor: { id: ME, displayName: 'Ada Admin' },
    sourceBranch: 'refs/heads/main',
    queueTime: new Date(NEWEST_BEFORE + 5_000).toISOString(),
    ...changes,
  };
  for (const field of without) delete full[field];
  return full as unknown as QueuedBuild;
}

describe('which run is the one aztm queued', () => {
  it.each<[string, QueuedBuild, string | null]>([
    ['a new run of the definition, queued by aztm, on the branch', run(1002), null],
    ['one that existed before the create', run(1001), 'it existed before the create'],
    [
      'a run of another definition',
      run(1002, { definition: { id: 43, name: 'x' } }),
      'another definition',
    ],
    [
      'a run queued by another identity',
      run(1002, { requestedBy: { id: SOMEONE_ELSE }, requestedFor: { id: SOMEONE_ELSE } }),
      'queued by another identity',
    ],
    [
      'a run queued by another identity for aztm (requestedBy decides)',
      run(1002, { requestedBy: { id: SOMEONE_ELSE } }),
      'queued by another identity',
    ],
    ['requestedFor when the service sent no requestedBy', run(1002, {}, ['requestedBy']), null],
    [
      'the identity id in another letter case',
      run(1002, { requestedBy: { id: ME.toUpperCase() } }),
      null,
    ],
    [
      'a run without any identity',
      run(1002, {}, ['requestedBy', 'requestedFor']),
      'queued by another identity',
    ],
    [
      'a run on another branch',
      run(1002, { sourceBranch: 'refs/heads/release' }),
      'another branch',
    ],
    ['the branch in another letter case', run(1002, { sourceBranch: 'refs/heads/Main' }), null],
    [
      'a run queued within the allowance before the newest known run (the service clocks)',
      run(1002, { queueTime: new Date(NEWEST_BEFORE - QUEUE_TIME_ALLOWANCE_MS).toISOString() }),
      null,
    ],
    [
      'a run queued earlier than that',
      run(1002, {
        queueTime: new Date(NEWEST_BEFORE - QUEUE_TIME_ALLOWANCE_MS - 1).toISOString(),
      }),
      'queued too early',
    ],
    ['a run without a queue time', run(1002, {}, ['queueTime']), 'queued too early'],
    [
      "the service's seven fractional digits",
      run(1002, { queueTime: '2026-11-26T08:00:05.7145738Z' }),
      null,
    ],
  ])('%s', (_label, candidate, reason) => {
    expect(whyNotOurs(candidate, criteria)).toBe(reason);
  });

  it('any branch when the default branch was asked for', () => {
    const anyBranch = { ...criteria, branch: null };
    expect(whyNotOurs(run(1002, { sourceBranch: 'refs/heads/develop' }), anyBranch)).toBeNull();
  });

  it('no time bound when the definition had no runs before', () => {
    const firstRun = { ...criteria, knownIds: new Set<number>(), notBefore: null };
    expect(whyNotOurs(run(1002, { queueTime: '2020-01-01T00:00:00Z' }), firstRun)).toBeNull();
  });

  it('exactly one candidate among others is ours', () => {
    const found = matchOurRun(
      [run(1004, { requestedBy: { id: SOMEONE_ELSE } }), run(1003), run(1001), run(1000)],
      criteria,
    );
    expect(found).toEqual({ kind: 'one', item: run(1003) });
  });

  it('no candidate: none', () => {
    expect(matchOurRun([run(1001), run(1000)], criteria)).toEqual({ kind: 'none' });
  });

  it('two candidates: several, and aztm cannot tell which', () => {
    const found = matchOurRun([run(1003), run(1002), run(1001)], criteria);
    expect(found.kind).toBe('several');
    expect(found.kind === 'several' && found.items.map((item) => item.id)).toEqual([1003, 1002]);
  });
});
