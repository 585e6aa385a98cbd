import { describe, expect, it } from 'vitest';
import type { FollowEvent } from '../../src/follow/events.ts';
import { Redactor } from '../../src/redact.ts';
import { at, failures, finished, stage, triggered } from './fixtures.ts';
import { report } from './harness.ts';

const TOKEN = 'pat-4f9a1c0e77b2d3';
const SECRET_VARIABLE = 'hunter2-deploy-key';
const BASIC = Buffer.from(`:${TOKEN}`).toString('base64');

/** A run whose output is full of secrets: messages, issues, log lines, a stage name. */
const leakyRun: readonly FollowEvent[] = [
  triggered('07:31:02'),
  { type: 'notice', level: 'warning', message: `retrying with ${TOKEN}`, at: at('07:31:03') },
  { type: 'notice', level: 'info', message: `Authorization: Basic ${BASIC}`, at: at('07:31:04') },
  stage('07:31:05', `Deploy ${SECRET_VARIABLE}`, 'running', { startedAt: at('07:31:05') }),
  failures('07:32:00', [
    {
      path: ['Deploy', 'Push'],
      result: 'failed',
      issues: [`login failed for ${TOKEN}`],
      logTail: [`echo ${SECRET_VARIABLE}`, `curl -u :${TOKEN} https://example.test`],
    },
  ]),
  finished('07:32:01', 'failed', [[`Deploy ${SECRET_VARIABLE}`, 'failed']]),
];

function secretRedactor(): Redactor {
  const redactor = new Redactor();
  redactor.add(TOKEN);
  redactor.add(SECRET_VARIABLE);
  return redactor;
}

describe('secrets', () => {
  it.each([
    ['plain', false],
    ['plain', true],
    ['agent', false],
    ['agent', true],
    ['tty', false],
    ['tty', true],
  ] as const)('never appear in %s output (json %s)', (mode, json) => {
    const { stdout, stderr } = report(leakyRun, { mode, json, redactor: secretRedactor() });
    const masking = stdout.lines.filter((line) => line.startsWith('##vso[task.setsecret]'));
    const everythingElse = [
      ...stdout.lines.filter((line) => !masking.includes(line)),
      ...stderr.lines,
    ].join('\n');
    expect(everythingElse).not.toContain(TOKEN);
    expect(everythingElse).not.toContain(SECRET_VARIABLE);
    expect(everythingElse).not.toContain(BASIC.replace(/=+$/, ''));
    expect(everythingElse).toContain('***');
  });

  it('are only written by task.setsecret, first, in agent mode', () => {
    const { stdout } = report(leakyRun, { mode: 'agent', redactor: secretRedactor() });
    expect(stdout.lines.slice(0, 2)).toEqual([
      `##vso[task.setsecret]${TOKEN}`,
      `##vso[task.setsecret]${SECRET_VARIABLE}`,
    ]);
    expect(stdout.lines.slice(2).join('\n')).not.toMatch(/pat-4f9a|hunter2/);
  });

  it('are masked before the reporter prints anything, even when nothing ever happens', () => {
    const { stdout, stderr } = report([], { mode: 'agent', redactor: secretRedactor() });
    expect(stdout.lines).toHaveLength(2);
    expect(stderr.text).toBe('');
  });

  it('stay out of plain and tty output, which write no setsecret', () => {
    for (const mode of ['plain', 'tty'] as const) {
      const { stdout } = report(leakyRun, { mode, redactor: secretRedactor() });
      expect(stdout.text).not.toContain('setsecret');
    }
  });
});
