/**
 * Reads a `--trace` file back (for `aztm simulate --replay` and `npm run trace:add`): JSON Lines
 * of TraceRecords, each checked, a fault named by its line.
 */
import { exceedsNesting, MAX_JSON_DEPTH } from '../inputs/json.ts';
import { REDACTED } from '../redact.ts';
import type { TraceRecord } from './trace-record.ts';

/** A trace line that is not a TraceRecord: `where` is `FILE:LINE`. */
export class TraceLineError extends Error {
  readonly where: string;

  constructor(where: string, problem: string) {
    super(`${where}: ${problem}`);
    this.name = 'TraceLineError';
    this.where = where;
  }
}

/**
 * The records of a trace, in the order they were written: record N is line N.
 * @throws TraceLineError for the first line that is not a trace record.
 */
export function parseTraceLines(text: string, file: string): TraceRecord[] {
  const records: TraceRecord[] = [];
  const lines = text.split(/\r?\n/);
  while (lines.at(-1)?.trim() === '') lines.pop();
  lines.forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    if (line.trim() === '')
      throw new TraceLineError(where, 'a blank line (one JSON object a line)');
    // Recorded answers nest deeper than options do, but not without end.
    if (exceedsNesting(line, 4 * MAX_JSON_DEPTH)) {
      throw new TraceLineError(where, `nests deeper than ${4 * MAX_JSON_DEPTH} levels`);
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new TraceLineError(where, `not JSON (${(error as Error).message})`);
    }
    records.push(checkRecord(value, where));
  });
  if (records.length === 0) throw new TraceLineError(`${file}:1`, 'the trace holds no request');
  return records;
}

function checkRecord(value: unknown, where: string): TraceRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TraceLineError(where, 'each line must be a JSON object');
  }
  const record = value as Record<string, unknown>;
  const fault = (key: string, expected: string): TraceLineError =>
    new TraceLineError(where, `"${key}" must be ${expected}`);
  for (const key of ['t', 'method', 'url'] as const) {
    if (typeof record[key] !== 'string') throw fault(key, 'a string');
  }
  if (!URL.canParse(record.url as string)) throw fault('url', 'an absolute URL');
  if (record.status !== null && !Number.isInteger(record.status)) {
    throw fault('status', 'a whole number or null');
  }
  if (!isHeaders(record.requestHeaders)) throw fault('requestHeaders', 'an object of strings');
  if (record.responseHeaders !== null && !isHeaders(record.responseHeaders)) {
    throw fault('responseHeaders', 'an object of strings or null');
  }
  for (const key of ['requestBody', 'responseBody'] as const) {
    if (record[key] !== null && typeof record[key] !== 'string') {
      throw fault(key, 'a string or null');
    }
  }
  if (record.error !== undefined && typeof record.error !== 'string') {
    throw fault('error', 'a string');
  }
  return record as unknown as TraceRecord;
}

function isHeaders(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string')
  );
}

/**
 * Where a trace still holds a credential header in the clear (one not `***`): a trace written by
 * aztm never does, a hand-edited one might. Each problem names its line.
 */
export function unredactedCredentials(records: readonly TraceRecord[], file: string): string[] {
  const problems: string[] = [];
  records.forEach((record, index) => {
    const headers = [
      ...Object.entries(record.requestHeaders),
      ...Object.entries(record.responseHeaders ?? {}),
    ];
    for (const [name, value] of headers) {
      if (/^(proxy-)?authorization$|^(set-)?cookie$/i.test(name) && value !== REDACTED) {
        problems.push(`${file}:${index + 1}: the ${name} header is not ${REDACTED}`);
      }
    }
  });
  return problems;
}
