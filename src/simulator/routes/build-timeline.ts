import type { BuildRecord } from '../engine/build-record.ts';
import { buildLogLines, computeBuildState } from '../engine/build-state.ts';
import type { Route, RouteContext, RouteResponse } from '../http/route.ts';
import { listOf } from '../render/common.ts';
import { renderBuildLog, renderTimeline } from '../render/timeline-json.ts';
import { buildOfRoute, intParam, wantsJson } from './build-context.ts';
import { serviceError } from './build-errors.ts';
import { readCount } from './build-query.ts';

/** Timeline and logs of a build or run (docs/design/azure-devops.md §2.4, §2.5). */
export const buildTimelineRoutes: readonly Route[] = [
  {
    // The spec writes `{timelineId}` as required, but the service and the Node client leave it
    // out (docs/design/azure-devops.md §2.4): both forms are served.
    operation: 'Timeline - Get',
    method: 'GET',
    base: 'org',
    template: '{project}/_apis/build/builds/{buildId:int}/timeline',
    scope: 'vso.build',
    handle: (context) => timeline(context, buildOfRoute(context)),
  },
  {
    operation: 'Timeline - Get',
    method: 'GET',
    base: 'org',
    template: '{project}/_apis/build/builds/{buildId:int}/timeline/{timelineId}',
    scope: 'vso.build',
    handle: (context) => {
      const build = buildOfRoute(context);
      const timelineId = context.request.params.timelineId ?? '';
      // The plan id is the timeline id (docs/design/azure-devops.md §2.4).
      if (timelineId.toLowerCase() !== build.planId.toLowerCase()) {
        throw serviceError(
          404,
          'TimelineNotFoundException',
          `Timeline ${timelineId} of build ${build.id} could not be found.`,
        );
      }
      return timeline(context, build);
    },
  },
  {
    operation: 'Builds - Get Build Logs',
    method: 'GET',
    base: 'org',
    template: '{project}/_apis/build/builds/{buildId:int}/logs',
    scope: 'vso.build',
    handle: (context) => {
      const { state } = context;
      const build = buildOfRoute(context);
      const { logs } = computeBuildState(build, state.now());
      return { status: 200, body: listOf(logs.map((log) => renderBuildLog(state, build, log))) };
    },
  },
  {
    operation: 'Builds - Get Build Log',
    method: 'GET',
    base: 'org',
    template: '{project}/_apis/build/builds/{buildId:int}/logs/{logId:int}',
    scope: 'vso.build',
    handle: (context) => logContent(context, buildOfRoute(context), intParam(context, 'logId')),
  },
];

function timeline(context: RouteContext, build: BuildRecord): RouteResponse {
  const { state, request } = context;
  const computed = computeBuildState(build, state.now());
  const since = readCount(request.query, 'changeId');
  return { status: 200, body: renderTimeline(state, build, computed, since) };
}

/**
 * A log's lines: text by default (what `getBuildLog` streams), `{count, value}` when the client
 * asks for JSON (`getBuildLogLines`), docs/design/azure-devops.md §2.5. `startLine`/`endLine` are
 * 1-based and inclusive [unverified].
 */
function logContent(context: RouteContext, build: BuildRecord, logId: number): RouteResponse {
  const lines = buildLogLines(build, logId, context.state.now());
  if (!lines) {
    throw serviceError(
      404,
      'BuildLogNotFoundException',
      `Log ${logId} of build ${build.id} could not be found.`,
    );
  }
  const { query } = context.request;
  const startLine = readCount(query, 'startLine');
  const endLine = readCount(query, 'endLine');
  const from = Math.max(1, startLine ?? 1);
  const selected = lines.slice(from - 1, endLine === null ? undefined : Math.max(0, endLine));
  if (wantsJson(context)) return { status: 200, body: listOf(selected) };
  return { status: 200, text: selected.join('\n') };
}
