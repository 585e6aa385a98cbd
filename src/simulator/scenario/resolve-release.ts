/** Expands classic release definitions: artifacts, stages, triggers and per-release deploys. */
import { checkExclusive, checkUnique, findCycle, owner } from './checks.ts';
import type {
  ArtifactSpec,
  ArtifactVersionSpec,
  ReleaseDefinitionSpec,
  ReleaseDeployScript,
  ReleaseStageSpec,
  ReleaseStageTrigger,
} from './model.ts';
import type { RawArtifact, RawDeploy, RawReleaseDefinition, RawReleaseStage } from './raw.ts';
import { resolveApproval, resolveTasks } from './resolve-runs.ts';
import { resolveFolder, resolveVariables } from './resolve-values.ts';
import { fail, type ScenarioSource, type YamlPath } from './yaml-source.ts';

const DEFAULT_RELEASE_NAME_FORMAT = 'Release-$(rev:r)';

/** What a release definition can see of its project: the names of its build definition ids. */
interface ReleaseContext {
  readonly projectName: string;
  /** Pipelines and classic build definitions, by id. */
  readonly definitionNames: ReadonlyMap<number, string>;
}

export function resolveReleaseDefinition(
  source: ScenarioSource,
  path: YamlPath,
  raw: RawReleaseDefinition,
  context: ReleaseContext,
): ReleaseDefinitionSpec {
  return {
    id: raw.id,
    name: raw.name,
    path: resolveFolder(raw.path),
    revision: raw.revision ?? 1,
    releaseNameFormat: raw.releaseNameFormat ?? DEFAULT_RELEASE_NAME_FORMAT,
    variables: resolveVariables(raw.variables),
    artifacts: resolveArtifacts(source, [...path, 'artifacts'], raw.artifacts ?? [], context),
    stages: resolveReleaseStages(source, [...path, 'stages'], raw.stages),
    releaseCreatorCanBeApprover: raw.releaseCreatorCanBeApprover ?? true,
  };
}

function resolveArtifacts(
  source: ScenarioSource,
  path: YamlPath,
  raws: readonly RawArtifact[],
  context: ReleaseContext,
): ArtifactSpec[] {
  checkUnique(
    source,
    'artifact alias',
    raws.map((artifact, index) => ({
      key: artifact.alias.toLowerCase(),
      label: JSON.stringify(artifact.alias),
      path: [...path, index, 'alias'],
      owner: owner([...path, index]),
    })),
  );
  const primary = primaryArtifact(source, path, raws);
  return raws.map((raw, index) => {
    const artifactPath = [...path, index];
    const definitionName =
      raw.definition.name ??
      context.definitionNames.get(raw.definition.id) ??
      fail(
        source,
        [...artifactPath, 'definition'],
        `no pipeline or build definition has id ${raw.definition.id} in project "${context.projectName}"; give its name with definition.name`,
      );
    const { defaultVersion, versions } = resolveVersions(source, artifactPath, raw);
    return {
      alias: raw.alias,
      type: raw.type ?? 'Build',
      isPrimary: index === primary,
      definitionId: raw.definition.id,
      definitionName,
      defaultVersion,
      versions,
    };
  });
}

/**
 * The index of the primary artifact: the one marked `isPrimary: true`, else the first one not
 * marked false. A definition with artifacts has exactly one primary artifact, as on the service.
 */
function primaryArtifact(
  source: ScenarioSource,
  path: YamlPath,
  raws: readonly RawArtifact[],
): number {
  const marked = raws.flatMap((raw, index) => (raw.isPrimary === true ? [index] : []));
  const [first, second] = marked;
  if (second !== undefined) {
    fail(
      source,
      [...path, second, 'isPrimary'],
      `only one artifact can be primary, and ${owner([...path, first ?? 0])} already is`,
    );
  }
  if (first !== undefined) return first;
  const fallback = raws.findIndex((raw) => raw.isPrimary !== false);
  if (raws.length > 0 && fallback < 0) {
    fail(
      source,
      [...path, 0, 'isPrimary'],
      'one artifact must be primary; set isPrimary: true on one',
    );
  }
  return fallback;
}

