import { BuildResult, BuildStatus, parseEnum } from '../../azdo/enums.ts';
import { cancelBuild, cancelStage } from '../engine/build-actions.ts';
import {
  canReadRepository,
  createBuildRecord,
  currentRequestSeq,
  findDefinition,
  normalizeBranch,
  validateQueueRequest,
} from '../engine/build-create.ts';
import type { BuildRecord } from '../engine/build-record.ts';
import { computeBuildState, type BuildState } from '../engine/build-state.ts';
import { requirePermission } from '../http/permissions.ts';
import type { Route } from '../http/route.ts';
import { renderBuild, renderQueuedBuild } from '../render/build-json.ts';
import { identityOf, listOf } from '../render/common.ts';
import { buildDefinitionRoutes } from './build-definitions.ts';
import {
  buildValidation,
  definitionNotFound,
  repositoryNotFound,
  serviceError,
} from './build-errors.ts';
import { buildOfRoute, objectBody, projectOfRoute } from './build-context.ts';
import { buildTimelineRoutes } from './build-timeline.ts';
import { readQueueBuildBody } from './build-queue-body.ts';
import {
  continuationHeaders,
  readCount,
  readFlagsFilter,
  readIntList,
  sortByKey,
  takePage,
  type SortKey,
} from './build-query.ts';

const QUERY_ORDERS = [
  'queueTimeDescending',
  'queueTimeAscending',
  'startTimeDescending',
  'startTimeAscending',
  'finishTimeDescending',
  'finishTimeAscending',
] as const;
type QueryOrder = (typeof QUERY_ORDERS)[number];

/** `StageUpdateType` with the Node client's numbers (cancel is 0); `run` arrives in 7.2. */
const STAGE_UPDATE_TYPE = { cancel: 0, retry: 1, run: 2 } as const;

/**
 * Builds of the Build API (docs/design/azure-devops.md §2): queue, get, list, cancel; then timeline
 * and logs.
 */
