import { describe, expect, it } from 'vitest';
import { escapeCommandValue, setSecret } from '../../src/report/logging-commands.ts';
import { neutralise, neutraliseJson, printable } from '../../src/report/safe-text.ts';

describe('escapeCommandValue', () => {
  it('escapes what the agent unescapes (§10.1), % first', () => {
    expect(escapeCommandValue('a;b\r\nc]d 100%')).toBe('a%3Bb%0D%0Ac%5Dd 100%AZP25');
    expect(escapeCommandValue('%3B')).toBe('%AZP253B');
  });
});

describe('setSecret', () => {
  it('masks a value with % in both the escaped and the unescaped form', () => {
    expect(setSecret('p%w;d')).toEqual([
      '##vso[task.setsecret]p%AZP25w%3Bd',
      '##vso[task.setsecret]p%w%3Bd',
    ]);
  });

  it('masks a multi-line secret line by line', () => {
    expect(setSecret('line-one\nline-two')).toEqual([
      '##vso[task.setsecret]line-one',
      '##vso[task.setsecret]line-two',
    ]);
  });
});

describe('neutralise', () => {
  it.each([
    ['##vso[task.complete result=Succeeded]', '##\u200Bvso[task.complete result=Succeeded]'],
    ['log: ##VSO[task.setvariable variable=x]1', 'log: ##\u200BVSO[task.setvariable variable=x]1'],
    ['##[endgroup]', '##\u200B[endgroup]'],
    ['# not ## a [command]', '# not ## a [command]'],
  ])('makes %j inert', (text, expected) => {
    expect(neutralise(text)).toBe(expected);
    expect(neutralise(text).toLowerCase()).not.toContain('##vso[');
  });

  it('leaves a JSON value the same once parsed', () => {
    const value = { name: '##vso[task.complete result=Failed]' };
    const json = neutraliseJson(JSON.stringify(value));
    expect(json).not.toContain('##vso[');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('printable', () => {
  it('drops escape sequences and control characters, flattens newlines and tabs', () => {
    expect(printable('\u001b[31mred\u001b[0m\u001b[2A\tx\r\ny\u0007')).toBe('red  x y');
    expect(printable('\u001b]0;title\u0007after')).toBe('after');
  });
});
