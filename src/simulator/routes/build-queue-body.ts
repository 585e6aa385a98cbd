import type { QueueRequest } from '../engine/build-create.ts';
import type { SimHttpError } from '../http/errors.ts';
import { buildValidation, pipelineValidation } from './build-errors.ts';

/**
 * Reads the bodies that queue work: the Runs API's `RunPipelineParameters`
 * (docs/design/azure-devops.md §1.1) and the Build API's `Build` (§2.1), into one `QueueRequest`.
 * Shapes the service could not bind are refused with each API's validation error.
 */

type Fail = (problem: string) => SimHttpError;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Scalars are taken as their string form: the Node typings allow only strings (§1.1). */
function scalar(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function readStringMap(value: unknown, field: string, fail: Fail): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw fail(`'${field}' must be an object of names to string values.`);
  const result: Record<string, string> = {};
  for (const [name, raw] of Object.entries(value)) {
    const text = scalar(raw);
    if (text === null) throw fail(`The value of '${field}.${name}' must be a string.`);
    result[name] = text;
  }
  return result;
}

function optionalString(value: unknown, field: string, fail: Fail): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw fail(`'${field}' must be a string.`);
  return value.trim() === '' ? null : value;
}

/** `RunPipelineParameters` of `POST .../pipelines/{id}/runs` and `.../preview`. */
export function readRunPipelineParameters(body: unknown): QueueRequest & {
  readonly previewRun: boolean;
} {
  const fail: Fail = (problem) => pipelineValidation([problem]);
  if (body === undefined || body === null) body = {};
  if (!isObject(body)) throw fail('The request body must be a RunPipelineParameters object.');
  const resources = isObject(body.resources) ? body.resources : {};
  const repositories = isObject(resources.repositories) ? resources.repositories : {};
  const self = isObject(repositories.self) ? repositories.self : {};
  const variables: Record<string, { value: string; isSecret: boolean }> = {};
  if (body.variables !== undefined && body.variables !== null) {
    if (!isObject(body.variables)) throw fail(`'variables' must be an object of variables.`);
    for (const [name, raw] of Object.entries(body.variables)) {
      const value = isObject(raw) ? scalar(raw.value ?? '') : null;
      if (value === null || !isObject(raw)) {
        throw fail(
          `Variable '${name}' must be an object like {"value": "...", "isSecret": false}.`,
        );
      }
      variables[name] = { value, isSecret: raw.isSecret === true };
    }
  }
  const stagesToSkip = body.stagesToSkip ?? [];
  if (!Array.isArray(stagesToSkip) || !stagesToSkip.every((s) => typeof s === 'string')) {
    throw fail(`'stagesToSkip' must be an array of stage names.`);
  }
  return {
    sourceBranch: optionalString(self.refName, 'resources.repositories.self.refName', fail),
    sourceVersion: optionalString(self.version, 'resources.repositories.self.version', fail),
    variables,
    templateParameters: readStringMap(body.templateParameters, 'templateParameters', fail),
    stagesToSkip,
    previewRun: body.previewRun === true,
  };
}

/**
 * The `Build` body of `POST .../build/builds`: `definition.id` (or `?definitionId=` with no body),
 * and `parameters`, a JSON string holding an object of queue-time variables (§2.1).
 */
export function readQueueBuildBody(
  body: unknown,
  definitionIdQuery: string | null,
): { readonly definitionId: number | null; readonly request: QueueRequest } {
  const fail: Fail = (problem) => buildValidation([problem]);
  if ((body === undefined || body === null) && definitionIdQuery !== null) body = {};
  if (!isObject(body)) throw fail('The request body must be a Build object.');
  const definition = isObject(body.definition) ? body.definition : {};
  const rawId = definition.id ?? definitionIdQuery ?? null;
  const definitionId = rawId === null ? null : Number(rawId);
  if (definitionId !== null && !Number.isInteger(definitionId)) {
    throw fail(`The definition id ${JSON.stringify(rawId)} is not valid.`);
  }
  return {
    definitionId,
    request: {
      sourceBranch: optionalString(body.sourceBranch, 'sourceBranch', fail),
      sourceVersion: optionalString(body.sourceVersion, 'sourceVersion', fail),
      variables: readParametersString(body.parameters, fail),
      templateParameters: readStringMap(body.templateParameters, 'templateParameters', fail),
      stagesToSkip: [],
    },
  };
}

/**
 * `parameters` is a JSON string, not an object (docs/design/azure-devops.md §2.1, specs issue
 * #188).
 */
function readParametersString(
  value: unknown,
  fail: Fail,
): Record<string, { value: string; isSecret: boolean }> {
  if (value === undefined || value === null || value === '') return {};
  const hint = `'parameters' must be a JSON string holding an object of variable names to values, such as "{\\"name\\":\\"value\\"}"`;
  if (typeof value !== 'string') throw fail(`${hint}; got a JSON ${typeof value}.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw fail(`${hint}; got text that is not JSON.`);
  }
  if (!isObject(parsed)) throw fail(`${hint}; got JSON that is not an object.`);
  const variables: Record<string, { value: string; isSecret: boolean }> = {};
  for (const [name, raw] of Object.entries(parsed)) {
    const text = scalar(raw);
    if (text === null) throw fail(`${hint}; the value of '${name}' is not a string.`);
    variables[name] = { value: text, isSecret: false };
  }
  return variables;
}
