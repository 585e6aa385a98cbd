/**
 * `--stages` on a release: which stages to make manual, and which of the chosen ones will not
 * start by themselves and must be deployed explicitly (docs/design/anchor-tools.md: a stage that
 * never starts must not hang the wait).
 */
import type { ReleaseCondition, ReleaseDefinitionEnvironment } from '../azdo/types.ts';
import { sameName } from './names.ts';

interface StagePlan {
  /**
   * Every stage not chosen: `manualEnvironments` of the create (docs/design/azure-devops.md §4.1).
   */
  readonly manual: readonly string[];
  /** Chosen stages to PATCH to `inProgress` once the release exists (§4.3), in rank order. */
  readonly deploy: readonly string[];
}

/**
 * A chosen stage starts by itself when it starts with the release (an `event` condition
 * `ReleaseStarted`), or when every stage it waits for (`environmentState` conditions) is chosen
 * too: those deploy, so it follows them. A stage with neither (a manual trigger), or that waits
 * for a stage now made manual, would never start (docs/design/azure-devops.md §4.5).
 */
export function planReleaseStages(
  environments: readonly ReleaseDefinitionEnvironment[],
  chosen: readonly string[],
): StagePlan {
  const isChosen = (name: string): boolean => chosen.some((stage) => sameName(stage, name));
  const ranked = [...environments].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  return {
    manual: ranked.filter((env) => !isChosen(env.name)).map((env) => env.name),
    deploy: ranked
      .filter((env) => isChosen(env.name) && !startsByItself(env.conditions ?? [], isChosen))
      .map((env) => env.name),
  };
}

function startsByItself(
  conditions: readonly ReleaseCondition[],
  isChosen: (name: string) => boolean,
): boolean {
  const withRelease = conditions.some(
    (condition) => sameType(condition, 'event') && sameName(condition.name, 'ReleaseStarted'),
  );
  if (withRelease) return true;
  const waitsFor = conditions.filter((condition) => sameType(condition, 'environmentState'));
  return waitsFor.length > 0 && waitsFor.every((condition) => isChosen(condition.name));
}

function sameType(condition: ReleaseCondition, type: ReleaseCondition['conditionType']): boolean {
  return String(condition.conditionType).toLowerCase() === type.toLowerCase();
}
