import { describe, expect, it } from 'vitest';
import type { Release, TimelineRecord } from '../../src/azdo/types.ts';
import {
  unknownBuildValues,
  unknownRecordValues,
  unknownReleaseValues,
} from '../../src/follow/known-values.ts';
import { TimelineRecords } from '../../src/follow/timeline.ts';
import { approval, build, env, record, release } from './fixtures.ts';

/** A wire answer aztm's types do not allow, as a newer service or a proxy may send it. */
const unexpected = <T>(value: unknown): T => value as T;

describe('values aztm does not know', () => {
  it.each([
    ['known status and result', build({ status: 'completed', result: 'succeeded' }), []],
    ['no result yet', build({ status: 'inProgress' }), []],
    ['7.2 abandoned', build({ status: 'abandoned' }), []],
    [
      'a new status',
      build({ status: unexpected<'none'>('somethingNew') }),
      [{ field: 'build status', value: 'somethingNew' }],
    ],
    [
      'a result in the wrong letter case',
      build({ status: 'completed', result: unexpected<'none'>('Succeeded') }),
      [{ field: 'build result', value: 'Succeeded' }],
    ],
    [
      'a number where a name belongs',
      build({ status: unexpected<'none'>(2) }),
      [{ field: 'build status', value: '2' }],
    ],
  ])('build: %s', (_, answer, expected) => {
    expect(unknownBuildValues(answer)).toEqual(expected);
  });

  it.each([
    ['pending, no result', record({ id: 'a', type: 'Stage' }), []],
    ['7.2 manuallyQueued', record({ id: 'a', type: 'Stage', result: 'manuallyQueued' }), []],
    [
      'a new state',
      record({ id: 'a', type: 'Job', state: unexpected<'pending'>('paused') }),
      [{ field: 'timeline record state', value: 'paused' }],
    ],
  ])('timeline record: %s', (_, answer, expected) => {
    expect(unknownRecordValues(answer)).toEqual(expected);
  });

  it.each([
    ['known', release([env({ id: 1, name: 'Dev', preDeployApprovals: [approval()] })]), []],
    [
      'a new stage status',
      release([env({ id: 1, name: 'Dev', status: unexpected<'queued'>('warmingUp') })]),
      [{ field: 'stage status', value: 'warmingUp' }],
    ],
    [
      'a stage without a status',
      release([env({ id: 1, name: 'Dev', status: unexpected<'queued'>(undefined) })]),
      [{ field: 'stage status', value: 'undefined' }],
    ],
    [
      'a new approval status',
      release([
        env({
          id: 1,
          name: 'Dev',
          postDeployApprovals: [approval({ status: unexpected<'pending'>('escalated') })],
        }),
      ]),
      [{ field: 'approval status', value: 'escalated' }],
    ],
    [
      'a new release status',
      release([], { status: unexpected<Release['status']>('archived') }),
      [{ field: 'release status', value: 'archived' }],
    ],
  ])('release: %s', (_, answer, expected) => {
    expect(unknownReleaseValues(answer)).toEqual(expected);
  });

  it('names a long value only in part', () => {
    const [found] = unknownBuildValues(build({ status: unexpected<'none'>('x'.repeat(500)) }));
    expect(found?.value).toBe(`${'x'.repeat(60)}…`);
  });
});

describe('TimelineRecords.merge with records it cannot use', () => {
  const usable = (candidate: TimelineRecord) => unknownRecordValues(candidate).length === 0;
  const odd = record({ id: 'b', type: 'Job', state: unexpected<'pending'>('paused') });

  it('keeps the usable records and asks again from the same changeId', () => {
    const timeline = new TimelineRecords();
    timeline.merge({ changeId: 5, records: [record({ id: 'a', type: 'Stage' })] }, usable);
    timeline.merge(
      { changeId: 9, records: [record({ id: 'a', type: 'Stage', state: 'inProgress' }), odd] },
      usable,
    );
    expect(timeline.changeId).toBe(5);
    expect(timeline.records.get('a')?.state).toBe('inProgress');
    expect(timeline.records.has('b')).toBe(false);
  });

  it('moves on once every record is usable again', () => {
    const timeline = new TimelineRecords();
    timeline.merge({ changeId: 9, records: [odd] }, usable);
    expect(timeline.changeId).toBeUndefined();
    timeline.merge({ changeId: 10, records: [record({ id: 'b', type: 'Job' })] }, usable);
    expect(timeline.changeId).toBe(10);
  });
});
