import { describe, expect, it } from 'vitest';
import type { ReleaseCondition, ReleaseDefinitionEnvironment } from '../../src/azdo/types.ts';
import { planReleaseStages } from '../../src/resolve/stage-plan.ts';

const withRelease: ReleaseCondition = { name: 'ReleaseStarted', conditionType: 'event', value: '' };
const after = (name: string): ReleaseCondition => ({
  name,
  conditionType: 'environmentState',
  value: '4',
});

function env(
  id: number,
  name: string,
  conditions: ReleaseCondition[],
): ReleaseDefinitionEnvironment {
  return { id, name, rank: id, conditions };
}

/** Dev starts with the release, Staging after Dev, Production after Staging, Hotfix manual. */
const CHAIN = [
  env(3, 'Production', [after('Staging')]),
  env(1, 'Dev', [withRelease]),
  env(2, 'Staging', [after('Dev')]),
  env(4, 'Hotfix', []),
];

describe('planReleaseStages', () => {
  it.each([
    // chosen, made manual, deployed explicitly
    [['Dev'], ['Staging', 'Production', 'Hotfix'], []],
    [['Dev', 'Staging', 'Production'], ['Hotfix'], []],
    // Staging waits for Dev, now manual: it would never start.
    [['Staging'], ['Dev', 'Production', 'Hotfix'], ['Staging']],
    // Production follows Staging, which is deployed: only Staging needs a push.
    [['Staging', 'Production'], ['Dev', 'Hotfix'], ['Staging']],
    [['production'], ['Dev', 'Staging', 'Hotfix'], ['Production']],
    // A manual stage never starts by itself.
    [['Hotfix'], ['Dev', 'Staging', 'Production'], ['Hotfix']],
    [['Hotfix', 'Dev'], ['Staging', 'Production'], ['Hotfix']],
  ])('--stages %j: manual %j, deploy %j', (chosen, manual, deploy) => {
    expect(planReleaseStages(CHAIN, chosen)).toEqual({ manual, deploy });
  });

  it('a stage waiting for several stages starts by itself only when all of them are chosen', () => {
    const fanIn = [
      env(1, 'A', [withRelease]),
      env(2, 'B', [withRelease]),
      env(3, 'C', [after('A'), after('B')]),
    ];
    expect(planReleaseStages(fanIn, ['A', 'C']).deploy).toEqual(['C']);
    expect(planReleaseStages(fanIn, ['A', 'B', 'C']).deploy).toEqual([]);
  });

  it('reads condition types in any letter case, as the service may send them', () => {
    const pascal = [env(1, 'Dev', [{ name: 'ReleaseStarted', conditionType: 'Event' as 'event' }])];
    expect(planReleaseStages(pascal, ['Dev']).deploy).toEqual([]);
  });
});
