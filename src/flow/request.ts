import {
  readArtifacts,
  readId,
  readNameList,
  readTemplateParameters,
  readVariables,
} from '../inputs/values.ts';
import type {
  BuildRequest,
  DefinitionSelector,
  PipelineRequest,
  ReleaseRequest,
  TargetRequest,
} from '../target.ts';
import { fail, type YamlPath, type YamlSource } from '../yaml/source.ts';
import { checked } from './checked.ts';
import type { RawStep } from './raw.ts';

/**
 * Turns a step's `pipeline`, `build` or `release` mapping into the TargetRequest its command
 * would build from the same options (docs/design/cli-contract.md). `at` is the step's path; the
 * step must have exactly one kind (checked before).
 */
export function stepRequest(
  source: YamlSource,
  step: RawStep,
  at: YamlPath,
  project: string,
): TargetRequest {
  if (step.pipeline) {
    const raw = step.pipeline;
    const path = [...at, 'pipeline'];
    const request: PipelineRequest = {
      kind: 'pipeline',
      project,
      pipeline: selector(source, path, raw, ['pipelineId'], 'pipeline'),
      ...revision(raw),
      variables: optional(source, [...path, 'variables'], raw.variables, readVariables, {}),
      templateParameters: optional(
        source,
        [...path, 'templateParameters'],
        raw.templateParameters,
        readTemplateParameters,
        {},
      ),
      stagesToSkip: optional(source, [...path, 'stagesToSkip'], raw.stagesToSkip, readNameList, []),
    };
    return request;
  }
  if (step.build) {
    const raw = step.build;
    const path = [...at, 'build'];
    const request: BuildRequest = {
      kind: 'build',
      project,
      definition: selector(source, path, raw, ['definitionId'], 'definition'),
      ...revision(raw),
      variables: optional(source, [...path, 'variables'], raw.variables, readVariables, {}),
    };
    return request;
  }
  const raw = step.release ?? {};
  const path = [...at, 'release'];
  const stages =
    raw.stages === undefined ? undefined : checked(source, [...path, 'stages'], readNameList);
  const request: ReleaseRequest = {
    kind: 'release',
    project,
    // `releaseId` is the definition's id, the name kept from the original script; `definitionId`
    // is the same (docs/design/cli-contract.md, `aztm release`).
    definition: selector(source, path, raw, ['releaseId', 'definitionId'], 'definition'),
    artifacts: optional(source, [...path, 'artifacts'], raw.artifacts, readArtifacts, []),
    variables: optional(source, [...path, 'variables'], raw.variables, readVariables, {}),
    ...(raw.description === undefined ? {} : { description: raw.description }),
    ...(stages === undefined ? {} : { stages }),
  };
  return request;
}

/** Exactly one of the id keys or the name key: the definition by id or by name. */
function selector<R extends object>(
  source: YamlSource,
  path: YamlPath,
  raw: R,
  idKeys: readonly (keyof R & string)[],
  nameKey: keyof R & string,
): DefinitionSelector {
  const given = [...idKeys, nameKey].filter((key) => raw[key] !== undefined);
  const [first, second] = given;
  if (second !== undefined) {
    fail(source, [...path, second], `give only one of "${first}" and "${second}"`, 'key');
  }
  if (first === undefined) {
    fail(source, path, `needs ${[...idKeys, nameKey].map((key) => `"${key}"`).join(' or ')}`);
  }
  if (first === nameKey) return { name: String(raw[nameKey]) };
  return { id: checked(source, [...path, first], readId) };
}

function revision(raw: { readonly branch?: string; readonly commit?: string }): {
  branch?: string;
  commit?: string;
} {
  return {
    ...(raw.branch === undefined ? {} : { branch: raw.branch }),
    ...(raw.commit === undefined ? {} : { commit: raw.commit }),
  };
}

function optional<T>(
  source: YamlSource,
  path: YamlPath,
  value: unknown,
  validate: (value: unknown, input: string) => T,
  fallback: T,
): T {
  return value === undefined ? fallback : checked(source, path, validate);
}
