import {
  allDefinitions,
  createBuildRecord,
  currentRequestSeq,
  type DefinitionRef,
} from '../engine/build-create.ts';
import { computeBuildState } from '../engine/build-state.ts';
import type { Route } from '../http/route.ts';
import { projectUrl } from '../render/build-json.ts';
import { identityOf, listOf } from '../render/common.ts';
import { renderPipeline, renderPipelineReference, renderRun } from '../render/pipeline-json.ts';
import { renderPipelineLog } from '../render/timeline-json.ts';
import { intParam, projectOfRoute } from './build-context.ts';
import { serviceError } from './build-errors.ts';
import { finalYaml, pipelineOfRoute, runOfRoute, validRunRequest } from './pipeline-request.ts';
import {
  continuationHeaders,
  readCount,
  sortByKey,
  takePage,
  type SortKey,
} from './build-query.ts';

/** "Gets top 10000 runs" (docs/design/azure-devops.md §1). */
const MAX_RUNS = 10_000;

/** The Pipelines API (docs/design/azure-devops.md §1): pipelines, runs, preview and run logs. */
export const pipelinesRoutes: readonly Route[] = [
  {
    operation: 'Pipelines - List',
    method: 'GET',
    base: 'org',
    template: '{project}/_apis/pipelines',
    scope: 'vso.build',
    handle: (context) => {
      const { query } = context.request;
      const keyOf = orderBy(query.get('orderBy'));
      const page = takePage(
        sortByKey(allDefinitions(projectOfRoute(context)), keyOf),
        keyOf,
        readCount(query, '$top'),
        query.get('continuationToken'),
      );
      return {
        status: 200,
        body: listOf(
          page.value.map((def) => renderPipeline(context.state, def, { withConfiguration: false })),
        ),
        headers: continuationHeaders(page),
      };
    },
  },
  {
    operation: 'Pipelines - Get',
    method: 'GET',
    base: 'org',
    template: '{project}/_apis/pipelines/{pipelineId:int}',
    scope: 'vso.build',
    handle: (context) => {
      const definition = pipelineOfRoute(context);
      const revision = readCount(context.request.query, 'pipelineVersion');
      return {
        status: 200,
        body: renderPipeline(context.state, definition, {
          withConfiguration: true,
          ...(revision !== null ? { revision } : {}),
        }),
      };
    },
  },
  {
    operation: 'Runs - Run Pipeline',
    method: 'POST',
    base: 'org',
    template: '{project}/_apis/pipelines/{pipelineId:int}/runs',
    scope: 'vso.build_execute',
    handle: (context) => {
      const { state, request, identity } = context;
      const { definition, parameters } = validRunRequest(context);
      if (parameters.previewRun) {
        // A preview run creates nothing and returns the final YAML
        // (docs/design/azure-devops.md §1.1).
        return {
          status: 200,
          body: {
            pipeline: renderPipelineReference(state, definition),
            templateParameters: { ...parameters.templateParameters },
            finalYaml: finalYaml(context, definition, parameters),
          },
        };
      }
      const build = createBuildRecord(state, definition, parameters, identityOf(state, identity), {
        api: 'runs',
        apiVersion: request.apiVersion,
        token: identity.name,
        requestSeq: currentRequestSeq(state, 'Runs - Run Pipeline'),
      });
      return { status: 200, body: renderRun(state, build) };
    },
  },
  {
    operation: 'Preview - Preview',
    method: 'POST',
    base: 'org',
    template: '{project}/_apis/pipelines/{pipelineId:int}/preview',
    scope: 'vso.build',
    handle: (context) => {
      const { definition, parameters } = validRunRequest(context);
      return { status: 200, body: { finalYaml: finalYaml(context, definition, parameters) } };
    },
  },
  {
    operation: 'Runs - List',
    method: 'GET',
    base: 'org',
    template: '{project}/_apis/pipelines/{pipelineId:int}/runs',
    scope: 'vso.build',
    handle: (context) => {
      const { state } = context;
      const definition = pipelineOfRoute(context);
      const runs = [...state.builds.values()]
        .filter(
          (build) =>
            build.projectId === definition.project.id && build.definitionId === definition.spec.id,
        )
        .sort((a, b) => b.id - a.id)
        .slice(0, MAX_RUNS);
      return { status: 200, body: listOf(runs.map((build) => renderRun(state, build))) };
    },
  },
  {
    operation: 'Runs - Get',
    method: 'GET',
    base: 'org',
    template: '{project}/_apis/pipelines/{pipelineId:int}/runs/{runId:int}',
    scope: 'vso.build',
    handle: (context) => ({ status: 200, body: renderRun(context.state, runOfRoute(context)) }),
  },
  {
    operation: 'Logs - List',
    method: 'GET',
    base: 'org',
    template: '{project}/_apis/pipelines/{pipelineId:int}/runs/{runId:int}/logs',
    scope: 'vso.build',
    handle: (context) => {
      const { state } = context;
      const build = runOfRoute(context);
      const { logs } = computeBuildState(build, state.now());
      return {
        status: 200,
        body: {
          logs: logs.map((log) => renderPipelineLog(state, build, log)),
          url: `${projectUrl(state, build.projectId)}/_apis/pipelines/${build.definitionId}/runs/${build.id}/logs`,
        },
      };
    },
  },
  {
    operation: 'Logs - Get',
    method: 'GET',
    base: 'org',
    template: '{project}/_apis/pipelines/{pipelineId:int}/runs/{runId:int}/logs/{logId:int}',
    scope: 'vso.build',
    handle: (context) => {
      const { state } = context;
      const build = runOfRoute(context);
      const logId = intParam(context, 'logId');
      const log = computeBuildState(build, state.now()).logs.find((l) => l.id === logId);
      if (!log) {
        throw serviceError(
          404,
          'BuildLogNotFoundException',
          `Log ${logId} of run ${build.id} could not be found.`,
        );
      }
      return { status: 200, body: renderPipelineLog(state, build, log) };
    },
  },
];

/** `orderBy`: "name asc" by default; `name` or `id`, `asc` or `desc` [unverified beyond name]. */
function orderBy(raw: string | null): (definition: DefinitionRef) => SortKey {
  const [field = 'name', direction = 'asc'] = (raw ?? 'name asc').trim().toLowerCase().split(/\s+/);
  const sign = direction === 'desc' ? -1 : 1;
  if ((field !== 'name' && field !== 'id') || (direction !== 'asc' && direction !== 'desc')) {
    throw serviceError(400, 'ArgumentException', `The orderBy expression '${raw}' is not valid.`);
  }
  if (field === 'id') return (definition) => [sign * definition.spec.id];
  return (definition) => [
    ...[...definition.spec.name.toLowerCase()].map((c) => sign * (c.codePointAt(0) ?? 0)),
    sign * -1,
    sign * definition.spec.id,
  ];
}