export const buildRoutes: readonly Route[] = [
  {
    operation: 'Builds - Queue',
    method: 'POST',
    base: 'org',
    template: '{project}/_apis/build/builds',
    scope: 'vso.build_execute',
    handle: (context) => {
      const { state, request, identity } = context;
      const project = projectOfRoute(context);
      const { definitionId, request: queue } = readQueueBuildBody(
        request.body,
        request.query.get('definitionId'),
      );
      if (definitionId === null) throw buildValidation(['No build definition was specified.']);
      const definition = findDefinition(project, definitionId);
      if (!definition) throw definitionNotFound(definitionId);
      requirePermission(
        identity,
        'queueBuilds',
        project,
        `${definition.spec.id}:${definition.spec.name}`,
      );
      if (!canReadRepository(identity, definition)) {
        throw repositoryNotFound(definition.spec.repository);
      }
      const problems = validateQueueRequest(definition, queue);
      if (problems.length > 0) throw buildValidation(problems);
      const build = createBuildRecord(state, definition, queue, identityOf(state, identity), {
        api: 'queue',
        apiVersion: request.apiVersion,
        token: identity.name,
        requestSeq: currentRequestSeq(state, 'Builds - Queue'),
      });
      return { status: 200, body: renderQueuedBuild(state, build) };
    },
  },
  {
    operation: 'Builds - Get',
    method: 'GET',
    base: 'org',
    template: '{project}/_apis/build/builds/{buildId:int}',
    scope: 'vso.build',
    handle: (context) => ({ status: 200, body: renderBuild(context.state, buildOfRoute(context)) }),
  },
  {
    operation: 'Builds - Update Build',
    method: 'PATCH',
    base: 'org',
    template: '{project}/_apis/build/builds/{buildId:int}',
    scope: 'vso.build_execute',
    handle: (context) => {
      const { state, identity } = context;
      const build = buildOfRoute(context);
      if (/^true$/i.test(context.request.query.get('retry') ?? '')) {
        throw serviceError(
          400,
          'InvalidBuildStatusUpdateException',
          'The simulator does not retry builds: queue a new one instead.',
        );
      }
      const body = objectBody(context, 'build');
      if (body.status !== undefined) {
        // The Node client sends `{"status": 4}`, others `"cancelling"`
        // (docs/design/azure-devops.md §2.3, §0.4).
        const status = parseEnum(BuildStatus, body.status);
        if (status !== 'cancelling') {
          throw serviceError(
            400,
            'InvalidBuildStatusUpdateException',
            `The build status cannot be set to ${JSON.stringify(body.status)}: only a cancel ("status": "cancelling") can be requested.`,
          );
        }
        // Cancelling a completed build changes nothing and is not an error.
        cancelBuild(state, build, identityOf(state, identity));
      }
      return { status: 200, body: renderBuild(state, build) };
    },
  },
  {
    operation: 'Builds - List',
    method: 'GET',
    base: 'org',
    template: '{project}/_apis/build/builds',
    scope: 'vso.build',
    handle: (context) => {
      const { state, request } = context;
      const project = projectOfRoute(context);
      const { query } = request;
      const definitions = readIntList(query, 'definitions');
      const buildIds = readIntList(query, 'buildIds');
      const statuses = readFlagsFilter(query, 'statusFilter', BuildStatus);
      const results = readFlagsFilter(query, 'resultFilter', BuildResult);
      const branch = query.get('branchName');
      const wantedBranch = branch ? normalizeBranch(branch).toLowerCase() : null;
      const orderRaw = query.get('queryOrder');
      const order = orderRaw === null ? 'queueTimeDescending' : parseQueryOrder(orderRaw);
      const now = state.now();
      const matching: { build: BuildRecord; computed: BuildState }[] = [];
      for (const build of state.builds.values()) {
        if (build.projectId !== project.id) continue;
        if (definitions && !definitions.includes(build.definitionId)) continue;
        if (buildIds && !buildIds.includes(build.id)) continue;
        if (wantedBranch && build.sourceBranch.toLowerCase() !== wantedBranch) continue;
        const computed = computeBuildState(build, now);
        if (statuses && !statuses.has('all') && !statuses.has(computed.status)) continue;
        if (results && (computed.result === null || !results.has(computed.result))) continue;
        matching.push({ build, computed });
      }
      const keyOf = (item: (typeof matching)[number]): SortKey => sortKey(item, order);
      const page = takePage(
        sortByKey(matching, keyOf),
        keyOf,
        readCount(query, '$top'),
        query.get('continuationToken'),
      );
      return {
        status: 200,
        body: listOf(page.value.map(({ build, computed }) => renderBuild(state, build, computed))),
        headers: continuationHeaders(page),
      };
    },
  },
  {
    // 200 with no body (spec). Only `cancel` is simulated; `retry` and `run` are refused.
    operation: 'Stages - Update',
    method: 'PATCH',
    base: 'org',
    template: '{project}/_apis/build/builds/{buildId:int}/stages/{stageRefName}',
    scope: 'vso.build_execute',
    handle: (context) => {
      const build = buildOfRoute(context);
      const stageName = context.request.params.stageRefName ?? '';
      const { state: wanted } = objectBody(context, 'updateParameters');
      if (parseEnum(STAGE_UPDATE_TYPE, wanted) !== 'cancel') {
        throw serviceError(
          400,
          'InvalidBuildStatusUpdateException',
          `The simulator can only cancel a stage ("state": "cancel"), got ${JSON.stringify(wanted)}.`,
        );
      }
      if (cancelStage(context.state, build, stageName) === 'notFound') {
        throw serviceError(
          404,
          'StageNotFoundException',
          `Stage ${stageName} does not exist in build ${build.id}.`,
        );
      }
      return { status: 200 };
    },
  },
  ...buildTimelineRoutes,
  ...buildDefinitionRoutes,
];

function parseQueryOrder(raw: string): QueryOrder {
  const found = QUERY_ORDERS.find((order) => order.toLowerCase() === raw.trim().toLowerCase());
  if (!found) {
    throw serviceError(
      400,
      'ArgumentException',
      `The value '${raw}' of parameter 'queryOrder' is not valid. Expected one of: ${QUERY_ORDERS.join(', ')}.`,
    );
  }
  return found;
}

/** Ascending sort key for an order; builds without the time sort last in both directions. */
function sortKey(item: { build: BuildRecord; computed: BuildState }, order: QueryOrder): SortKey {
  const sign = order.endsWith('Descending') ? -1 : 1;
  const time = order.startsWith('queue')
    ? item.computed.queueTime
    : order.startsWith('start')
      ? item.computed.startTime
      : item.computed.finishTime;
  return time === null ? [1, 0, sign * item.build.id] : [0, sign * time, sign * item.build.id];
}
