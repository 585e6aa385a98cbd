import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { fail, type YamlPath, type YamlSource } from './source.ts';

/**
 * Validating a parsed YAML file against a JSON Schema (the files in schemas/, which editors use
 * too), and turning ajv's first error into a message at the line and column of the node.
 */

/** What differs between the kinds of file checked. */
interface SchemaCheckOptions {
  /** Names the schema in a fallback message: "does not match the flow schema". */
  readonly schemaName: string;
  /** The reason given for an empty file. */
  readonly emptyReason: string;
  /** Keys whose values are credentials: a message never echoes them. */
  readonly secretKeys: readonly string[];
}

/**
 * A compiled validator for a schema. Callers compile on first use: `aztm --version` and the
 * commands that do not read the file never pay for it.
 */
export function compileSchema(schema: object): ValidateFunction {
  return (
    new Ajv({ allErrors: false, verbose: true, allowUnionTypes: true, strict: true })
      // VS Code shows `patternErrorMessage` for a failed pattern; the checks use it the same way.
      .addVocabulary(['patternErrorMessage'])
      .compile(schema)
  );
}

/**
 * Checks the file's data with `validate`. The first error ajv reports is the one reported, at the
 * line and column of the node it is about; `T` is the shape the schema guarantees.
 */
export function checkSchema<T>(
  source: YamlSource,
  validate: ValidateFunction,
  options: SchemaCheckOptions,
): T {
  if (validate(source.data)) return source.data as T;
  const errors = validate.errors ?? [];
  // `if`/`then` and the combinators report a summary after the error that says what is wrong.
  const error = errors.find((e) => !SUMMARY_KEYWORDS.has(e.keyword)) ?? errors[0];
  if (!error) return fail(source, [], `does not match the ${options.schemaName} schema`);
  if (source.data === null || source.data === undefined) {
    return fail(source, [], options.emptyReason);
  }
  const path = instancePath(source.data, error.instancePath);
  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty);
    const known = Object.keys(schemaProperties(error.parentSchema));
    return fail(
      source,
      [...path, key],
      `unknown key "${key}"; expected one of ${known.join(', ')}`,
      'key',
    );
  }
  return fail(source, path, describeError(error, path, options));
}

const SUMMARY_KEYWORDS = new Set(['if', 'anyOf', 'oneOf', 'not']);

function describeError(error: ErrorObject, path: YamlPath, options: SchemaCheckOptions): string {
  const params = error.params as Record<string, unknown>;
  const custom = patternErrorMessage(error.parentSchema);
  // Never echo a credential back, even a malformed one.
  const last = path.at(-1);
  const secret = typeof last === 'string' && options.secretKeys.includes(last);
  const got = secret ? '' : `, got ${describeValue(error.data)}`;
  switch (error.keyword) {
    case 'required':
      return `missing required key "${String(params.missingProperty)}"`;
    case 'type':
      return `${custom ?? `expected ${describeTypes(params.type)}`}${got}`;
    case 'enum':
      if (custom !== undefined) return `${custom}${got}`;
      return `expected one of ${(params.allowedValues as unknown[]).map(String).join(', ')}${got}`;
    case 'pattern':
      return `${custom ?? `expected text matching ${String(params.pattern)}`}${got}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
      return `${custom ?? `expected a number ${String(params.comparison)} ${String(params.limit)}`}${got}`;
    case 'minItems': {
      const limit = Number(params.limit);
      return `expected at least ${limit} item${limit === 1 ? '' : 's'}`;
    }
    default:
      return error.message ?? `does not match the ${options.schemaName} schema (${error.keyword})`;
  }
}

/** Turns ajv's JSON pointer into keys and list indexes, by walking the data it points into. */
function instancePath(data: unknown, pointer: string): YamlPath {
  const path: (string | number)[] = [];
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(segment));
      node = node[Number(segment)] as unknown;
    } else {
      path.push(segment);
      node =
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[segment]
          : undefined;
    }
  }
  return path;
}

function schemaProperties(schemaNode: unknown): Record<string, unknown> {
  if (typeof schemaNode !== 'object' || schemaNode === null) return {};
  const properties = (schemaNode as { properties?: unknown }).properties;
  return typeof properties === 'object' && properties !== null
    ? (properties as Record<string, unknown>)
    : {};
}

function patternErrorMessage(schemaNode: unknown): string | undefined {
  if (typeof schemaNode !== 'object' || schemaNode === null) return undefined;
  const message = (schemaNode as { patternErrorMessage?: unknown }).patternErrorMessage;
  return typeof message === 'string' ? message : undefined;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'null',
};

function describeTypes(type: unknown): string {
  const names = (Array.isArray(type) ? type : [type]).map(
    (t) => TYPE_NAMES[String(t)] ?? String(t),
  );
  return names.length <= 1
    ? (names[0] ?? 'a value')
    : `${names.slice(0, -1).join(', ')}${names.length > 2 ? ',' : ''} or ${names.at(-1) ?? ''}`;
}

/** How a message shows the value it refuses: short, and the kind of thing for lists and maps. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  }
  // Numbers and booleans: what is left of JSON data.
  return JSON.stringify(value);
}
