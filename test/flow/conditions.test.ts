/**
 * Conditions over the whole dependency graph, as Azure Pipelines evaluates a job's condition
 * ("the previous jobs in the dependency graph", its docs, "Specify conditions"): a step sees every
 * step it depends on directly or through others, so `flow run` and the exported pipeline agree.
 */
import { describe, expect, it } from 'vitest';
import type { StepCondition } from '../../src/flow/model.ts';
import { ancestors } from '../../src/flow/graph.ts';
import { runSchedule, type SchedulableStep, type StepOutcome } from '../../src/flow/scheduler.ts';
import type { Result } from '../../src/outcome.ts';

interface TestStep extends SchedulableStep {
  readonly ends: Result;
}

function step(
  id: string,
  ends: Result,
  dependsOn: string[] = [],
  condition: StepCondition = 'succeeded()',
  continueOnError = false,
): TestStep {
  return { id, ends, dependsOn, condition, continueOnError, allowPartial: false };
}

/** Runs `steps`, each ending at once with its `ends`; every step's result. */
async function resultsOf(steps: readonly TestStep[]): Promise<Record<string, string>> {
  const run = await runSchedule(
    steps,
    (s): Promise<StepOutcome> => Promise.resolve({ result: s.ends, url: null }),
    { maxParallel: Infinity },
  );
  return Object.fromEntries(run.steps.map((record) => [record.step.id, record.result]));
}

describe('conditions see the whole dependency graph', () => {
  it('after a failure-handling step, a default step does not run: the failure is in its graph', async () => {
    // deploy fails; rollback (failed()) runs and succeeds; notify (succeeded()) depends only on
    // rollback, but deploy's failure is in its graph.
    expect(
      await resultsOf([
        step('deploy', 'failed'),
        step('rollback', 'succeeded', ['deploy'], 'failed()'),
        step('notify', 'succeeded', ['rollback']),
        step('report', 'succeeded', ['rollback'], 'succeededOrFailed()'),
      ]),
    ).toEqual({ deploy: 'failed', rollback: 'succeeded', notify: 'skipped', report: 'succeeded' });
  });

  it('failed() holds for a failure two steps up, though the direct dependency succeeded', async () => {
    expect(
      await resultsOf([
        step('build', 'failed'),
        step('always', 'succeeded', ['build'], 'always()'),
        step('alert', 'succeeded', ['always'], 'failed()'),
      ]),
    ).toEqual({ build: 'failed', always: 'succeeded', alert: 'succeeded' });
  });

  it('a canceled step up the graph makes succeededOrFailed() false below an always() step', async () => {
    expect(
      await resultsOf([
        step('a', 'canceled'),
        step('b', 'succeeded', ['a'], 'always()'),
        step('c', 'succeeded', ['b'], 'succeededOrFailed()'),
      ]),
    ).toEqual({ a: 'canceled', b: 'succeeded', c: 'skipped' });
  });

  it('a failure with continueOnError up the graph is succeeded with issues: succeeded() holds', async () => {
    expect(
      await resultsOf([
        step('scan', 'failed', [], 'succeeded()', true),
        step('deploy', 'succeeded', ['scan']),
        step('verify', 'succeeded', ['deploy']),
      ]),
    ).toEqual({ scan: 'failed', deploy: 'succeeded', verify: 'succeeded' });
  });

  it('a step outside the graph does not count: an unrelated failure leaves a branch alone', async () => {
    expect(
      await resultsOf([
        step('left', 'failed'),
        step('right', 'succeeded'),
        step('after-right', 'succeeded', ['right']),
      ]),
    ).toEqual({ left: 'failed', right: 'succeeded', 'after-right': 'succeeded' });
  });
});

describe('ancestors', () => {
  it('every step a step depends on, directly or not, each once, in file order', () => {
    const graph = ancestors([
      { id: 'a', dependsOn: [] },
      { id: 'b', dependsOn: ['a'] },
      { id: 'c', dependsOn: ['a'] },
      { id: 'd', dependsOn: ['c', 'b'] },
      { id: 'e', dependsOn: ['d'] },
    ]);

    expect(Object.fromEntries(graph)).toEqual({
      a: [],
      b: ['a'],
      c: ['a'],
      d: ['a', 'b', 'c'],
      e: ['a', 'b', 'c', 'd'],
    });
  });
});
