/** Small value forms: durations, variables, template parameters, folders, branches. */
import { parseDuration } from '../../duration.ts';
import { durationLimit, MAX_DURATION_MS } from '../../inputs/values.ts';
import type { TemplateParameterSpec, VariableSpec } from './model.ts';
import type { RawDuration, RawParameter, RawScalar, RawVariables } from './raw.ts';
import { fail, type ScenarioSource, type YamlPath } from './yaml-source.ts';

/** YAML reads `debug: true` and `replicas: 3` as a boolean and a number; variables are text. */
function text(value: RawScalar): string {
  return String(value);
}

/** `name: value`, or `name: { value, secret, settable }`; settable maps to `allowOverride`. */
export function resolveVariables(raw: RawVariables | undefined): Record<string, VariableSpec> {
  const variables: Record<string, VariableSpec> = {};
  for (const [name, variable] of Object.entries(raw ?? {})) {
    variables[name] =
      typeof variable === 'object'
        ? {
            value: text(variable.value ?? ''),
            isSecret: variable.secret ?? false,
            allowOverride: variable.settable ?? false,
          }
        : { value: text(variable), isSecret: false, allowOverride: false };
  }
  return variables;
}

/**
 * `name: default`, or `name: { default, values }`. Without a default, the first allowed value is
 * the default (or empty); a default outside the allowed values could never be run, so it is refused.
 */
export function resolveParameters(
  source: ScenarioSource,
  path: YamlPath,
  raw: Readonly<Record<string, RawParameter>> | undefined,
): Record<string, TemplateParameterSpec> {
  const parameters: Record<string, TemplateParameterSpec> = {};
  for (const [name, parameter] of Object.entries(raw ?? {})) {
    if (typeof parameter !== 'object') {
      parameters[name] = { default: text(parameter), values: [] };
      continue;
    }
    const values = (parameter.values ?? []).map(text);
    const fallback = parameter.default ?? parameter.values?.[0] ?? '';
    const defaultValue = text(fallback);
    if (values.length > 0 && !values.includes(defaultValue)) {
      fail(
        source,
        [...path, name, 'default'],
        `default "${defaultValue}" is not one of the allowed values ${values.join(', ')}`,
      );
    }
    parameters[name] = { default: defaultValue, values };
  }
  return parameters;
}

/**
 * Folders as Azure DevOps writes them: `\` for the root, otherwise `\a\b` with no trailing `\`.
 * `infra`, `\infra\` and `infra/gateway` are accepted and normalised.
 */
export function resolveFolder(raw: string | undefined): string {
  const parts = (raw ?? '').split(/[\\/]+/).filter((part) => part !== '');
  return `\\${parts.join('\\')}`;
}

/** `main` means `refs/heads/main`; a full ref (`refs/tags/v1`) is kept. */
export function resolveBranch(raw: string | undefined): string {
  if (raw === undefined) return 'refs/heads/main';
  return raw.startsWith('refs/') ? raw : `refs/heads/${raw}`;
}

/** Milliseconds; the schema has already refused what parseDuration cannot read. */
export function resolveDuration(
  source: ScenarioSource,
  path: YamlPath,
  value: RawDuration | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(value);
  if (ms === undefined) {
    return fail(
      source,
      path,
      `expected a duration such as 30s, 2m or 1h30m, got ${JSON.stringify(value)}`,
    );
  }
  if (ms > MAX_DURATION_MS) {
    return fail(
      source,
      path,
      `expected a duration of at most ${durationLimit(MAX_DURATION_MS)}, got ${JSON.stringify(value)}`,
    );
  }
  return ms;
}
