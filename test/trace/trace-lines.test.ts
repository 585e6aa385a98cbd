import { describe, expect, it } from 'vitest';
import { parseTraceLines, unredactedCredentials } from '../../src/trace/trace-lines.ts';

const GOOD = {
  t: '2026-01-01T00:00:00.000Z',
  method: 'GET',
  url: 'http://127.0.0.1:41793/contoso/DevOps/_apis/build/builds/7',
  status: 200,
  requestHeaders: { Authorization: '***' },
  requestBody: null,
  responseHeaders: { 'content-type': 'application/json' },
  responseBody: '{"id":7}',
};
const line = (changes: Record<string, unknown> = {}): string =>
  JSON.stringify({ ...GOOD, ...changes });

describe('reading a trace back', () => {
  it('reads every line, in order, and allows a trailing newline', () => {
    const records = parseTraceLines(`${line()}\n${line({ status: null, error: 'reset' })}\n`, 't');
    expect(records.map((record) => record.status)).toEqual([200, null]);
  });

  it.each([
    { what: 'a line that is not JSON', text: `${line()}\n{"t":`, fault: 't.jsonl:2: not JSON' },
    { what: 'a JSON array', text: '[1]', fault: 't.jsonl:1: each line must be a JSON object' },
    {
      what: 'a relative URL',
      text: line({ url: '/contoso' }),
      fault: '"url" must be an absolute URL',
    },
    {
      what: 'a status in words',
      text: line({ status: 'OK' }),
      fault: '"status" must be a whole number or null',
    },
    {
      what: 'a parsed body',
      text: line({ responseBody: { id: 7 } }),
      fault: '"responseBody" must be a string or null',
    },
    {
      what: 'a header that is a number',
      text: line({ requestHeaders: { a: 1 } }),
      fault: '"requestHeaders" must be an object of strings',
    },
    {
      what: 'a blank line between two',
      text: `${line()}\n\n${line()}`,
      fault: 't.jsonl:2: a blank line',
    },
    { what: 'nothing', text: '\n', fault: 't.jsonl:1: the trace holds no request' },
  ])('refuses $what, naming the file and line', ({ text, fault }) => {
    expect(() => parseTraceLines(text, 't.jsonl')).toThrow(fault);
  });

  it('finds a credential header that is not ***, by its line', () => {
    const records = parseTraceLines(
      [
        line(),
        line({ requestHeaders: { authorization: 'Basic OnNlY3JldA==' } }),
        line({ responseHeaders: { 'Set-Cookie': 'a=b' } }),
      ].join('\n'),
      't.jsonl',
    );
    expect(unredactedCredentials(records, 't.jsonl')).toEqual([
      't.jsonl:2: the authorization header is not ***',
      't.jsonl:3: the Set-Cookie header is not ***',
    ]);
  });
});
