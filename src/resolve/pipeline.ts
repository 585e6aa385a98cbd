/**
 * A YAML pipeline request → a PipelineTarget: the pipeline found by id or `folder\name`, the
 * branch made a full ref, the variables checked against the definition.
 */
import { UsageError } from '../errors.ts';
import type { BuildDefinition } from '../azdo/types.ts';
import { qualifiedName, type PipelineRequest, type PipelineTarget } from '../target.ts';
import { fullRef, type ResolveContext } from './inputs.ts';
import { noSuchName, pickByName } from './names.ts';
import { checkVariables } from './variables.ts';

/**
 * Build definition process types: 1 designer (classic), 2 YAML (docs/design/azure-devops.md §2).
 */
export const YAML_PROCESS = 2;
const DESIGNER_PROCESS = 1;

export async function resolvePipeline(
  context: ResolveContext,
  request: PipelineRequest,
): Promise<PipelineTarget> {
  const { client, inputs, call } = context;
  const input = 'id' in request.pipeline ? inputs.pipelineId : inputs.pipeline;
  const pipelineId = await pipelineIdOf(context, request);
  // The pipeline is a build definition with the same id; that GET shows its variables and
  // whether it is YAML at all.
  const definition = await client.builds.getDefinition(request.project, pipelineId, call);
  if (definition.process?.type === DESIGNER_PROCESS) {
    throw new UsageError(
      input,
      `${input}: "${pathOf(definition)}" (id ${definition.id}) is a classic build definition, not a YAML pipeline: queue it with aztm build --definition-id ${definition.id}`,
    );
  }
  // Variables declared in the YAML are not listed by the API: only those the definition lists
  // as not settable are refused here, the rest is the service's to judge.
  checkVariables(request.variables, definition.variables, {
    input: inputs.variables,
    owner: `pipeline "${pathOf(definition)}"`,
    time: 'queue',
    refuseUnknown: false,
  });
  return {
    kind: 'pipeline',
    project: request.project,
    pipelineId: definition.id,
    pipelineName: definition.name,
    pipelinePath: pathOf(definition),
    ...(request.branch ? { branch: fullRef(request.branch) } : {}),
    ...(request.commit ? { commit: request.commit } : {}),
    variables: request.variables,
    templateParameters: request.templateParameters,
    // Stage names are the YAML's, which the API cannot list: the service checks them on run.
    stagesToSkip: request.stagesToSkip,
  };
}

async function pipelineIdOf(context: ResolveContext, request: PipelineRequest): Promise<number> {
  if ('id' in request.pipeline) return request.pipeline.id;
  const { client, inputs, call } = context;
  const typed = request.pipeline.name;
  // The Pipelines API has no name filter: the whole list it is.
  const all = (await client.pipelines.list(request.project, call)).map((pipeline) => ({
    id: pipeline.id,
    name: pipeline.name,
    folder: pipeline.folder,
  }));
  const lookup = {
    input: inputs.pipeline,
    noun: 'pipeline',
    project: request.project,
    idInput: inputs.pipelineId,
  };
  const found = pickByName(typed, all, lookup);
  if (!found) throw noSuchName(typed, all, lookup);
  return found.id;
}

function pathOf(definition: BuildDefinition): string {
  return qualifiedName(definition.path, definition.name);
}
