/**
 * A classic build request → a BuildTarget: the definition found by id or `folder\name` through
 * the definitions list's `name` filter, the branch made a full ref, the queue-time variables
 * checked.
 */
import { qualifiedName, type BuildRequest, type BuildTarget } from '../target.ts';
import { fullRef, type ResolveContext } from './inputs.ts';
import { noSuchName, parseQualifiedName, pickByName } from './names.ts';
import { YAML_PROCESS } from './pipeline.ts';
import { checkVariables } from './variables.ts';

export async function resolveBuild(
  context: ResolveContext,
  request: BuildRequest,
): Promise<BuildTarget> {
  const { client, inputs, call } = context;
  const definitionId = await definitionIdOf(context, request);
  const definition = await client.builds.getDefinition(request.project, definitionId, call);
  const path = qualifiedName(definition.path, definition.name);
  const yaml = definition.process?.type === YAML_PROCESS;
  // A YAML pipeline queued through the Build API declares variables in its YAML too, which the
  // API does not list (see resolvePipeline); a classic definition lists every variable it has.
  checkVariables(request.variables, definition.variables, {
    input: inputs.variables,
    owner: `${yaml ? 'pipeline' : 'build definition'} "${path}"`,
    time: 'queue',
    refuseUnknown: !yaml,
  });
  return {
    kind: 'build',
    project: request.project,
    definitionId: definition.id,
    definitionName: definition.name,
    definitionPath: path,
    ...(request.branch ? { branch: fullRef(request.branch) } : {}),
    ...(request.commit ? { commit: request.commit } : {}),
    variables: request.variables,
  };
}

async function definitionIdOf(context: ResolveContext, request: BuildRequest): Promise<number> {
  if ('id' in request.definition) return request.definition.id;
  const { client, inputs, call } = context;
  const typed = request.definition.name;
  const named = (
    await client.builds.listDefinitions(
      request.project,
      { name: parseQualifiedName(typed).name },
      call,
    )
  ).map(asNamed);
  const lookup = {
    input: inputs.definition,
    noun: 'build definition',
    project: request.project,
    idInput: inputs.definitionId,
  };
  const found = pickByName(typed, named, lookup);
  if (found) return found.id;
  // Nothing by that name: the whole list, only to suggest close names.
  const all = (await client.builds.listDefinitions(request.project, {}, call)).map(asNamed);
  throw noSuchName(typed, all, lookup);
}

function asNamed(definition: { id: number; name: string; path?: string }) {
  return { id: definition.id, name: definition.name, folder: definition.path ?? '\\' };
}
