import { parseEnum, type EnumTable } from '../../azdo/enums.ts';
import { badRequest } from '../http/errors.ts';

/**
 * Reading the release API's query strings. Enums and flag sets arrive as names in any letter case
 * or as the numbers the official Node client sends (docs/design/azure-devops.md §0.4).
 */

/** `ReleaseExpands` (list releases). */
export const ReleaseExpands = {
  none: 0,
  environments: 2,
  artifacts: 4,
  approvals: 8,
  manualInterventions: 16,
  variables: 32,
  tags: 64,
} as const;

/** `ReleaseDefinitionExpands` (list definitions). */
export const ReleaseDefinitionExpands = {
  none: 0,
  environments: 2,
  artifacts: 4,
  triggers: 8,
  variables: 16,
  tags: 32,
  lastRelease: 64,
} as const;

/** `SingleReleaseExpands` / `ReleaseEnvironmentExpands` (get release, get environment). */
export const SingleReleaseExpands = { none: 0, tasks: 1 } as const;

/** `ApprovalFilters` of get release; the service assumes `all` when it is absent. */
export const ApprovalFilters = {
  none: 0,
  manualApprovals: 1,
  automatedApprovals: 2,
  approvalSnapshots: 4,
  all: 7,
} as const;

/** `ReleaseQueryOrder`. */
export const ReleaseQueryOrder = { descending: 0, ascending: 1 } as const;

/** `ReleaseDefinitionQueryOrder`. */
export const ReleaseDefinitionQueryOrder = {
  idAscending: 0,
  idDescending: 1,
  nameAscending: 2,
  nameDescending: 3,
} as const;

function invalidParameter(name: string, value: string): Error {
  return badRequest(
    'InvalidRequestException',
    `The value '${value}' of query parameter '${name}' is not valid.`,
  );
}

/** An integer parameter, or `undefined` when absent or empty. */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw invalidParameter(name, raw);
  return Number(raw.trim());
}

/** A comma-separated list of integers, or `undefined` when absent or empty. */
export function intListParam(query: URLSearchParams, name: string): number[] | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  return raw.split(',').map((part) => {
    if (!/^\s*\d+\s*$/.test(part)) throw invalidParameter(name, raw);
    return Number(part);
  });
}

export function boolParam(query: URLSearchParams, name: string): boolean {
  return query.get(name)?.trim().toLowerCase() === 'true';
}

/** One enum value, or `undefined` when absent. */
export function enumParam<T extends EnumTable>(
  query: URLSearchParams,
  name: string,
  table: T,
): Extract<keyof T, string> | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = parseEnum(table, raw);
  if (value === undefined) throw invalidParameter(name, raw);
  return value;
}

/**
 * A flags parameter (`environments,artifacts` or the sum of their numbers) as the set of names it
 * includes, or `undefined` when absent.
 */
export function flagsParam(
  query: URLSearchParams,
  name: string,
  table: EnumTable,
): Set<string> | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const trimmed = raw.trim();
  // A number may be a sum of flags (6 = environments + artifacts), not itself a table entry.
  let bits = /^\d+$/.test(trimmed) ? Number(trimmed) : 0;
  if (!/^\d+$/.test(trimmed)) {
    for (const part of trimmed.split(',')) {
      const value = parseEnum(table, part);
      if (value === undefined) throw invalidParameter(name, raw);
      bits |= table[value] ?? 0;
    }
  }
  const names = new Set<string>();
  for (const [flag, number] of Object.entries(table)) {
    if (number !== 0 && (bits & number) === number) names.add(flag);
  }
  return names;
}
