/**
 * The readers every answer decoder is built of. A reader takes what `JSON.parse` gave and returns
 * the client's type, tolerating what the real service does (docs/design/azure-devops.md §13): a
 * `null` list is an empty list, a missing optional field is left out, an extra field is ignored, a
 * number may come as a string and an enum as a name in any letter case or as its number (§0.4).
 * What it cannot read (a required field missing, a list that is a string) is an AnswerShapeError
 * naming where.
 */
import { parseEnum, type EnumTable } from '../enums.ts';

/** Where a reader is in the answer, and where it notes enum values it does not know. */
interface ReadContext {
  readonly path: string;
  /** Enum values outside their table, kept as sent (see `enumOf`). */
  readonly unrecognized: { readonly path: string; readonly value: string }[];
}

export type Reader<T> = (value: unknown, at: ReadContext) => T;

/** An answer the readers cannot make sense of: what was expected where. */
export class AnswerShapeError extends Error {
  readonly path: string;

  constructor(path: string, expected: string, got: unknown) {
    super(`${path || 'the answer'} is ${describe(got)} where ${expected} was expected`);
    this.name = 'AnswerShapeError';
    this.path = path;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${JSON.stringify(value)}`;
}

function child(at: ReadContext, key: string | number): ReadContext {
  const path = typeof key === 'number' ? `${at.path}[${key}]` : at.path ? `${at.path}.${key}` : key;
  return { path, unrecognized: at.unrecognized };
}

/** Runs `reader` over a whole answer; returns the value and the enum values it did not know. */
export function readAnswer<T>(
  reader: Reader<T>,
  value: unknown,
): { readonly value: T; readonly unrecognized: ReadContext['unrecognized'] } {
  const at: ReadContext = { path: '', unrecognized: [] };
  return { value: reader(value, at), unrecognized: at.unrecognized };
}

export const text: Reader<string> = (value, at) => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new AnswerShapeError(at.path, 'text', value);
};

/** A whole number; the service writes some ids as strings (a release artifact's build id). */
export const integer: Reader<number> = (value, at) => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  throw new AnswerShapeError(at.path, 'a number', value);
};

export const flag: Reader<boolean> = (value, at) => {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  throw new AnswerShapeError(at.path, 'true or false', value);
};

/** `undefined` for a missing or `null` value; else what `reader` makes of it. */
export function optional<T>(reader: Reader<T>): Reader<T | undefined> {
  return (value, at) => (value === undefined || value === null ? undefined : reader(value, at));
}

/** Keeps `null` as `null` where the client's type says the service may send it. */
export function nullable<T>(reader: Reader<T>): Reader<T | null | undefined> {
  return (value, at) => {
    if (value === null) return null;
    return value === undefined ? undefined : reader(value, at);
  };
}

/** A list; `null` or missing is an empty list (§13: `"records": null`). */
export function list<T>(reader: Reader<T>): Reader<T[]> {
  return (value, at) => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw new AnswerShapeError(at.path, 'a list', value);
    return value.map((item, index) => reader(item, child(at, index)));
  };
}

/** The `value` of a `{count, value}` list answer (§0.3); `null` is empty (Server, §9). */
export function listAnswer<T>(reader: Reader<T>): Reader<T[]> {
  const items = list(reader);
  return (value, at) => items(objectOf(value, at).value, child(at, 'value'));
}

/** A map of names to values (variables, template parameters). */
export function dictionary<T>(reader: Reader<T>): Reader<Record<string, T>> {
  return (value, at) => {
    const found: Record<string, T> = {};
    if (value === undefined || value === null) return found;
    for (const [key, item] of Object.entries(objectOf(value, at))) {
      found[key] = reader(item, child(at, key));
    }
    return found;
  };
}

type Fields<T> = { readonly [K in keyof T]-?: Reader<T[K]> };

/**
 * An object with the fields the client reads: each through its reader, fields the readers return
 * `undefined` for left out (the client's types are `exactOptionalPropertyTypes`), the rest of
 * what the service sent ignored.
 */
export function object<T>(fields: Fields<T>): Reader<T> {
  const entries = Object.entries<Reader<unknown>>(fields as Record<string, Reader<unknown>>);
  return (value, at) => {
    const source = objectOf(value, at);
    const found: Record<string, unknown> = {};
    for (const [key, reader] of entries) {
      const read = reader(source[key], child(at, key));
      if (read !== undefined) found[key] = read;
    }
    return found as T;
  };
}

function objectOf(value: unknown, at: ReadContext): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  throw new AnswerShapeError(at.path, 'an object', value);
}

/**
 * An enum value, sent as a name in any letter case or as its number (§0.4, §13 row 2), returned as
 * its camelCase name. A value outside the table is kept as sent and noted in the context: the
 * follow core holds back a read that carries one and warns naming it (follow/known-values.ts),
 * rather than read a meaning into a word aztm does not know. The type claims the table's names;
 * this is the one place a value outside them is let through, on purpose.
 */
export function enumOf<T extends EnumTable>(table: T): Reader<Extract<keyof T, string>> {
  return (value, at) => {
    const known = parseEnum(table, value);
    if (known !== undefined) return known;
    const sent = typeof value === 'string' ? value : JSON.stringify(value);
    at.unrecognized.push({ path: at.path, value: sent });
    return sent as Extract<keyof T, string>;
  };
}
