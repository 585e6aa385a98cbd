/**
 * A release request → a ReleaseTarget: the definition found by id or name (searchText with
 * isExactNameMatch), and the stages, artifact aliases and variables checked against it.
 */
import type { ReleaseDefinition } from '../azdo/types.ts';
import { UsageError } from '../errors.ts';
import type { ArtifactVersion, ReleaseRequest, ReleaseTarget } from '../target.ts';
import type { ResolveContext } from './inputs.ts';
import { noSuchName, parseQualifiedName, pickByName, sameName } from './names.ts';
import { checkVariables } from './variables.ts';

export async function resolveRelease(
  context: ResolveContext,
  request: ReleaseRequest,
): Promise<ReleaseTarget> {
  const { client, inputs, call } = context;
  const definitionId = await definitionIdOf(context, request);
  const definition = await client.releases.getDefinition(request.project, definitionId, call);
  const owner = `release definition "${definition.name}"`;
  const allStages = [...(definition.environments ?? [])]
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
    .map((environment) => environment.name);
  // Only release-scope variables can be set when creating a release
  // (docs/design/azure-devops.md §4.1).
  checkVariables(request.variables, definition.variables, {
    input: inputs.variables,
    owner,
    time: 'release',
    refuseUnknown: true,
  });
  return {
    kind: 'release',
    project: request.project,
    definitionId: definition.id,
    definitionName: definition.name,
    allStages,
    stages:
      request.stages === undefined
        ? null
        : checkStages(request.stages, allStages, owner, inputs.stages),
    artifacts: checkArtifacts(request.artifacts, definition, owner, inputs.artifacts),
    variables: request.variables,
    ...(request.description !== undefined ? { description: request.description } : {}),
  };
}

async function definitionIdOf(context: ResolveContext, request: ReleaseRequest): Promise<number> {
  if ('id' in request.definition) return request.definition.id;
  const { client, inputs, call } = context;
  const typed = request.definition.name;
  const exact = await client.releases.listDefinitions(
    request.project,
    { searchText: parseQualifiedName(typed).name, isExactNameMatch: true },
    call,
  );
  const lookup = {
    input: inputs.definition,
    noun: 'release definition',
    project: request.project,
    idInput: inputs.definitionId,
  };
  const found = pickByName(typed, exact.map(asNamed), lookup);
  if (found) return found.id;
  const all = (await client.releases.listDefinitions(request.project, {}, call)).map(asNamed);
  throw noSuchName(typed, all, lookup);
}

function asNamed(definition: ReleaseDefinition) {
  return { id: definition.id, name: definition.name, folder: definition.path ?? '\\' };
}

/** The stages in the definition's spelling, each once, in the order given. */
function checkStages(
  stages: readonly string[],
  allStages: readonly string[],
  owner: string,
  input: string,
): string[] {
  if (stages.length === 0) throw new UsageError(input, `${input}: name at least one stage`);
  const chosen: string[] = [];
  const unknown: string[] = [];
  for (const stage of stages) {
    const defined = allStages.find((name) => sameName(name, stage.trim()));
    if (!defined) unknown.push(stage);
    else if (!chosen.includes(defined)) chosen.push(defined);
  }
  if (unknown.length > 0) {
    throw new UsageError(
      input,
      `${input}: ${unknown.map((name) => `"${name}"`).join(', ')} ${unknown.length === 1 ? 'is not a stage' : 'are not stages'} of ${owner} (its stages: ${allStages.join(', ')})`,
    );
  }
  return chosen;
}

/** The artifacts with the definition's spelling of each alias; an alias at most once. */
function checkArtifacts(
  artifacts: readonly ArtifactVersion[],
  definition: ReleaseDefinition,
  owner: string,
  input: string,
): ArtifactVersion[] {
  const aliases = (definition.artifacts ?? []).map((artifact) => artifact.alias);
  const seen = new Set<string>();
  const checked = artifacts.map((artifact) => {
    const alias = aliases.find((candidate) => sameName(candidate, artifact.alias));
    if (!alias) {
      const known = aliases.length > 0 ? `its aliases: ${aliases.join(', ')}` : 'it has none';
      throw new UsageError(
        input,
        `${input}: "${artifact.alias}" is not an artifact alias of ${owner} (${known})`,
      );
    }
    if (seen.has(alias.toLowerCase())) {
      throw new UsageError(input, `${input}: artifact "${alias}" is given more than once`);
    }
    seen.add(alias.toLowerCase());
    return { ...artifact, alias };
  });
  // An alias whose version is chosen at release creation has no default: the service would
  // refuse the create (VS402962, docs/design/azure-devops.md §4.1), so --dry-run must not call it
  // clean.
  const missing = (definition.artifacts ?? [])
    .filter((artifact) => !seen.has(artifact.alias.toLowerCase()))
    .filter(
      (artifact) =>
        artifact.definitionReference?.defaultVersionType?.id === 'selectDuringReleaseCreationType',
    )
    .map((artifact) => artifact.alias);
  if (missing.length > 0) {
    throw new UsageError(
      input,
      `${input}: ${owner} has no default version for artifact ${missing.map((alias) => `"${alias}"`).join(', ')} (it is chosen when a release is created): give one, e.g. {"${missing[0] ?? ''}": "<build id>"}`,
    );
  }
  return checked;
}
