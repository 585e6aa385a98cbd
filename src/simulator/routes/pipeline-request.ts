import {
  canReadRepository,
  findDefinition,
  nextRunScript,
  runCount,
  validateQueueRequest,
  type DefinitionRef,
} from '../engine/build-create.ts';
import type { BuildRecord } from '../engine/build-record.ts';
import { requirePermission } from '../http/permissions.ts';
import type { RouteContext } from '../http/route.ts';
import { renderFinalYaml } from '../render/pipeline-yaml.ts';
import { intParam, projectOfRoute } from './build-context.ts';
import {
  pipelineNotFound,
  pipelineValidation,
  repositoryNotFound,
  serviceError,
} from './build-errors.ts';
import { readRunPipelineParameters } from './build-queue-body.ts';
import { readCount } from './build-query.ts';

/** What the Pipelines routes read from a request: the pipeline, the run, the run parameters. */

/** The pipeline of the route; `pipelineVersion`, when given, must be an existing revision. */
export function pipelineOfRoute(context: RouteContext): DefinitionRef {
  const id = intParam(context, 'pipelineId');
  const definition = findDefinition(projectOfRoute(context), id);
  const version = readCount(context.request.query, 'pipelineVersion');
  if (!definition || (version !== null && (version < 1 || version > definition.spec.revision))) {
    throw pipelineNotFound(id);
  }
  return definition;
}

export function runOfRoute(context: RouteContext): BuildRecord {
  const definition = pipelineOfRoute(context);
  const runId = intParam(context, 'runId');
  const build = context.state.builds.get(runId);
  if (
    !build ||
    build.projectId !== definition.project.id ||
    build.definitionId !== definition.spec.id
  ) {
    throw serviceError(
      404,
      'PipelineRunNotFoundException',
      `Run ${runId} of pipeline ${definition.spec.id} could not be found.`,
    );
  }
  return build;
}

/**
 * Checks a run or preview request in the service's order [unverified]: the pipeline exists, it is
 * YAML, the caller can read its repository (TF401019, the seed's case), then the parameters.
 */
export function validRunRequest(context: RouteContext): {
  definition: DefinitionRef;
  parameters: ReturnType<typeof readRunPipelineParameters>;
} {
  const definition = pipelineOfRoute(context);
  if (definition.kind !== 'pipeline') {
    throw pipelineValidation([
      `Pipeline '${definition.spec.name}' (${definition.spec.id}) is a classic build definition; the Runs API runs YAML pipelines only. Queue it through the Build API instead: POST {project}/_apis/build/builds with {"definition": {"id": ${definition.spec.id}}}.`,
    ]);
  }
  if (context.project) {
    const subject = `${definition.spec.id}:${definition.spec.name}`;
    requirePermission(context.identity, 'queueBuilds', context.project, subject);
  }
  if (!canReadRepository(context.identity, definition)) {
    throw repositoryNotFound(definition.spec.repository);
  }
  const parameters = readRunPipelineParameters(context.request.body);
  const problems = validateQueueRequest(definition, parameters);
  if (problems.length > 0) throw pipelineValidation(problems);
  return { definition, parameters };
}

export function finalYaml(
  context: RouteContext,
  definition: DefinitionRef,
  parameters: ReturnType<typeof readRunPipelineParameters>,
): string {
  if (definition.kind !== 'pipeline') return '';
  const script = nextRunScript(definition, runCount(context.state, definition));
  return renderFinalYaml(
    definition.spec,
    script,
    parameters.templateParameters,
    parameters.variables,
  );
}
