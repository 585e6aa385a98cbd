import type { Reader } from '../../src/azdo/decode/read.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTransport } from '../../src/azdo/transport.ts';
import { UsageError } from '../../src/errors.ts';
import { openTrace } from '../../src/session/trace-option.ts';
import { Redactor } from '../../src/redact.ts';
import { createTraceWriter } from '../../src/trace/trace-file.ts';
import { fakeTime } from '../azdo/client-helpers.ts';
import { captureTraceFile } from '../helpers/output-capture.ts';

/** The answer as it came: these tests look at the trace, not at what was read. */
const anything: Reader<unknown> = (value) => value;

const TOKEN = 'tracetokenabcdefghijklmnopqrstuvwxyz0123456789abcdef';
const SECRET = 'hunter2-secret-value';
const URL_ = 'http://127.0.0.1:9/contoso/DevOps/_apis/build/builds?api-version=7.1';
const KEYS = [
  't',
  'method',
  'url',
  'status',
  'requestHeaders',
  'requestBody',
  'responseHeaders',
  'responseBody',
];

function tracePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'aztm-trace-')), 'trace.jsonl');
}

function readLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A transport signed in with TOKEN whose fetch answers from `answers` (an Error: none came). */
function tracedTransport(path: string, redactor: Redactor, answers: (Response | Error)[]) {
  const writer = createTraceWriter(path, {
    redactor,
    onWriteError: (error) => {
      throw error;
    },
  });
  let next = 0;
  return createTransport({
    credential: { scheme: 'basic', secret: TOKEN },
    retry: fakeTime().retry,
    onExchange: writer.onExchange,
    fetch: () => {
      const answer = answers[next++] ?? new Error('no more answers');
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  });
}

describe('--trace: what a trace file holds', () => {
  it('a secret in a request body, a response header and a response body, and the token, come out as ***', async () => {
    const path = tracePath();
    const redactor = new Redactor();
    redactor.add(TOKEN);
    const transport = tracedTransport(path, redactor, [
      new Response(JSON.stringify({ id: 7, variables: { password: { value: SECRET } } }), {
        status: 200,
        headers: {
          'content-type': 'application/json',
          'x-echo': `value=${SECRET}`,
          'set-cookie': 'Session=abc123; HttpOnly',
        },
      }),
    ]);
    // Added after the file was opened, as a token obtained from Entra ID along the way is.
    redactor.add(SECRET);

    await transport.json(
      {
        method: 'POST',
        url: URL_,
        body: { variables: { password: { value: SECRET, isSecret: true } } },
      },
      anything,
    );

    const text = readFileSync(path, 'utf8');
    captureTraceFile('trace-writer unit test', path, [TOKEN, SECRET]);
    for (const form of [SECRET, TOKEN, Buffer.from(`:${TOKEN}`).toString('base64')]) {
      expect(text).not.toContain(form);
    }
    const [line] = readLines(path);
    expect(line?.requestHeaders).toMatchObject({ Authorization: '***' });
    expect(JSON.parse(String(line?.requestBody))).toEqual({
      variables: { password: { value: '***', isSecret: true } },
    });
    expect(line?.responseHeaders).toMatchObject({ 'x-echo': 'value=***', 'set-cookie': '***' });
    expect(JSON.parse(String(line?.responseBody))).toEqual({
      id: 7,
      variables: { password: { value: '***' } },
    });
  });

  it('every attempt of a retried read is a line of its own, a network failure with status null and its error', async () => {
    const path = tracePath();
    const transport = tracedTransport(path, new Redactor(), [
      new TypeError('fetch failed', { cause: { code: 'ECONNRESET', message: 'socket hang up' } }),
      new Response('{"message":"busy"}', { status: 503 }),
      new Response('{"id":1}', { status: 200, headers: { 'content-type': 'application/json' } }),
    ]);

    await transport.json({ method: 'GET', url: URL_ }, anything);

    const lines = readLines(path);
    expect(lines.map((line) => line.status)).toEqual([null, 503, 200]);
    expect(Object.keys(lines[0] ?? {})).toEqual([...KEYS, 'error']);
    expect(lines[0]).toMatchObject({
      responseHeaders: null,
      responseBody: null,
      requestBody: null,
    });
    expect(lines[0]?.error).toMatch(/fetch failed.*ECONNRESET/);
    expect(Object.keys(lines[2] ?? {})).toEqual(KEYS);
    expect(lines[2]).toMatchObject({ method: 'GET', url: URL_, responseBody: '{"id":1}' });
    expect(new Date(String(lines[2]?.t)).toISOString()).toBe(lines[2]?.t);
  });

  it('creates the file at once and empties one that exists', () => {
    const path = tracePath();
    writeFileSync(path, 'an older trace\n');
    createTraceWriter(path, { redactor: new Redactor(), onWriteError: () => undefined }).close();
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it.each([
    {
      what: 'a folder that does not exist',
      path: join(tmpdir(), 'aztm-no-such-folder', 't.jsonl'),
      code: 'ENOENT',
    },
    { what: 'a folder', path: tmpdir(), code: 'EISDIR' },
  ])('--trace naming $what is a usage error naming --trace', ({ path, code }) => {
    const open = (): unknown =>
      openTrace({ values: { trace: path }, stderr: process.stderr }, new Redactor());
    expect(open).toThrow(UsageError);
    expect(open).toThrow(`--trace: cannot write ${path} (${code})`);
  });
});
