import { parseEnum, type EnumTable } from '../../azdo/enums.ts';
import { badRequest } from '../http/errors.ts';

/**
 * Query-string reading and paging shared by the Build, Pipelines and approvals routes. Bad values
 * are refused with 400 rather than ignored, so a client's mistake shows up in a test.
 */

/** A non-negative integer parameter, or `null` when absent. */
export function readCount(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw badRequest(
      'ArgumentException',
      `The value '${raw}' of parameter '${name}' is not valid.`,
    );
  }
  return value;
}

/** A comma-separated list of integers, or `null` when absent. */
export function readIntList(query: URLSearchParams, name: string): number[] | null {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return null;
  return raw.split(',').map((part) => {
    const value = Number(part.trim());
    if (!Number.isInteger(value)) {
      throw badRequest(
        'ArgumentException',
        `The value '${raw}' of parameter '${name}' is not valid.`,
      );
    }
    return value;
  });
}

/**
 * A flags enum filter (`statusFilter`, `resultFilter`): names in any case or numbers, several names
 * comma-separated or one number combining flags, as the Node client sends them
 * (docs/design/azure-devops.md §0.4). Returns the set of camelCase names matched, or `null` when
 * absent.
 */
export function readFlagsFilter<T extends EnumTable>(
  query: URLSearchParams,
  name: string,
  table: T,
): Set<Extract<keyof T, string>> | null {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return null;
  const names = new Set<Extract<keyof T, string>>();
  for (const part of raw.split(',')) {
    const parsed = parseEnum(table, part);
    if (parsed !== undefined) {
      names.add(parsed);
      continue;
    }
    const flags = Number(part.trim());
    if (!Number.isInteger(flags) || flags <= 0) {
      throw badRequest(
        'ArgumentException',
        `The value '${raw}' of parameter '${name}' is not valid.`,
      );
    }
    for (const [key, value] of Object.entries(table)) {
      if (value !== 0 && (flags & value) === value) names.add(key as Extract<keyof T, string>);
    }
  }
  return names;
}

export type SortKey = readonly (number | string)[];

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** Sorts by key, ascending: callers negate numbers for a descending order. */
export function sortByKey<T>(items: readonly T[], keyOf: (item: T) => SortKey): T[] {
  return items
    .map((item) => ({ item, key: keyOf(item) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ item }) => item);
}

interface Page<T> {
  readonly value: T[];
  /**
   * For the `x-ms-continuationtoken` header (docs/design/azure-devops.md §0.3); `null` on the last
   * page.
   */
  readonly continuationToken: string | null;
}

/**
 * One page of a sorted list. The token is the sort key of the next page's first item, so items
 * added or removed meanwhile neither repeat nor vanish from the pages still to come.
 */
export function takePage<T>(
  sorted: readonly T[],
  keyOf: (item: T) => SortKey,
  top: number | null,
  token: string | null,
): Page<T> {
  let start = 0;
  if (token !== null && token !== '') {
    const key = decodeToken(token);
    const found = sorted.findIndex((item) => compareKeys(keyOf(item), key) >= 0);
    start = found < 0 ? sorted.length : found;
  }
  const end = top === null ? sorted.length : Math.min(sorted.length, start + top);
  const next = sorted[end];
  return {
    value: sorted.slice(start, end),
    continuationToken: next === undefined ? null : encodeToken(keyOf(next)),
  };
}

/** The header a paged list answers with, when there is a next page. */
export function continuationHeaders(page: Page<unknown>): Record<string, string> {
  return page.continuationToken === null
    ? {}
    : { 'x-ms-continuationtoken': page.continuationToken };
}

function encodeToken(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeToken(token: string): SortKey {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.every((part) => typeof part === 'number' || typeof part === 'string')
    ) {
      return parsed;
    }
  } catch {
    // fall through to the refusal below
  }
  throw badRequest('ArgumentException', `The continuation token '${token}' is not valid.`);
}
