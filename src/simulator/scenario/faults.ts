import { parseDuration } from '../../duration.ts';
import type { FaultKind, FaultSpec } from './model.ts';

const FAULT_KINDS: readonly FaultKind[] = [
  'throttle',
  'rateLimitDelay',
  'serverError',
  'resetBeforeHandling',
  'resetAfterCommit',
  'answerAfterCommit',
  'slow',
  'emptyBody',
  'htmlBody',
  'invalidJson',
  'unknownEnum',
  'signInPage',
  'echoParameters',
];

/**
 * Reads a fault as the scenario file and the admin API write it:
 * `{kind, method?, path?, skip?, count?, probability?, status?, retryAfter?, delay?}`
 * (`retryAfter` in seconds, `delay` a duration, `count` a whole number or "unlimited", default 1;
 * `probability` above 0 and at most 1, default 1). Returns the resolved fault, or a message
 * saying what is wrong.
 */
export function parseFaultSpec(input: unknown): FaultSpec | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return 'a fault must be an object with at least "kind"';
  }
  const raw = input as Record<string, unknown>;
  const known = [
    'kind',
    'method',
    'path',
    'skip',
    'count',
    'probability',
    'status',
    'retryAfter',
    'delay',
  ];
  const unknown = Object.keys(raw).filter((key) => !known.includes(key));
  if (unknown.length > 0)
    return `unknown fault field(s): ${unknown.join(', ')}; expected ${known.join(', ')}`;
  const kind = raw.kind;
  if (typeof kind !== 'string' || !FAULT_KINDS.includes(kind as FaultKind)) {
    return `"kind" must be one of ${FAULT_KINDS.join(', ')}`;
  }
  if (raw.method !== undefined && typeof raw.method !== 'string')
    return '"method" must be a string';
  if (raw.path !== undefined) {
    if (typeof raw.path !== 'string') return '"path" must be a regular expression string';
    try {
      new RegExp(raw.path, 'i');
    } catch {
      return `"path" is not a valid regular expression: ${raw.path}`;
    }
  }
  const whole = (name: string, min: number): number | undefined | string => {
    const value = raw[name];
    if (value === undefined) return undefined;
    return typeof value === 'number' && Number.isInteger(value) && value >= min
      ? value
      : `"${name}" must be a whole number, ${min} or more`;
  };
  const skip = whole('skip', 0);
  // `count: "unlimited"` keeps the fault on for every matching request.
  const count = raw.count === 'unlimited' ? null : whole('count', 1);
  const status = whole('status', 400);
  const retryAfter = whole('retryAfter', 0);
  for (const value of [skip, count, status, retryAfter])
    if (typeof value === 'string') return value;
  // A gateway may also answer 429 after forwarding (issue 15); the service's own 429 is `throttle`.
  const gateway = kind === 'answerAfterCommit' && status === 429;
  if (typeof status === 'number' && (status > 599 || (status < 500 && !gateway))) {
    return kind === 'answerAfterCommit'
      ? '"status" must be 429 or a 5xx status'
      : '"status" must be a 5xx status';
  }
  const probability = raw.probability ?? 1;
  if (typeof probability !== 'number' || !(probability > 0 && probability <= 1)) {
    return '"probability" must be a number above 0 and at most 1';
  }
  let delayMs = 0;
  if (raw.delay !== undefined) {
    const parsed =
      typeof raw.delay === 'string' || typeof raw.delay === 'number'
        ? parseDuration(raw.delay)
        : undefined;
    if (parsed === undefined) return '"delay" must be a duration such as 500ms, 2s or 1m';
    delayMs = parsed;
  }
  return {
    kind: kind as FaultKind,
    match: {
      method: typeof raw.method === 'string' ? raw.method.toUpperCase() : null,
      path: typeof raw.path === 'string' ? raw.path : null,
    },
    skip: (skip as number | undefined) ?? 0,
    count: count === null ? null : ((count as number | undefined) ?? 1),
    probability,
    status: (status as number | undefined) ?? 503,
    retryAfterSeconds: (retryAfter as number | undefined) ?? null,
    delayMs,
  };
}
