import { parseDuration } from '../duration.ts';
import { UsageError } from '../errors.ts';
import type { ArtifactVersion, VariableValue } from '../target.ts';
import { controlsShown } from '../report/safe-text.ts';
import { describeJsonType, isPlainObject, parseJsonInput } from './json.ts';

export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/**
 * Validators for option values, shared by every adapter (command line, flow file, task inputs).
 * Each takes an already parsed value and `input`, the name to show in messages (`--variables`,
 * `steps[2].release.artifacts`), and returns the typed value or throws a UsageError.
 */

/**
 * `{"name": "value"}` or `{"name": {"value": "v", "isSecret": true}}`
 * (docs/design/cli-contract.md). Numbers and booleans are sent as their text, as Azure DevOps
 * variables are strings.
 */
export function readVariables(value: unknown, input: string): Record<string, VariableValue> {
  if (!isPlainObject(value)) {
    throw new UsageError(
      input,
      `${input} must be a JSON object of variables, like {"name": "value"}; got ${describeJsonType(value)}`,
    );
  }
  const variables: Record<string, VariableValue> = {};
  for (const [name, raw] of Object.entries(value)) {
    if (name.trim() === '')
      throw new UsageError(input, `${input} has a variable with an empty name`);
    const scalar = scalarText(raw);
    if (scalar !== undefined) {
      variables[name] = { value: scalar, isSecret: false };
      continue;
    }
    if (isPlainObject(raw)) {
      const unknownKeys = Object.keys(raw).filter((key) => key !== 'value' && key !== 'isSecret');
      const text = scalarText(raw.value);
      if (
        unknownKeys.length === 0 &&
        text !== undefined &&
        (raw.isSecret === undefined || typeof raw.isSecret === 'boolean')
      ) {
        variables[name] = { value: text, isSecret: raw.isSecret === true };
        continue;
      }
    }
    throw new UsageError(
      input,
      `${input}: variable "${name}" must be a string, number or boolean, or {"value": "...", "isSecret": true|false}; got ${describeJsonType(raw)}`,
    );
  }
  return variables;
}

/**
 * Template parameters: an object of scalar values, sent as strings
 * (docs/design/azure-devops.md §1.1).
 */
export function readTemplateParameters(value: unknown, input: string): Record<string, string> {
  if (!isPlainObject(value)) {
    throw new UsageError(
      input,
      `${input} must be a JSON object, like {"env": "prod"}; got ${describeJsonType(value)}`,
    );
  }
  const parameters: Record<string, string> = {};
  for (const [name, raw] of Object.entries(value)) {
    const text = scalarText(raw);
    // Object and list parameters go as their JSON text, which the service parses.
    parameters[name] = text ?? JSON.stringify(raw);
  }
  return parameters;
}

/**
 * Release artifacts in the three forms of docs/design/cli-contract.md: `{"alias": "versionId"}`,
 * `{"alias": {"id": "...", "name": "..."}}`, or the API's `[{"alias", "instanceReference"}]`.
 */
export function readArtifacts(value: unknown, input: string): ArtifactVersion[] {
  if (Array.isArray(value)) {
    return value.map((entry, index) => {
      const at = `${input}[${index}]`;
      if (
        !isPlainObject(entry) ||
        typeof entry.alias !== 'string' ||
        !isPlainObject(entry.instanceReference)
      ) {
        throw new UsageError(
          input,
          `${at} must be {"alias": "...", "instanceReference": {"id": "...", "name": "..."}}; got ${describeJsonType(entry)}`,
        );
      }
      return versionOf(entry.alias, entry.instanceReference, at, input);
    });
  }
  if (!isPlainObject(value)) {
    throw new UsageError(
      input,
      `${input} must be a JSON object like {"alias": "versionId"} or the API's [{"alias", "instanceReference"}] array; got ${describeJsonType(value)}`,
    );
  }
  return Object.entries(value).map(([alias, raw]) => {
    const id = scalarText(raw);
    if (id !== undefined && typeof raw !== 'boolean')
      return checkedVersion({ alias, id }, `${input}.${alias}`, input);
    return versionOf(alias, raw, `${input}.${alias}`, input);
  });
}

