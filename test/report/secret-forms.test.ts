/**
 * The secret-forms table (issue 15, point 4): every kind of secret, put through every way aztm
 * turns text into output before the redactor sees it, next to whatever text may surround it,
 * comes out with no trace of the secret. The end-to-end side (every source of a secret, every
 * output of a process) is test/faults/secret-forms.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseJsonInput, preview } from '../../src/inputs/json.ts';
import { readDuration } from '../../src/inputs/values.ts';
import { Redactor } from '../../src/redact.ts';
import { group, logIssue, setOutputVariable } from '../../src/report/logging-commands.ts';
import {
  controlsShown,
  markdownCell,
  neutraliseJson,
  printable,
  safeLine,
} from '../../src/report/safe-text.ts';
import { REVEALING, revealed } from '../helpers/secret-table.ts';

/** The message of the UsageError `read` throws. */
function usageMessage(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** Every way text becomes output in aztm, as the code does it. */
const PRINTERS: readonly (readonly [string, (text: string) => string])[] = [
  ['as given (an error message)', (text) => text],
  ['printable (the live view)', printable],
  ['safeLine (a log line, an issue)', safeLine],
  [
    'a value quoted in a usage error',
    (text) => usageMessage(() => readDuration(text, '--timeout')),
  ],
  ['control characters shown', controlsShown],
  [
    'a preview of broken JSON',
    (text) => usageMessage(() => parseJsonInput(`{"a": ${text}`, '--template-parameters')),
  ],
  ['a preview', preview],
  ['task.logissue', (text) => logIssue('error', text)],
  ['task.setvariable', (text) => setOutputVariable('runUrl', text)],
  ['a ##[group] title', (text) => group(text, [])[0] ?? ''],
  ['a Markdown table cell (--summary)', markdownCell],
  ['--json (JSON, neutralised)', (text) => neutraliseJson(JSON.stringify({ name: text }))],
  [
    "a service error quoting the build's parameters",
    (text) => `Could not queue: ${JSON.stringify(JSON.stringify({ password: text }))}`,
  ],
  [
    'that error in the answer, quoted once more (four levels)',
    (text) =>
      JSON.stringify({
        responseBody: JSON.stringify({ message: JSON.stringify(JSON.stringify({ pw: text })) }),
      }),
  ],
  [
    'that error in --json',
    (text) => neutraliseJson(JSON.stringify({ message: JSON.stringify({ pw: text }) })),
  ],
  [
    'the x-tfs-serviceerror header',
    (text) => encodeURIComponent(JSON.stringify({ pw: text })).replaceAll('%20', '+'),
  ],
  ['a URL query value', (text) => `https://host/x?token=${encodeURIComponent(text)}`],
  ['a form-encoded body', (text) => new URLSearchParams({ token: text }).toString()],
  ['a URL as parsed', (text) => new URL(`https://host/x?token=${text}`).href],
  ['a proxy password', (text) => `http://user:${encodeURIComponent(text)}@proxy:8080`],
  ['HTTP Basic, as sent', (text) => `Basic ${base64(`:${text.trim()}`)}`],
  ...['a', 'ab', 'abc'].map(
    (user) =>
      [
        `HTTP Basic with user "${user}"`,
        (text: string) => `Basic ${base64(`${user}:${text.trim()}`)}`,
      ] as const,
  ),
  ['base64url', (text) => base64(text).replace(/\+/g, '-').replace(/\//g, '_')],
];

/** Text around the secret; `#` and `##` next to it make or break `##[`. */
const CONTEXTS: readonly (readonly [string, string])[] = [
  ['', ''],
  ['got ', ' here'],
  ['#', '#'],
  ['##', 'so['],
  ['#', '['],
  ['"', '\\'],
];

describe('the secret-forms table: no form of a secret survives redaction', () => {
  it.each(REVEALING)('$name', ({ secret }) => {
    const redactor = new Redactor();
    redactor.add(secret);
    const failures: string[] = [];
    for (const [printer, print] of PRINTERS) {
      for (const [before, after] of CONTEXTS) {
        const output = redactor.redact(print(`${before}${secret}${after}`));
        if (revealed(output)) failures.push(`${printer}, within ${before}…${after}: ${output}`);
        else if (!output.includes('***')) failures.push(`${printer}: nothing redacted`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('registers a token as given and trimmed, for task.setsecret', () => {
    const redactor = new Redactor();
    redactor.add('pat-from-a-crlf-file\r');
    expect(redactor.secrets).toEqual(['pat-from-a-crlf-file\r', 'pat-from-a-crlf-file']);
  });

  it.each([
    ['a secret form cut short', 'x'.repeat(40), '...', 'got "xxx***..."'],
    ['a secret form cut by …', '', '\u2026', 'got "***\u2026"'],
  ])('redacts %s', (_name, before, mark, expected) => {
    const secret = 'K7q9Zt-a-long-token-that-is-cut-short';
    const redactor = new Redactor();
    redactor.add(secret);
    const output = redactor.redact(`got "${before}${secret.slice(0, 20)}${mark}"`);
    expect(output.replace(/x+/, 'xxx')).toBe(expected);
  });

  it('leaves a cut mark alone when no secret form ends there', () => {
    const redactor = new Redactor();
    redactor.add('K7q9Zt-a-long-token');
    expect(redactor.redact('Downloading... done… K7q9...')).toBe('Downloading... done… ***...');
  });
});
