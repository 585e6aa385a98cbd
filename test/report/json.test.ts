import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/redact.ts';
import {
  RUN_URL,
  finished,
  interruptedNotCanceled,
  pipelineFailure,
  pipelineSuccess,
  releaseTimedOut,
} from './fixtures.ts';
import { report } from './harness.ts';

describe('--json', () => {
  it('prints exactly one object on stdout, per the contract, and keeps progress on stderr', () => {
    const { stdout, stderr } = report(pipelineSuccess, { mode: 'plain', json: true });
    expect(stdout.lines).toHaveLength(1);
    expect(JSON.parse(stdout.lines[0] ?? '')).toStrictEqual({
      kind: 'pipeline',
      id: 1000,
      url: RUN_URL,
      result: 'succeeded',
      stages: [
        { name: 'Build', result: 'succeeded' },
        { name: 'Deploy', result: 'succeeded' },
      ],
      startedAt: '2024-05-01T07:31:02.000Z',
      finishedAt: '2024-05-01T07:33:07.000Z',
    });
    expect(stderr.lines.at(-3)).toBe('07:33:07 finished: succeeded in 2m 05s');
  });

  it('writes the keys in the contract order', () => {
    const { stdout } = report(pipelineFailure, { mode: 'plain', json: true });
    expect(Object.keys(JSON.parse(stdout.text) as object)).toEqual([
      'kind',
      'id',
      'url',
      'result',
      'stages',
      'startedAt',
      'finishedAt',
    ]);
  });

  it('says, after the contract keys, that a run aztm stopped following was not canceled', () => {
    const { stdout } = report(interruptedNotCanceled, { mode: 'plain', json: true });
    const result = JSON.parse(stdout.text) as Record<string, unknown>;
    expect(Object.keys(result).at(-1)).toBe('stopped');
    expect(result).toMatchObject({
      result: 'interrupted',
      stages: [
        { name: 'Build', result: 'succeeded' },
        { name: 'Deploy', result: 'running' },
      ],
      stopped: { reason: 'interrupted', canceled: false, lastSeen: 'running' },
    });
  });

  it('puts the object last, after the agent commands, in agent mode', () => {
    const redactor = new Redactor();
    redactor.add('agent-secret');
    const { stdout } = report(releaseTimedOut, { mode: 'agent', json: true, redactor });
    expect(stdout.lines[0]).toBe('##vso[task.setsecret]agent-secret');
    expect(stdout.lines.slice(0, -1).every((line) => line.startsWith('##vso['))).toBe(true);
    expect(JSON.parse(stdout.lines.at(-1) ?? '')).toMatchObject({
      kind: 'release',
      id: 57,
      result: 'timedOut',
      stages: [
        { name: 'Dev', result: 'succeeded' },
        { name: 'QA', result: 'scheduled' },
        { name: 'Prod', result: 'notDeployed' },
      ],
    });
  });

  it('prints it after the live view in tty mode, and nothing else on stdout', () => {
    const { stdout } = report(pipelineSuccess, { mode: 'tty', json: true });
    expect(stdout.lines).toHaveLength(1);
    expect(JSON.parse(stdout.text)).toMatchObject({ result: 'succeeded', id: 1000 });
  });

  it('keeps a stage name from reaching the agent as a command, yet parses to it', () => {
    const name = '##vso[task.complete result=Succeeded]';
    const { stdout } = report([finished('07:33:07', 'failed', [[name, 'failed']])], {
      mode: 'agent',
      json: true,
    });
    expect(stdout.text).not.toContain('##vso[task.complete');
    expect(JSON.parse(stdout.lines.at(-1) ?? '')).toMatchObject({
      stages: [{ name, result: 'failed' }],
    });
  });

  it('prints nothing before the end', () => {
    const { stdout } = report(pipelineSuccess.slice(0, -1), { mode: 'plain', json: true });
    expect(stdout.text).toBe('');
  });
});
