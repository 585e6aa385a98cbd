/** Expands projects: their ids, pipelines, classic build definitions and release definitions. */
import { seededGuid } from '../ids.ts';
import { checkUnique, owner, type Claim } from './checks.ts';
import type { BuildDefinitionSpec, PipelineSpec, ProjectSpec } from './model.ts';
import type { RawBuildDefinition, RawPipeline, RawProject } from './raw.ts';
import { resolveReleaseDefinition } from './resolve-release.ts';
import { resolveClassicRuns, resolvePipelineRuns } from './resolve-runs.ts';
import {
  resolveBranch,
  resolveFolder,
  resolveParameters,
  resolveVariables,
} from './resolve-values.ts';
import type { ScenarioSource, YamlPath } from './yaml-source.ts';

export function resolveProjects(
  source: ScenarioSource,
  raws: readonly RawProject[],
  seed: number,
): ProjectSpec[] {
  const ids = raws.map((raw) => raw.id ?? seededGuid(seed, `project:${raw.name}`));
  // The service resolves a project by name or id, either ignoring letter case (state.ts).
  checkUnique(
    source,
    'project name',
    raws.map((raw, index) => ({
      key: raw.name.toLowerCase(),
      label: JSON.stringify(raw.name),
      path: ['projects', index, 'name'],
      owner: owner(['projects', index]),
    })),
  );
  checkUnique(
    source,
    'project id',
    raws.map((raw, index) => ({
      key: (ids[index] ?? '').toLowerCase(),
      label: ids[index] ?? '',
      path: ['projects', index, 'id'],
      owner: owner(['projects', index], raw.name),
    })),
  );
  return raws.map((raw, index) =>
    resolveProject(source, ['projects', index], raw, ids[index] ?? ''),
  );
}

function resolveProject(
  source: ScenarioSource,
  path: YamlPath,
  raw: RawProject,
  id: string,
): ProjectSpec {
  const pipelines = raw.pipelines ?? [];
  const builds = raw.buildDefinitions ?? [];
  const releases = raw.releaseDefinitions ?? [];
  const definitions = [
    ...pipelines.map((d, i) => ({ raw: d, path: [...path, 'pipelines', i], folder: d.folder })),
    ...builds.map((d, i) => ({ raw: d, path: [...path, 'buildDefinitions', i], folder: d.path })),
  ];
  // A YAML pipeline is a build definition: both lists share one id space and one namespace.
  const shared = '; pipelines and build definitions share one id space';
  checkUnique(
    source,
    'definition id',
    definitions.map((d) => claim(d.path, 'id', String(d.raw.id), String(d.raw.id), d.raw.name)),
    shared,
  );
  checkUnique(
    source,
    'name',
    definitions.map((d) => {
      const folder = resolveFolder(d.folder);
      const label = `${JSON.stringify(d.raw.name)} in folder ${folder}`;
      return claim(d.path, 'name', `${folder}\\${d.raw.name}`.toLowerCase(), label, d.raw.name);
    }),
    NAME_NOTE,
  );
  const releasePaths = releases.map((_, i) => [...path, 'releaseDefinitions', i]);
  checkUnique(
    source,
    'release definition id',
    releases.map((d, i) => claim(releasePaths[i] ?? [], 'id', String(d.id), String(d.id), d.name)),
  );
  checkUnique(
    source,
    'release definition name',
    releases.map((d, i) => {
      const folder = resolveFolder(d.path);
      const label = `${JSON.stringify(d.name)} in folder ${folder}`;
      const key = `${folder}\\${d.name}`.toLowerCase();
      return claim(releasePaths[i] ?? [], 'name', key, label, d.name);
    }),
    NAME_NOTE,
  );
  const definitionNames = new Map(definitions.map((d) => [d.raw.id, d.raw.name]));
  return {
    id,
    name: raw.name,
    pipelines: pipelines.map((p, i) =>
      resolvePipeline(source, [...path, 'pipelines', i], p, raw.name),
    ),
    buildDefinitions: builds.map((b, i) =>
      resolveBuildDefinition(source, [...path, 'buildDefinitions', i], b, raw.name),
    ),
    releaseDefinitions: releases.map((r, i) =>
      resolveReleaseDefinition(source, releasePaths[i] ?? [], r, {
        projectName: raw.name,
        definitionNames,
      }),
    ),
  };
}

/** Azure DevOps compares definition names ignoring letter case. */
const NAME_NOTE = ' (letter case is ignored)';

function claim(itemPath: YamlPath, key: string, value: string, label: string, name: string): Claim {
  return { key: value, label, path: [...itemPath, key], owner: owner(itemPath, name) };
}

function resolvePipeline(
  source: ScenarioSource,
  path: YamlPath,
  raw: RawPipeline,
  projectName: string,
): PipelineSpec {
  return {
    id: raw.id,
    name: raw.name,
    folder: resolveFolder(raw.folder),
    revision: raw.revision ?? 1,
    repository: raw.repository ?? projectName,
    defaultBranch: resolveBranch(raw.defaultBranch),
    variables: resolveVariables(raw.variables),
    parameters: resolveParameters(source, [...path, 'parameters'], raw.parameters),
    runs: resolvePipelineRuns(source, path, raw),
  };
}

function resolveBuildDefinition(
  source: ScenarioSource,
  path: YamlPath,
  raw: RawBuildDefinition,
  projectName: string,
): BuildDefinitionSpec {
  return {
    id: raw.id,
    name: raw.name,
    path: resolveFolder(raw.path),
    revision: raw.revision ?? 1,
    repository: raw.repository ?? projectName,
    defaultBranch: resolveBranch(raw.defaultBranch),
    variables: resolveVariables(raw.variables),
    runs: resolveClassicRuns(source, path, raw),
  };
}
