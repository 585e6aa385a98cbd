import { UsageError } from '../errors.ts';
import { parseJsonInput } from './json.ts';
import {
  readArtifacts,
  readId,
  readNameList,
  readTemplateParameters,
  readVariables,
} from './values.ts';
import type {
  BuildRequest,
  DefinitionSelector,
  PipelineRequest,
  ReleaseRequest,
  VariableValue,
} from '../target.ts';
import type { OptionValues } from './values.ts';

/** The text of a string option, `undefined` when not given. */
export function text(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A required string option. */
export function required(values: OptionValues, name: string, what: string): string {
  const value = text(values, name)?.trim();
  if (!value) {
    throw new UsageError(
      `--${name}`,
      `${what} is missing: give --${name} or set aztm_${name.replace(/-/g, '_')}`,
    );
  }
  return value;
}

function json(values: OptionValues, name: string): unknown {
  const raw = text(values, name);
  if (raw === undefined) return undefined;
  // --variables may carry secret values: a message about it must not echo them.
  return parseJsonInput(raw, `--${name}`, { mayHoldSecrets: name === 'variables' });
}

function variables(values: OptionValues): Record<string, VariableValue> {
  const parsed = json(values, 'variables');
  return parsed === undefined ? {} : readVariables(parsed, '--variables');
}

/** Exactly one of an id option and a name option. */
function selector(
  values: OptionValues,
  idOptions: readonly string[],
  nameOption: string,
  what: string,
): DefinitionSelector {
  const ids = idOptions.filter((name) => text(values, name) !== undefined);
  const name = text(values, nameOption)?.trim();
  const given = [...ids.map((id) => `--${id}`), ...(name !== undefined ? [`--${nameOption}`] : [])];
  if (given.length > 1) {
    const sameId =
      ids.length === 2 &&
      name === undefined &&
      text(values, ids[0] ?? '') === text(values, ids[1] ?? '');
    if (!sameId)
      throw new UsageError(
        given[0] ?? '',
        `give the ${what} once: ${given.join(' and ')} were both given`,
      );
  }
  const idOption = ids[0];
  if (idOption !== undefined) return { id: readId(text(values, idOption), `--${idOption}`) };
  if (name) return { name };
  throw new UsageError(
    `--${idOptions[0] ?? nameOption}`,
    `the ${what} is missing: give ${idOptions.map((id) => `--${id}`).join(' or ')} or --${nameOption} (or their aztm_* variables)`,
  );
}

export function pipelineRequest(values: OptionValues, project: string): PipelineRequest {
  const templateParameters = json(values, 'template-parameters');
  const stagesToSkip = text(values, 'stages-to-skip');
  const branch = text(values, 'branch')?.trim();
  const commit = text(values, 'commit')?.trim();
  return {
    kind: 'pipeline',
    project,
    pipeline: selector(values, ['pipeline-id'], 'pipeline', 'pipeline'),
    ...(branch ? { branch } : {}),
    ...(commit ? { commit } : {}),
    variables: variables(values),
    templateParameters:
      templateParameters === undefined
        ? {}
        : readTemplateParameters(templateParameters, '--template-parameters'),
    stagesToSkip: stagesToSkip === undefined ? [] : readNameList(stagesToSkip, '--stages-to-skip'),
  };
}

export function buildRequest(values: OptionValues, project: string): BuildRequest {
  const branch = text(values, 'branch')?.trim();
  const commit = text(values, 'commit')?.trim();
  return {
    kind: 'build',
    project,
    definition: selector(values, ['definition-id'], 'definition', 'build definition'),
    ...(branch ? { branch } : {}),
    ...(commit ? { commit } : {}),
    variables: variables(values),
  };
}

export function releaseRequest(values: OptionValues, project: string): ReleaseRequest {
  const artifacts = json(values, 'artifacts');
  const stages = text(values, 'stages');
  const description = text(values, 'description');
  return {
    kind: 'release',
    project,
    definition: selector(
      values,
      ['release-id', 'definition-id'],
      'definition',
      'release definition',
    ),
    artifacts: artifacts === undefined ? [] : readArtifacts(artifacts, '--artifacts'),
    variables: variables(values),
    ...(description !== undefined ? { description } : {}),
    ...(stages !== undefined ? { stages: readNameList(stages, '--stages') } : {}),
  };
}
