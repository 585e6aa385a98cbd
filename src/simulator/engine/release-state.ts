import type { ReleaseStageTrigger } from '../scenario/model.ts';
import type { Identity } from './build-record.ts';
import { computeDeployment } from './release-deployment.ts';
import type { ReleaseEnvironmentRecord, ReleaseRecord } from './release-record.ts';
import type { DeploymentInterrupt, EnvironmentState, ReleaseState } from './release-state-types.ts';

/**
 * A release's full state at simulated time `now`: a pure function of the record (what was created
 * and what was asked for since, with times) and `now`. Nothing is stored or advanced, so polling
 * many releases costs one pass over their stages and tasks per request.
 */
export function computeReleaseState(release: ReleaseRecord, now: number): ReleaseState {
  const byName = new Map<string, ReleaseEnvironmentRecord>();
  for (const env of release.environments) byName.set(env.name.toLowerCase(), env);
  const states = new Map<number, EnvironmentState>();
  const visiting = new Set<number>();

  const stateOf = (env: ReleaseEnvironmentRecord): EnvironmentState => {
    const known = states.get(env.id);
    if (known) return known;
    visiting.add(env.id);
    const state = computeEnvironment(release, env, now, (name) => {
      const other = byName.get(name.toLowerCase());
      // An unknown stage, or a cycle, is a condition that is never met.
      if (!other || visiting.has(other.id)) return null;
      return stateOf(other);
    });
    visiting.delete(env.id);
    states.set(env.id, state);
    return state;
  };

  const environments = release.environments.map(stateOf);
  let modifiedAt = release.modifiedAt <= now ? release.modifiedAt : release.createdAt;
  for (const env of environments) if (env.modifiedAt > modifiedAt) modifiedAt = env.modifiedAt;
  return { status: releaseStatusAt(release, now), modifiedAt, environments };
}

/** The release's own status at `now` (there is no "completed": it stays active, §4.2). */
export function releaseStatusAt(release: ReleaseRecord, now: number): ReleaseState['status'] {
  if (release.abandonedAt !== null && release.abandonedAt <= now) return 'abandoned';
  if (release.activatedAt !== null && release.activatedAt <= now) return 'active';
  return 'draft';
}

/** The trigger in force for a stage of this release at `now`. */
function effectiveTrigger(env: ReleaseEnvironmentRecord, now: number): ReleaseStageTrigger['kind'] {
  return env.manualSince !== null && env.manualSince <= now ? 'manual' : env.trigger.kind;
}

function computeEnvironment(
  release: ReleaseRecord,
  env: ReleaseEnvironmentRecord,
  now: number,
  stageNamed: (name: string) => EnvironmentState | null,
): EnvironmentState {
  const trigger = effectiveTrigger(env, now);
  const automaticAt = automaticTriggerAt(release, env, now, stageNamed);
  const request = requestOf(release, env, automaticAt, now);
  if (!request) {
    return {
      record: env,
      status: 'notStarted',
      trigger,
      deployment: null,
      modifiedAt: release.createdAt,
    };
  }
  const deployment = computeDeployment({
    env,
    requestedAt: request.at,
    reason: request.reason,
    requestedBy: request.by,
    interrupt: interruptOf(release, env, request.at, now),
    now,
  });
  return {
    record: env,
    status: deployment.environmentStatus,
    trigger,
    deployment,
    modifiedAt: deployment.lastModifiedAt,
  };
}

/**
 * When the stage's automatic trigger fires, or `null`. `afterStages` needs every named stage to
 * have `succeeded`: after a failed, rejected or canceled stage it never fires and the stage stays
 * `notStarted` forever, as on the real service. A client must detect that, not wait.
 */
function automaticTriggerAt(
  release: ReleaseRecord,
  env: ReleaseEnvironmentRecord,
  now: number,
  stageNamed: (name: string) => EnvironmentState | null,
): number | null {
  const activatedAt = release.activatedAt;
  if (activatedAt === null || activatedAt > now) return null;
  let at: number;
  switch (env.trigger.kind) {
    case 'manual':
      return null;
    case 'afterRelease':
      at = activatedAt;
      break;
    case 'afterStages':
      at = activatedAt;
      for (const name of env.trigger.stages) {
        const other = stageNamed(name);
        const finishedAt = other?.deployment?.finishedAt ?? null;
        if (other?.status !== 'succeeded' || finishedAt === null) return null;
        if (finishedAt > at) at = finishedAt;
      }
      break;
  }
  // Named in manualEnvironments (at creation or later): only a trigger that came before counts.
  if (env.manualSince !== null && at >= env.manualSince) return null;
  // A trigger at the very moment of the abandon came first (the abandon is a later request).
  if (release.abandonedAt !== null && at > release.abandonedAt) return null;
  return at <= now ? at : null;
}

interface DeployRequest {
  readonly at: number;
  readonly reason: 'automated' | 'manual';
  readonly by: Identity;
}

/** The first of: the automatic trigger, a deploy asked for by a user, the admin's forced finish. */
function requestOf(
  release: ReleaseRecord,
  env: ReleaseEnvironmentRecord,
  automaticAt: number | null,
  now: number,
): DeployRequest | null {
  let request: DeployRequest | null =
    automaticAt === null ? null : { at: automaticAt, reason: 'automated', by: release.createdBy };
  const manual = env.deployRequest;
  if (manual && manual.at <= now && (!request || manual.at < request.at)) {
    request = { at: manual.at, reason: 'manual', by: manual.by };
  }
  const forced = env.forcedFinish;
  if (forced && forced.at <= now && (!request || forced.at < request.at)) {
    request = { at: forced.at, reason: 'manual', by: release.createdBy };
  }
  return request;
}

/** The earliest cancel, abandon or forced finish at or after the request, up to `now`. */
function interruptOf(
  release: ReleaseRecord,
  env: ReleaseEnvironmentRecord,
  requestedAt: number,
  now: number,
): DeploymentInterrupt | null {
  const candidates: DeploymentInterrupt[] = [];
  if (env.cancelRequest) candidates.push({ at: env.cancelRequest.at, kind: 'cancel' });
  // Abandoning a release cancels every deployment still open.
  if (release.abandonedAt !== null) candidates.push({ at: release.abandonedAt, kind: 'cancel' });
  if (env.forcedFinish) {
    candidates.push({ at: env.forcedFinish.at, kind: 'force', result: env.forcedFinish.result });
  }
  let first: DeploymentInterrupt | null = null;
  for (const candidate of candidates) {
    if (candidate.at < requestedAt || candidate.at > now) continue;
    if (!first || candidate.at < first.at) first = candidate;
  }
  return first;
}
