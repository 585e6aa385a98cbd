import { describe, expect, it } from 'vitest';
import { EXIT, exitCodeFor } from '../../src/cli/exit.ts';
import type { Outcome, Result } from '../../src/outcome.ts';

const HANDLE = {
  kind: 'pipeline',
  project: 'DevOps',
  id: 1000,
  url: 'https://dev.azure.com/contoso/DevOps/_build/results?buildId=1000',
  definitionName: 'deploy',
} as const;

function outcome(result: Result, stopped?: Outcome['stopped']): Outcome {
  return {
    handle: HANDLE,
    result,
    stages: [],
    startedAt: '2026-12-08T10:00:00.000Z',
    finishedAt: '2026-12-08T10:01:00.000Z',
    ...(stopped ? { stopped } : {}),
  };
}

describe('the exit code of a followed run (docs/design/cli-contract.md, "Exit codes")', () => {
  it.each([
    ['succeeded', false, EXIT.succeeded],
    ['partiallySucceeded', false, EXIT.failed],
    ['partiallySucceeded', true, EXIT.succeeded],
    ['failed', false, EXIT.failed],
    ['canceled', false, EXIT.canceled],
    ['interrupted', false, EXIT.canceled],
    ['timedOut', false, EXIT.timedOut],
  ] as const)('%s (allow partial: %s) exits %i', (result, allowPartial, code) => {
    expect(exitCodeFor(outcome(result), allowPartial)).toBe(code);
  });

  it('interrupted exits 3 even when the run ended on its own meanwhile, its result kept', () => {
    const ended = outcome('succeeded', {
      reason: 'interrupted',
      canceled: true,
      lastSeen: 'completed',
    });
    expect(exitCodeFor(ended, false)).toBe(EXIT.canceled);
  });

  it('a time-out whose run then ended on its own exits by the run', () => {
    const ended = outcome('failed', { reason: 'timedOut', canceled: true, lastSeen: 'completed' });
    expect(exitCodeFor(ended, false)).toBe(EXIT.failed);
  });
});