/** The default version is always a version that exists: it is added (as the newest) if unlisted. */
function resolveVersions(
  source: ScenarioSource,
  path: YamlPath,
  raw: RawArtifact,
): { defaultVersion: ArtifactVersionSpec | null; versions: ArtifactVersionSpec[] } {
  const versions = (raw.versions ?? []).map((v) => ({ id: String(v.id), name: v.name }));
  checkUnique(
    source,
    'version id',
    versions.map((version, index) => ({
      key: version.id,
      label: JSON.stringify(version.id),
      path: [...path, 'versions', index, 'id'],
      owner: owner([...path, 'versions', index]),
    })),
  );
  if (raw.defaultVersion === undefined || raw.defaultVersion === null) {
    return { defaultVersion: null, versions };
  }
  const defaultVersion = { id: String(raw.defaultVersion.id), name: raw.defaultVersion.name };
  const listedAt = versions.findIndex((version) => version.id === defaultVersion.id);
  const listed = versions[listedAt];
  if (!listed) return { defaultVersion, versions: [...versions, defaultVersion] };
  if (listed.name !== defaultVersion.name) {
    fail(
      source,
      [...path, 'defaultVersion', 'name'],
      `defaultVersion has id "${defaultVersion.id}", which ${owner([...path, 'versions', listedAt])} names "${listed.name}"; use the same name`,
    );
  }
  return { defaultVersion: listed, versions };
}

function resolveReleaseStages(
  source: ScenarioSource,
  path: YamlPath,
  raws: readonly RawReleaseStage[],
): ReleaseStageSpec[] {
  const claims = (what: 'name' | 'id' | 'rank', value: (index: number) => string) =>
    raws.map((raw, index) => ({
      key: value(index).toLowerCase(),
      label: value(index),
      path: [...path, index, what],
      owner: owner([...path, index], raw.name),
    }));
  const idOf = (index: number): number => raws[index]?.id ?? index + 1;
  const rankOf = (index: number): number => raws[index]?.rank ?? index + 1;
  checkUnique(
    source,
    'stage name',
    claims('name', (i) => JSON.stringify(raws[i]?.name)),
  );
  checkUnique(
    source,
    'stage id',
    claims('id', (i) => String(idOf(i))),
  );
  checkUnique(
    source,
    'stage rank',
    claims('rank', (i) => String(rankOf(i))),
  );
  const names = raws.map((raw) => raw.name);
  const stages = raws.map((raw, index): ReleaseStageSpec => {
    const stagePath = [...path, index];
    checkExclusive(
      source,
      stagePath,
      raw,
      [['deploys'], ['approval', 'tasks', 'duration', 'result', 'log']],
      'describe every release in "deploys", or one deployment for all releases without it',
    );
    return {
      id: idOf(index),
      name: raw.name,
      rank: rankOf(index),
      trigger: resolveTrigger(source, [...stagePath, 'trigger'], raw, names, index),
      variables: resolveVariables(raw.variables),
      deploys: raw.deploys
        ? raw.deploys.map((deploy, i) =>
            resolveDeploy(source, [...stagePath, 'deploys', i], deploy),
          )
        : [resolveDeploy(source, stagePath, raw)],
    };
  });
  const cycle = findCycle(
    stages.map((stage) => ({
      name: stage.name,
      after: stage.trigger.kind === 'afterStages' ? stage.trigger.stages : [],
    })),
  );
  if (cycle) {
    const index = names.indexOf(cycle[0] ?? '');
    fail(source, [...path, index, 'trigger'], `trigger cycle: ${cycle.join(' -> ')}`);
  }
  return stages;
}

/** Default: the first stage deploys when a release is created, each later one after the previous. */
function resolveTrigger(
  source: ScenarioSource,
  path: YamlPath,
  raw: RawReleaseStage,
  names: readonly string[],
  index: number,
): ReleaseStageTrigger {
  const previous = names[index - 1];
  if (raw.trigger === undefined) {
    return previous === undefined
      ? { kind: 'afterRelease' }
      : { kind: 'afterStages', stages: [previous] };
  }
  if (raw.trigger === 'afterRelease' || raw.trigger === 'manual') return { kind: raw.trigger };
  raw.trigger.afterStages.forEach((name, position) => {
    if (!names.includes(name)) {
      fail(
        source,
        [...path, 'afterStages', position],
        `unknown stage "${name}"; the stages of this definition are ${names.join(', ')}`,
      );
    }
  });
  return { kind: 'afterStages', stages: [...new Set(raw.trigger.afterStages)] };
}

function resolveDeploy(
  source: ScenarioSource,
  path: YamlPath,
  raw: RawDeploy,
): ReleaseDeployScript {
  return {
    approval: resolveApproval(source, [...path, 'approval'], raw.approval),
    tasks: resolveTasks(source, path, raw),
  };
}
