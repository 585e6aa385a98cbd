import { describe, expect, it } from 'vitest';
import { Redactor, redactingStream } from '../../src/redact.ts';
import { MemoryStream } from './fixtures.ts';

const PAT = 'abcdEFGH1234pat';

function redactorWith(...secrets: string[]): Redactor {
  const redactor = new Redactor();
  for (const secret of secrets) redactor.add(secret);
  return redactor;
}

describe('Redactor', () => {
  it.each([
    ['the secret itself', `token ${PAT} sent`],
    ['HTTP Basic credentials', `Authorization: Basic ${Buffer.from(`:${PAT}`).toString('base64')}`],
    ['plain base64', `x-token: ${Buffer.from(PAT).toString('base64')}`],
    ['its URL-encoded form', `?token=${encodeURIComponent('p@ss word/42')}&x=1`],
    ['its JSON-escaped form', JSON.stringify({ value: 'say "hi" now' })],
  ])('replaces %s with ***', (_name, text) => {
    const redactor = redactorWith(PAT, 'p@ss word/42', 'say "hi" now');
    const redacted = redactor.redact(text);
    expect(redacted).toContain('***');
    expect(redacted).not.toContain(PAT);
    expect(redacted).not.toContain(encodeURIComponent('p@ss word/42'));
    expect(redacted).not.toContain('say \\"hi\\" now');
    expect(redacted).not.toMatch(/[A-Za-z0-9+/]{16,}/);
  });

  it('replaces every occurrence', () => {
    expect(redactorWith(PAT).redact(`${PAT}:${PAT}`)).toBe('***:***');
  });

  it('replaces the longest secret first, so that no part of it is left', () => {
    const redactor = redactorWith('secret', 'secret-and-more');
    expect(redactor.redact('x secret-and-more y')).toBe('x *** y');
  });

  it('records secrets shorter than 4 characters without replacing them', () => {
    const redactor = redactorWith('abc', PAT);
    expect(redactor.redact('abc and abcd')).toBe('abc and abcd');
    expect(redactor.secrets).toEqual(['abc', PAT]);
  });

  it('ignores the empty string and records a secret once', () => {
    const redactor = redactorWith('', PAT, PAT);
    expect(redactor.secrets).toEqual([PAT]);
  });

  it('redacts each line of a multi-line secret on its own', () => {
    const redactor = redactorWith('first-line\nsecond-line');
    expect(redactor.redact('got first-line then\nsecond-line')).toBe('got *** then\n***');
  });
});

describe('redactingStream', () => {
  it('passes whole lines on at once, redacted', () => {
    const sink = new MemoryStream();
    const stream = redactingStream(sink, redactorWith(PAT));
    stream.write(`a ${PAT}\nb\n`);
    expect(sink.text).toBe('a ***\nb\n');
  });

  it('finds a secret split over two writes', () => {
    const sink = new MemoryStream();
    const stream = redactingStream(sink, redactorWith(PAT));
    stream.write(`token ${PAT.slice(0, 6)}`);
    expect(sink.text).toBe('');
    stream.write(`${PAT.slice(6)} end\n`);
    expect(sink.text).toBe('token *** end\n');
  });

  it('passes a held-back partial line on when flushed', () => {
    const sink = new MemoryStream();
    const stream = redactingStream(sink, redactorWith(PAT));
    stream.write(`no newline ${PAT}`);
    stream.flush();
    expect(sink.text).toBe('no newline ***');
  });

  it('decodes bytes split inside a character', () => {
    const sink = new MemoryStream();
    const stream = redactingStream(sink, redactorWith(PAT));
    const bytes = Buffer.from('stage › done\n');
    stream.write(bytes.subarray(0, 7));
    stream.write(bytes.subarray(7));
    expect(sink.text).toBe('stage › done\n');
  });
});
