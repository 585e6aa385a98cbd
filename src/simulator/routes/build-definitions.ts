import {
  allDefinitions,
  definitionFolder,
  findDefinition,
  type DefinitionRef,
} from '../engine/build-create.ts';
import type { BuildRecord } from '../engine/build-record.ts';
import { computeBuildState } from '../engine/build-state.ts';
import type { Route } from '../http/route.ts';
import { renderBuildDefinition, renderBuildDefinitionReference } from '../render/build-json.ts';
import { listOf } from '../render/common.ts';
import type { SimState } from '../state.ts';
import { intParam, projectOfRoute } from './build-context.ts';
import { definitionNotFound, serviceError } from './build-errors.ts';
import {
  continuationHeaders,
  readCount,
  readIntList,
  sortByKey,
  takePage,
  type SortKey,
} from './build-query.ts';

/** Build definitions (docs/design/azure-devops.md §2): YAML pipelines are build definitions too. */
export const buildDefinitionRoutes: readonly Route[] = [
  {
    operation: 'Definitions - List',
    method: 'GET',
    base: 'org',
    template: '{project}/_apis/build/definitions',
    scope: 'vso.build',
    handle: (context) => {
      const { state, request } = context;
      const { query } = request;
      const name = query.get('name');
      const path = query.get('path');
      const ids = readIntList(query, 'definitionIds');
      const pattern = name ? wildcard(name) : null;
      const folder = path ? normalizeFolder(path) : null;
      const matching = allDefinitions(projectOfRoute(context)).filter(
        (definition) =>
          (!pattern || pattern.test(definition.spec.name)) &&
          (!folder || normalizeFolder(definitionFolder(definition)) === folder) &&
          (!ids || ids.includes(definition.spec.id)),
      );
      const keyOf = orderKey(query.get('queryOrder'));
      const page = takePage(
        sortByKey(matching, keyOf),
        keyOf,
        readCount(query, '$top'),
        query.get('continuationToken'),
      );
      const withLatest = /^true$/i.test(query.get('includeLatestBuilds') ?? '');
      return {
        status: 200,
        body: listOf(
          page.value.map((definition) =>
            renderBuildDefinitionReference(
              state,
              definition,
              withLatest ? latestBuilds(state, definition) : {},
            ),
          ),
        ),
        headers: continuationHeaders(page),
      };
    },
  },
  {
    operation: 'Definitions - Get',
    method: 'GET',
    base: 'org',
    template: '{project}/_apis/build/definitions/{definitionId:int}',
    scope: 'vso.build',
    handle: (context) => {
      const id = intParam(context, 'definitionId');
      const definition = findDefinition(projectOfRoute(context), id);
      if (!definition) throw definitionNotFound(id);
      return { status: 200, body: renderBuildDefinition(context.state, definition) };
    },
  },
];

/** `name` filter: `*` matches anything, letter case is ignored. */
function wildcard(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i');
}

/**
 * `path` filter: the folder itself, with or without leading and trailing backslashes and in any
 * letter case [unverified whether the service also matches sub-folders; it does not here].
 */
function normalizeFolder(folder: string): string {
  const trimmed = folder.replaceAll('/', '\\').replace(/^\\+|\\+$/g, '');
  return `\\${trimmed}`.toLowerCase();
}

function orderKey(raw: string | null): (definition: DefinitionRef) => SortKey {
  const order = (raw ?? 'none').trim().toLowerCase();
  switch (order) {
    case 'none':
    case 'lastmodifiedascending':
      return (definition) => [definition.spec.id];
    case 'lastmodifieddescending':
      return (definition) => [-definition.spec.id];
    case 'definitionnameascending':
      return (definition) => [definition.spec.name.toLowerCase(), definition.spec.id];
    case 'definitionnamedescending':
      // Descending by name: sort on the name's code points negated.
      return (definition) => [
        ...[...definition.spec.name.toLowerCase()].map((c) => -(c.codePointAt(0) ?? 0)),
        1,
        -definition.spec.id,
      ];
    default:
      throw serviceError(
        400,
        'ArgumentException',
        `The value '${raw}' of parameter 'queryOrder' is not valid.`,
      );
  }
}

function latestBuilds(
  state: SimState,
  definition: DefinitionRef,
): { latestBuild?: BuildRecord; latestCompletedBuild?: BuildRecord } {
  const now = state.now();
  let latestBuild: BuildRecord | undefined;
  let latestCompletedBuild: BuildRecord | undefined;
  for (const build of state.builds.values()) {
    if (build.projectId !== definition.project.id || build.definitionId !== definition.spec.id) {
      continue;
    }
    if (!latestBuild || build.id > latestBuild.id) latestBuild = build;
    const completed = computeBuildState(build, now).status === 'completed';
    if (completed && (!latestCompletedBuild || build.id > latestCompletedBuild.id)) {
      latestCompletedBuild = build;
    }
  }
  return {
    ...(latestBuild ? { latestBuild } : {}),
    ...(latestCompletedBuild ? { latestCompletedBuild } : {}),
  };
}