function versionOf(alias: string, raw: unknown, at: string, input: string): ArtifactVersion {
  if (!isPlainObject(raw)) {
    throw new UsageError(
      input,
      `${at} must be a version id or {"id": "...", "name": "..."}; got ${describeJsonType(raw)}`,
    );
  }
  const id = typeof raw.id === 'number' || typeof raw.id === 'string' ? String(raw.id) : undefined;
  if (id === undefined)
    throw new UsageError(input, `${at} needs an "id" (the build id of the version)`);
  if (raw.name !== undefined && raw.name !== null && typeof raw.name !== 'string') {
    throw new UsageError(input, `${at}: "name" must be a string (the build number)`);
  }
  const name = typeof raw.name === 'string' ? raw.name : undefined;
  return checkedVersion(name === undefined ? { alias, id } : { alias, id, name }, at, input);
}

function checkedVersion(version: ArtifactVersion, at: string, input: string): ArtifactVersion {
  if (version.alias.trim() === '')
    throw new UsageError(input, `${input} has an artifact with an empty alias`);
  if (version.id.trim() === '') throw new UsageError(input, `${at} has an empty version id`);
  return version;
}

/** A list of names: a comma list (`A, B`) or a JSON array (`["A","B"]`). */
export function readNameList(value: unknown, input: string): string[] {
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('[')) {
      const parsed = parseJsonInput(text, input);
      return readNameList(Array.isArray(parsed) ? parsed : [parsed], input);
    }
    items = text.split(',');
  } else {
    throw new UsageError(
      input,
      `${input} must be a comma-separated list or a JSON array of names; got ${describeJsonType(value)}`,
    );
  }
  const names = items.map((item) => (typeof item === 'string' ? item.trim() : item));
  const bad = names.find((name) => typeof name !== 'string' || name === '');
  if (bad !== undefined || names.length === 0) {
    throw new UsageError(
      input,
      `${input} must list names separated by commas, without empty entries`,
    );
  }
  return [...new Set(names as string[])];
}

/** The longest duration aztm takes anywhere: 30 days, as long as a run waits for an approval. */
export const MAX_DURATION_MS = 30 * 24 * 3_600_000;

/**
 * `90s`, `45m`, `2h`, or a bare number of seconds: every duration an adapter reads comes through
 * here, bounded by `min` (default 0) and `max` (default MAX_DURATION_MS, 30 days).
 */
export function readDuration(
  value: unknown,
  input: string,
  options: { min?: number; max?: number } = {},
): number {
  const ms =
    typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : undefined;
  if (ms === undefined) {
    throw new UsageError(
      input,
      `${input} must be a duration like 90s, 45m, 2h or a number of seconds; got ${given(value)}`,
    );
  }
  const min = options.min ?? 0;
  if (ms < min)
    throw new UsageError(input, `${input} must be at least ${min / 1000}s; got ${given(value)}`);
  const max = options.max ?? MAX_DURATION_MS;
  if (!(ms <= max)) {
    throw new UsageError(
      input,
      `${input} must be at most ${durationLimit(max)}; got ${given(value)}`,
    );
  }
  return ms;
}

/** A maximum in a message: `720h (30 days)`, `1h`, `90s`. */
export function durationLimit(ms: number): string {
  const hours = ms / 3_600_000;
  if (Number.isInteger(hours)) {
    const days = hours / 24;
    return Number.isInteger(days) && days > 1 ? `${hours}h (${days} days)` : `${hours}h`;
  }
  return `${ms / 1000}s`;
}

/** A positive whole number id. */
export function readId(value: unknown, input: string): number {
  const text =
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d+$/.test(text) || Number(text) <= 0 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(input, `${input} must be a positive whole number; got ${given(value)}`);
  }
  return Number(text);
}

/** A whole number of at least `min`. */
export function readCount(value: unknown, input: string, min: number): number {
  const text =
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min) {
    throw new UsageError(
      input,
      `${input} must be a whole number of at least ${min}; got ${given(value)}`,
    );
  }
  return Number(text);
}

/** One of a fixed set of words. */
export function readChoice<T extends string>(
  value: unknown,
  input: string,
  choices: readonly T[],
): T {
  if (
    typeof value === 'string' &&
    (choices as readonly string[]).includes(value.trim().toLowerCase())
  ) {
    return value.trim().toLowerCase() as T;
  }
  throw new UsageError(input, `${input} must be one of ${choices.join(', ')}; got ${given(value)}`);
}

/** A value in a message, quoted when text; a hostile one (100k characters) kept short. */
function given(value: unknown): string {
  if (typeof value !== 'string') return describeJsonType(value);
  // Cut after the control characters are shown; a secret cut here is still found: src/redact.ts.
  const printable = controlsShown(value);
  return `"${printable.length > 80 ? `${printable.slice(0, 77)}...` : printable}"`;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}
