/**
 * The shape of JSON answers, to compare the simulator's with the real service's recordings: every
 * field path (list items as `[]`, the keys of name-to-value maps as `*`) with the JSON types and
 * the enum spellings seen there.
 */

/** Fields whose keys are names the caller chose (variables, links, aliases), not field names. */
const MAPS = new Set([
  '_links',
  'variables',
  'templateParameters',
  'definitionReference',
  'properties',
  'repositories',
  'pipelines',
  'containers',
  'packages',
  'builds',
  'customProperties',
  'capabilities',
  'configurationVariables',
  'environmentOptions',
  'processParameters',
  'inputs',
  'data',
  'triggerInfo',
]);

/** Fields holding an enum, whose spelling (camelCase or PascalCase) must agree with the service. */
const ENUM_FIELDS = new Set([
  'status',
  'result',
  'state',
  'operationStatus',
  'deploymentStatus',
  'reason',
  'approvalType',
  'conditionType',
  'phaseType',
  'executionOrder',
  'priority',
  'visibility',
  'deploymentType',
  'queueStatus',
  'quality',
  'triggerReason',
]);

export type JsonType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';
export type Spelling = 'camelCase' | 'PascalCase' | 'other';

export interface PathShape {
  /** How many times the path was seen: fewer than its parent object means it is sometimes left out. */
  seen: number;
  readonly types: Set<JsonType>;
  readonly spellings: Set<Spelling>;
  /** A few values, for messages. */
  readonly samples: Set<string>;
}

export type AnswerShape = Map<string, PathShape>;

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : (typeof value as 'string' | 'number' | 'boolean');
}

export function spellingOf(text: string): Spelling {
  if (/^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$/.test(text)) return 'camelCase';
  if (/^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*$/.test(text)) return 'PascalCase';
  return 'other';
}

/** Adds the shape of `value` (one answer) to `shape`. */
export function addShape(shape: AnswerShape, value: unknown, path = ''): AnswerShape {
  const entry = shape.get(path) ?? {
    seen: 0,
    types: new Set(),
    spellings: new Set(),
    samples: new Set(),
  };
  shape.set(path, entry);
  entry.seen += 1;
  const type = typeOf(value);
  entry.types.add(type);
  const field = path.split('.').at(-1)?.replace('[]', '') ?? '';
  if (type === 'string' && ENUM_FIELDS.has(field) && /^[A-Za-z]+$/.test(value as string)) {
    entry.spellings.add(spellingOf(value as string));
    if (entry.samples.size < 4) entry.samples.add(value as string);
  }
  if (type === 'array') {
    for (const item of value as unknown[]) addShape(shape, item, `${path}[]`);
  } else if (type === 'object') {
    const isMap = MAPS.has(field);
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const name = isMap ? '*' : key;
      addShape(shape, item, path === '' ? name : `${path}.${name}`);
    }
  }
  return shape;
}

/**
 * Where the simulator's shape departs from the service's, for the paths the recordings can judge:
 * - a field the simulator sends inside an object the recordings have, that they never have;
 * - a type the recordings never show at that path (a number where the service sends text);
 * - `null` where the service leaves the field out (it is absent from some of its objects and never
 *   `null`);
 * - an enum spelled otherwise than the service spells it there.
 */
export function shapeDifferences(
  simulator: AnswerShape,
  recorded: AnswerShape,
  identity: ReadonlySet<string>,
): string[] {
  const found: string[] = [];
  for (const [path, sim] of simulator) {
    if (path === '') continue;
    const real = recorded.get(path);
    if (!real) {
      // Only a field of an object the recordings show can be judged; not a list's items or a
      // map's entries the recordings only have empty.
      if (path.endsWith('[]') || path.endsWith('.*')) continue;
      const parent = path.slice(0, path.lastIndexOf('.'));
      const field = path.slice(path.lastIndexOf('.') + 1);
      const parentShape = recorded.get(parent);
      if (!parentShape?.types.has('object')) continue;
      // An identity's fields, which the recordings show on identities elsewhere.
      if (recorded.has(`${parent}.displayName`) && identity.has(field)) continue;
      found.push(`${path}: the service never sends this field`);
      continue;
    }
    const simValues = [...sim.types].filter((type) => type !== 'null');
    const realValues = [...real.types].filter((type) => type !== 'null');
    if (
      simValues.length > 0 &&
      realValues.length > 0 &&
      !simValues.some((type) => realValues.includes(type))
    ) {
      found.push(`${path}: ${simValues.join('/')} where the service sends ${realValues.join('/')}`);
    }
    const parent = recorded.get(path.slice(0, Math.max(path.lastIndexOf('.'), 0)));
    const leftOut = parent !== undefined && real.seen < parent.seen && !path.includes('[]');
    if (sim.types.has('null') && !real.types.has('null') && leftOut) {
      found.push(`${path}: null where the service leaves the field out`);
    }
    const spellings = [...sim.spellings].filter((spelling) => !real.spellings.has(spelling));
    if (spellings.length > 0 && real.spellings.size > 0) {
      found.push(
        `${path}: spelled ${[...sim.samples].join(', ')} where the service spells ${[...real.samples].join(', ')}`,
      );
    }
  }
  return found;
}

/** The fields the recordings show on identities (objects with `id` and `displayName`). */
export function identityFields(answers: readonly unknown[]): Set<string> {
  const fields = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      if ('id' in record && 'displayName' in record)
        Object.keys(record).forEach((key) => fields.add(key));
      Object.values(record).forEach(visit);
    }
  };
  answers.forEach(visit);
  return fields;
}
