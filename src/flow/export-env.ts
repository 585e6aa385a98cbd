/**
 * A step's inputs as the `aztm_*` environment variables its command reads
 * (docs/design/cli-contract.md, "Options and environment variables"): JSON inputs as JSON text.
 * Variables, not flags, as in the seed's pipeline: values stay out of the logged command line.
 */
import type {
  ArtifactVersion,
  DefinitionSelector,
  TargetRequest,
  VariableValue,
} from '../target.ts';

export function stepEnvironment(request: TargetRequest): Record<string, string> {
  const env: Record<string, string> = {};
  const set = (name: string, value: string | undefined): void => {
    if (value !== undefined) env[`aztm_${name}`] = value;
  };
  switch (request.kind) {
    case 'pipeline':
      selector(set, request.pipeline, 'pipeline_id', 'pipeline');
      set('branch', request.branch);
      set('commit', request.commit);
      if (Object.keys(request.templateParameters).length > 0)
        set('template_parameters', JSON.stringify(request.templateParameters));
      if (request.stagesToSkip.length > 0)
        set('stages_to_skip', JSON.stringify(request.stagesToSkip));
      break;
    case 'build':
      selector(set, request.definition, 'definition_id', 'definition');
      set('branch', request.branch);
      set('commit', request.commit);
      break;
    case 'release':
      // `aztm_release_id` is the definition's id, the name kept from the original script.
      selector(set, request.definition, 'release_id', 'definition');
      if (request.artifacts.length > 0)
        set('artifacts', JSON.stringify(artifacts(request.artifacts)));
      set('description', request.description);
      // A JSON array, as a stage name may hold a comma.
      if (request.stages !== undefined) set('stages', JSON.stringify(request.stages));
      break;
  }
  if (Object.keys(request.variables).length > 0)
    set('variables', JSON.stringify(variables(request.variables)));
  return env;
}

function selector(
  set: (name: string, value: string) => void,
  chosen: DefinitionSelector,
  idName: string,
  nameName: string,
): void {
  if ('id' in chosen) set(idName, String(chosen.id));
  else set(nameName, chosen.name);
}

/** `{"alias": "id"}`, or `{"alias": {"id", "name"}}` when the version has a name. */
function artifacts(list: readonly ArtifactVersion[]): Record<string, unknown> {
  return Object.fromEntries(
    list.map((artifact) => [
      artifact.alias,
      artifact.name === undefined ? artifact.id : { id: artifact.id, name: artifact.name },
    ]),
  );
}

/** Plain values as strings; a secret one keeps its `isSecret` flag. */
function variables(list: Readonly<Record<string, VariableValue>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(list).map(([name, variable]) => [
      name,
      variable.isSecret ? { value: variable.value, isSecret: true } : variable.value,
    ]),
  );
}
