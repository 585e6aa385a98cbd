import { badRequest } from '../http/errors.ts';
import type { VariableSpec } from '../scenario/model.ts';

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value from a request body, for an error message. */
export function describeValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}

/**
 * Reads variable overrides sent with a release (`{name: {value, isSecret}}`,
 * docs/design/azure-devops.md §4.1) and checks them against the variables defined at that scope.
 * Only variables that exist there and are "Settable at release time" (`allowOverride`) may be sent;
 * the service refuses new ones. Returns the overrides as sent, keyed by the defined name (variable
 * names are case-insensitive).
 */
export function readVariableOverrides(
  defined: Readonly<Record<string, VariableSpec>>,
  sent: unknown,
  scope: string,
): Record<string, VariableSpec> {
  if (sent === undefined || sent === null) return {};
  if (!isObject(sent)) {
    throw badRequest('InvalidRequestException', 'variables must be an object of {name: {value}}.');
  }
  const byLowerName = new Map(Object.keys(defined).map((name) => [name.toLowerCase(), name]));
  const missing: string[] = [];
  const locked: string[] = [];
  const overrides: Record<string, VariableSpec> = {};
  for (const [name, raw] of Object.entries(sent)) {
    const definedName = byLowerName.get(name.toLowerCase());
    const spec = definedName === undefined ? undefined : defined[definedName];
    if (definedName === undefined || !spec) {
      missing.push(name);
      continue;
    }
    if (!spec.allowOverride) {
      locked.push(name);
      continue;
    }
    const value = isObject(raw) ? raw.value : raw;
    overrides[definedName] = {
      value: value === undefined || value === null ? '' : describeValue(value),
      isSecret: spec.isSecret || (isObject(raw) && raw.isSecret === true),
      allowOverride: true,
    };
  }
  if (missing.length > 0) {
    // The real text (docs/design/azure-devops.md §4.1, 3p microsoft/azure-devops-python-api#266);
    // the separator between several names is [unverified].
    throw badRequest(
      'InvalidRequestException',
      `Failed to build release: Variable(s) ${missing.join(', ')} do not exist in the release pipeline at scope: ${scope}. New variables cannot be added while creating a release. Check the scope of the variable(s) or remove them and try again.`,
    );
  }
  if (locked.length > 0) {
    // [unverified] The service's text for a variable that exists but is not settable is unknown.
    throw badRequest(
      'InvalidRequestException',
      `Failed to build release: Variable(s) ${locked.join(', ')} at scope: ${scope} are not settable at release time. Mark them "Settable at release time" in the release pipeline or remove them and try again.`,
    );
  }
  return overrides;
}

/** The variables a release or stage shows: the defined ones, with the overrides sent. */
export function mergeVariables(
  defined: Readonly<Record<string, VariableSpec>>,
  overrides: Readonly<Record<string, VariableSpec>>,
): Record<string, VariableSpec> {
  return { ...defined, ...overrides };
}
