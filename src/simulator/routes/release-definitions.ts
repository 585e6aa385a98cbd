import { findReleaseDefinition } from '../engine/release-lookup.ts';
import { badRequest } from '../http/errors.ts';
import type { Route } from '../http/route.ts';
import { renderArtifactVersions } from '../render/release-artifacts.ts';
import { listOf } from '../render/common.ts';
import { FULL_DEFINITION, renderReleaseDefinition } from '../render/release-definition.ts';
import type { ReleaseDefinitionSpec } from '../scenario/model.ts';
import { intPathParam, ok, projectOf } from './release-context.ts';
import {
  boolParam,
  enumParam,
  flagsParam,
  intParam,
  ReleaseDefinitionExpands,
  ReleaseDefinitionQueryOrder,
} from './release-query.ts';

/**
 * `Definitions - Get` and `Definitions - List` (docs/design/azure-devops.md §4.5), and the artifact
 * versions.
 */
export const releaseDefinitionRoutes: readonly Route[] = [
  {
    // `ArtifactVersionQueryResult` (release 7.1 spec definitions; the Node client's
    // `getArtifactVersions`). The spec lists no path for it: the route is the Node client's.
    operation: 'Artifacts - Get Versions',
    method: 'GET',
    base: 'release',
    template: '{project}/_apis/release/artifacts/versions',
    scope: 'vso.release',
    handle: (context) => {
      const project = projectOf(context);
      const definitionId = intParam(context.request.query, 'releaseDefinitionId');
      if (definitionId === undefined) {
        // [unverified] text.
        throw badRequest(
          'InvalidRequestException',
          'Specify the releaseDefinitionId of the release pipeline whose artifact versions you want.',
        );
      }
      const definition = findReleaseDefinition(project, definitionId);
      return ok({
        artifactVersions: definition.artifacts.map((artifact) =>
          renderArtifactVersions(project, artifact),
        ),
      });
    },
  },
  {
    operation: 'Definitions - Get',
    method: 'GET',
    base: 'release',
    template: '{project}/_apis/release/definitions/{definitionId:int}',
    scope: 'vso.release',
    handle: (context) => {
      const project = projectOf(context);
      const definition = findReleaseDefinition(project, intPathParam(context, 'definitionId'));
      return ok(renderReleaseDefinition(context.state, project, definition, FULL_DEFINITION));
    },
  },
  {
    operation: 'Definitions - List',
    method: 'GET',
    base: 'release',
    template: '{project}/_apis/release/definitions',
    scope: 'vso.release',
    handle: (context) => {
      const { query } = context.request;
      const project = projectOf(context);
      const expand = flagsParam(query, '$expand', ReleaseDefinitionExpands) ?? new Set();
      const order = enumParam(query, 'queryOrder', ReleaseDefinitionQueryOrder) ?? 'idAscending';
      const top = intParam(query, '$top');
      const token = query.get('continuationToken');
      let definitions = boolParam(query, 'isDeleted')
        ? []
        : selectDefinitions(project.releaseDefinitions, query).sort(ORDERS[order]);
      if (token) {
        // The token is the id of the first definition of the next page.
        const start = definitions.findIndex((definition) => String(definition.id) === token);
        definitions = start < 0 ? [] : definitions.slice(start);
      }
      const headers: Record<string, string> = {};
      if (top !== undefined && top > 0 && definitions.length > top) {
        headers['x-ms-continuationtoken'] = String(definitions[top]?.id);
        definitions = definitions.slice(0, top);
      }
      const view = {
        environments: expand.has('environments'),
        artifacts: expand.has('artifacts'),
        variables: expand.has('variables'),
        lastRelease: expand.has('lastRelease'),
      };
      const value = definitions.map((definition) =>
        renderReleaseDefinition(context.state, project, definition, view),
      );
      return ok(listOf(value), headers);
    },
  },
];

const ORDERS: Record<
  keyof typeof ReleaseDefinitionQueryOrder,
  (a: ReleaseDefinitionSpec, b: ReleaseDefinitionSpec) => number
> = {
  idAscending: (a, b) => a.id - b.id,
  idDescending: (a, b) => b.id - a.id,
  nameAscending: (a, b) => a.name.localeCompare(b.name) || a.id - b.id,
  nameDescending: (a, b) => b.name.localeCompare(a.name) || b.id - a.id,
};

/** `searchText` (contains, or the whole name with isExactNameMatch), `path`, `definitionIdFilter`. */
function selectDefinitions(
  definitions: readonly ReleaseDefinitionSpec[],
  query: URLSearchParams,
): ReleaseDefinitionSpec[] {
  const searchText = query.get('searchText')?.toLowerCase() ?? '';
  const exact = boolParam(query, 'isExactNameMatch');
  const path = normalizePath(query.get('path') ?? '');
  const ids = (query.get('definitionIdFilter') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  return definitions.filter((definition) => {
    const name = definition.name.toLowerCase();
    if (searchText && (exact ? name !== searchText : !name.includes(searchText))) return false;
    if (ids.length > 0 && !ids.includes(String(definition.id))) return false;
    if (path) {
      // A folder and the folders below it.
      const folder = normalizePath(definition.path);
      if (folder !== path && !folder.startsWith(`${path}\\`)) return false;
    }
    return true;
  });
}

/** `\infra\` and `\Infra` are the same folder; the root is the empty string. */
function normalizePath(path: string): string {
  return path.replace(/\//g, '\\').replace(/\\+$/, '').toLowerCase();
}
