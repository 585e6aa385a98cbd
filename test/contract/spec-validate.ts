/**
 * Validates request bodies and responses against the vendored specs with ajv, over definitions
 * converted to strict JSON Schema (spec-schema.ts, with the exceptions in spec-exceptions.ts).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { WIRE_EXTRA_FIELDS } from './spec-exceptions.ts';
import { loadSpecs } from './spec-load.ts';
import type { SpecOperation } from './spec-operations.ts';
import {
  ENUM_IGNORE_CASE,
  LIBRARY_FORMATS,
  convertSpec,
  type ConvertedSpec,
  type Direction,
  type JsonSchema,
  type SwaggerSchema,
} from './spec-schema.ts';

const SPEC_ID_BASE = 'https://contract.test/specs/';

/**
 * The service's error body (docs/design/azure-devops.md §5), which the specs do not describe: every
 * non-2xx JSON answer is checked against it.
 */
const SERVICE_ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    $id: { type: 'string' },
    customProperties: { type: ['object', 'null'] },
    innerException: { type: ['object', 'null'] },
    message: { type: 'string' },
    typeName: { type: 'string' },
    typeKey: { type: 'string' },
    errorCode: { type: 'integer' },
    eventId: { type: 'integer' },
  },
  required: ['$id', 'innerException', 'message', 'typeName', 'typeKey', 'errorCode', 'eventId'],
  additionalProperties: false,
};

/**
 * ISO 8601 as the service writes it (§0.6): up to 7 fractional digits, and a zone that unset
 * release dates (`0001-01-01T00:00:00`) leave out. ajv-formats' RFC 3339 check would refuse both.
 */
const SERVICE_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/;

interface Validators {
  readonly ajv: Ajv;
  readonly converted: ReadonlyMap<string, ConvertedSpec>;
  readonly compiled: Map<string, ValidateFunction>;
}

const validators = new Map<Direction, Validators>();

function validatorsFor(direction: Direction): Validators {
  const existing = validators.get(direction);
  if (existing) return existing;
  // strict: false because Swagger leaves keywords such as `description` next to `$ref`.
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true });
  addFormats.default(ajv, [...LIBRARY_FORMATS]);
  ajv.addFormat('date-time', SERVICE_DATE_TIME);
  ajv.addKeyword({
    keyword: ENUM_IGNORE_CASE,
    type: 'string',
    schemaType: 'array',
    validate: (allowed: readonly string[], data: string) =>
      allowed.some((value) => value.toLowerCase() === data.toLowerCase()),
  });
  const converted = new Map<string, ConvertedSpec>();
  for (const spec of loadSpecs()) {
    const id = `${SPEC_ID_BASE}${spec.file}`;
    const definitions = spec.document.definitions ?? {};
    const result = convertSpec(definitions, id, direction, WIRE_EXTRA_FIELDS[spec.area]);
    ajv.addSchema({ $id: id, definitions: result.definitions });
    converted.set(spec.file, result);
  }
  const created: Validators = { ajv, converted, compiled: new Map() };
  validators.set(direction, created);
  return created;
}

function compile(
  direction: Direction,
  key: string,
  build: (spec: ConvertedSpec) => JsonSchema,
  specFile: string,
): ValidateFunction {
  const { ajv, converted, compiled } = validatorsFor(direction);
  const cacheKey = `${specFile} ${key}`;
  const cached = compiled.get(cacheKey);
  if (cached) return cached;
  const spec = converted.get(specFile);
  if (!spec) throw new Error(`no spec loaded from ${specFile}`);
  const validate = ajv.compile(build(spec));
  compiled.set(cacheKey, validate);
  return validate;
}

/**
 * Checks a response against the spec. A documented success status has its body checked against
 * the spec's schema, strictly (see spec-schema.ts); a list (`type: array`) arrives wrapped in
 * `{count, value}` (§0.3). An error status has its body checked against the service's error
 * shape. Returns readable problems (`<instancePath> <message>`), none when the response is valid.
 * Pass `body` as `undefined` when the response had none (or was not JSON).
 */
export function validateResponse(
  operation: SpecOperation,
  status: number,
  body: unknown,
): readonly string[] {
  if (status >= 400) {
    if (body === undefined) return [];
    const validate = compile(
      'response',
      'service error',
      () => SERVICE_ERROR_SCHEMA,
      operation.specFile,
    );
    return run(validate, body, 'error body');
  }
  if (status < 200 || status >= 300) return [`status ${status} is not a documented answer`];
  const problems: string[] = [];
  // The specs document `200` for deletes, which the service answers `204` (their own
  // httpExamples): where the spec promises no body, 204 says the same.
  const noContentAllowed = status === 204 && operation.responseSchema === null;
  if (
    operation.documentedStatuses.length > 0 &&
    !operation.documentedStatuses.includes(status) &&
    !noContentAllowed
  ) {
    problems.push(
      `status ${status} is not one the spec documents (${operation.documentedStatuses.join(', ')})`,
    );
  }
  const schema = operation.responseSchema;
  // No documented body, or a stream (log text, zip): there is no JSON shape to check.
  if (schema === null || (schema.type === 'string' && schema.format === 'Stream')) return problems;
  if (body === undefined) return [...problems, '(root) the response has no JSON body'];
  const key = `${operation.operationId} response`;
  const validate = compile(
    'response',
    key,
    (spec) => responseSchema(spec, schema),
    operation.specFile,
  );
  return [...problems, ...run(validate, body, 'response')];
}

/**
 * Checks a request body against the spec's body parameter. Enums may be numbers or any letter
 * case (what the service accepts, §0.4); anything else is as strict as for responses.
 */
export function validateRequestBody(operation: SpecOperation, body: unknown): readonly string[] {
  if (body === undefined) return [];
  const schema = operation.bodySchema;
  if (schema === null) return [`(root) ${operation.operationId} takes no request body`];
  const key = `${operation.operationId} request`;
  const validate = compile('request', key, (spec) => spec.convert(schema), operation.specFile);
  return run(validate, body, 'request body');
}

function responseSchema(spec: ConvertedSpec, schema: SwaggerSchema): JsonSchema {
  if (schema.type !== 'array') return spec.convert(schema);
  return {
    type: 'object',
    properties: { count: { type: 'integer' }, value: spec.convert(schema) },
    required: ['count', 'value'],
    additionalProperties: false,
  };
}

function run(validate: ValidateFunction, body: unknown, what: string): readonly string[] {
  if (body === null) return [`(root) the ${what} is null`];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => describeError(error));
}

/** One ajv error as `<instancePath> <what is wrong>`, naming the field or the allowed values. */
export function describeError(error: ErrorObject): string {
  const at = error.instancePath === '' ? '(root)' : error.instancePath;
  const params: Record<string, unknown> = error.params;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at} has a field the spec does not define: '${String(params.additionalProperty)}'`;
    case 'enum':
      return `${at} is ${JSON.stringify(error.data)}, not one of the spec's values: ${listOf(params.allowedValues)}`;
    case ENUM_IGNORE_CASE:
      return `${at} is ${JSON.stringify(error.data)}, not one of the spec's values: ${listOf(error.schema)}`;
    case 'type':
      return `${at} is ${JSON.stringify(error.data)}, but must be ${String(params.type).replace(/,/g, ' or ')}`;
    default:
      return `${at} ${error.message ?? 'is invalid'}`;
  }
}

function listOf(values: unknown): string {
  return Array.isArray(values) ? values.map((value) => String(value)).join(', ') : String(values);
}
