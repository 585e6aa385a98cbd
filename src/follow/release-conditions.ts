/**
 * Whether a release stage that has not started will ever deploy, read from the release itself.
 * Releases that are declared done only when every stage succeeded hang forever on a manual or
 * blocked stage (docs/design/anchor-tools.md); a stage this says will not deploy is `notDeployed`
 * and is never waited for. Pure.
 *
 * How the release JSON tells (docs/design/azure-devops.md §4.1, §4.5): a stage's `conditions` are
 * its automatic triggers. `event` (`ReleaseStarted`) deploys it when the release starts;
 * `environmentState` deploys it once the named stage ends in one of the statuses of `value` (an
 * EnvironmentStatus bit mask: `4` = succeeded, `132` = succeeded or partially succeeded). A stage
 * with neither is manual: in the definition, or made manual for this release (`manualEnvironments`,
 * `--stages`). `artifact` conditions are filters on those triggers.
 */
import { EnvironmentStatus } from '../azdo/enums.ts';
import type { Release, ReleaseEnvironment } from '../azdo/types.ts';
import type { StageState } from './snapshot.ts';

interface ConditionContext {
  readonly release: Release;
  /**
   * The stages the release was asked to deploy (`--stages`), or `null` for the definition's own
   * triggers. Every other stage was made manual for this release; this does not depend on how
   * the service shows `manualEnvironments` in the stage's conditions.
   */
  readonly stagesToDeploy: readonly string[] | null;
  /** The state of another stage of the release by name (case-insensitive), as decided so far. */
  readonly stageNamed: (name: string) => StageState | undefined;
}

/**
 * Why a `notStarted` stage will not deploy, in words, or `undefined` when it still may.
 * Checked in order: the release was abandoned; the stage was left out of `--stages`; it is
 * manual; a stage it waits for ended otherwise than its condition needs (or will not deploy);
 * its artifact filters did not match.
 */
export function notDeployedReason(
  env: ReleaseEnvironment,
  context: ConditionContext,
): string | undefined {
  if (context.release.status === 'abandoned') return 'the release was abandoned';
  const wanted = context.stagesToDeploy;
  if (wanted !== null && !wanted.some((name) => name.toLowerCase() === env.name.toLowerCase())) {
    return 'not one of the stages to deploy: made manual for this release';
  }
  const conditions = env.conditions ?? [];
  const triggers = conditions.filter(
    (condition) =>
      condition.conditionType === 'event' || condition.conditionType === 'environmentState',
  );
  if (triggers.length === 0) return 'a manual stage that nobody asked to deploy';
  for (const condition of triggers) {
    if (condition.conditionType !== 'environmentState') continue;
    const upstream = context.stageNamed(condition.name);
    if (upstream === undefined) return `it waits for stage '${condition.name}', which is missing`;
    const bit = statusBit(upstream);
    if (bit === null) continue; // still open: the condition may yet be met
    if ((acceptedStatuses(condition.value) & bit) === 0) {
      return `it waits for '${condition.name}' to ${describeMask(condition.value)}, but '${condition.name}' ${describeEnd(upstream)}`;
    }
  }
  // [unverified] An artifact filter that did not match shows `result: false` from creation on.
  if (conditions.some((c) => c.conditionType === 'artifact' && c.result === false)) {
    return 'its artifact filters did not match this release';
  }
  return undefined;
}

/** The accepted EnvironmentStatus bits of an environmentState condition (default: succeeded). */
function acceptedStatuses(value: string | undefined): number {
  const mask = Number(value);
  return Number.isInteger(mask) && mask > 0 ? mask : EnvironmentStatus.succeeded;
}

/**
 * The EnvironmentStatus bit of a stage that has ended, 0 for one that will never deploy (no
 * condition accepts it), `null` for one still open.
 */
function statusBit(state: StageState): number | null {
  switch (state) {
    case 'succeeded':
      return EnvironmentStatus.succeeded;
    case 'partiallySucceeded':
      return EnvironmentStatus.partiallySucceeded;
    case 'failed':
    case 'rejected':
    case 'timedOut':
      return EnvironmentStatus.rejected;
    case 'canceled':
      return EnvironmentStatus.canceled;
    case 'notDeployed':
    case 'skipped':
    case 'notRun':
      return 0;
    case 'notStarted':
    case 'queued':
    case 'waitingForApproval':
    case 'waitingForChecks':
    case 'scheduled':
    case 'running':
    case 'cancelling':
      return null;
  }
}

const MASK_WORDS = {
  succeeded: 'succeed',
  partiallySucceeded: 'partially succeed',
  rejected: 'fail or be rejected',
  canceled: 'be canceled',
} as const;

function describeMask(value: string | undefined): string {
  const mask = acceptedStatuses(value);
  const words = (Object.keys(MASK_WORDS) as (keyof typeof MASK_WORDS)[])
    .filter((name) => (mask & EnvironmentStatus[name]) !== 0)
    .map((name) => MASK_WORDS[name]);
  return words.length > 0 ? words.join(' or ') : 'end';
}

function describeEnd(state: StageState): string {
  if (state === 'notDeployed' || state === 'skipped' || state === 'notRun') {
    return 'will not be deployed';
  }
  return state === 'partiallySucceeded' ? 'partially succeeded' : state;
}
