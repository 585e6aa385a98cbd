import { describe, expect, it } from 'vitest';
import type { StepCondition } from '../../src/flow/model.ts';
import {
  flowResultOf,
  runSchedule,
  type SchedulableStep,
  type StepOutcome,
  type StepResult,
} from '../../src/flow/scheduler.ts';
import type { Result } from '../../src/outcome.ts';

interface TestStep extends SchedulableStep {
  /** What the fake run ends with. */
  readonly ends: Result;
}

function step(
  id: string,
  ends: Result,
  extra: {
    dependsOn?: string[];
    condition?: StepCondition;
    continueOnError?: boolean;
    allowPartial?: boolean;
  } = {},
): TestStep {
  return {
    id,
    ends,
    dependsOn: extra.dependsOn ?? [],
    condition: extra.condition ?? 'succeeded()',
    continueOnError: extra.continueOnError ?? false,
    allowPartial: extra.allowPartial ?? false,
  };
}

/**
 * A fake runStep: each run ends after a macrotask with its step's result, or canceled when its
 * signal aborts first (as follow() cancels what it started). Records the order of starts and the
 * most running at once.
 */
function fakeRunner(options: { hold?: readonly string[] } = {}) {
  const started: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const runStep = (s: TestStep, signal: AbortSignal): Promise<StepOutcome> => {
    started.push(s.id);
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    return new Promise((resolve) => {
      const end = (result: Result): void => {
        running -= 1;
        resolve({ result, url: `https://example.test/${s.id}` });
      };
      signal.addEventListener('abort', () => end('canceled'), { once: true });
      // A held step runs until aborted.
      if (!options.hold?.includes(s.id)) setTimeout(() => !signal.aborted && end(s.ends), 5);
    });
  };
  return { runStep, started, mostAtOnce: () => mostAtOnce };
}

function results(run: { steps: readonly { step: TestStep; result: StepResult }[] }) {
  return Object.fromEntries(run.steps.map((record) => [record.step.id, record.result]));
}

describe('runSchedule', () => {
  it("the seed's example: the chain succeeds, Please Fail fails, its dependent is skipped", async () => {
    const runner = fakeRunner();
    const events: string[] = [];
    const run = await runSchedule(
      [
        step('scan', 'succeeded'),
        step('scan2', 'succeeded', { dependsOn: ['scan'] }),
        step('should-run', 'succeeded', { dependsOn: ['scan2'] }),
        step('please-fail', 'failed', { dependsOn: ['scan2'] }),
        step('shouldnt-be-triggered', 'succeeded', { dependsOn: ['please-fail'] }),
      ],
      runner.runStep,
      {
        maxParallel: Infinity,
        onEvent: (event) =>
          events.push(
            event.type === 'started'
              ? `started ${event.step.id}`
              : `${event.record.result} ${event.record.step.id}`,
          ),
      },
    );
    expect(results(run)).toEqual({
      scan: 'succeeded',
      scan2: 'succeeded',
      'should-run': 'succeeded',
      'please-fail': 'failed',
      'shouldnt-be-triggered': 'skipped',
    });
    expect(run.result).toBe('failed');
    expect(run.interrupted).toBe(false);
    expect(runner.started).not.toContain('shouldnt-be-triggered');
    expect(events.slice(0, 4)).toEqual([
      'started scan',
      'succeeded scan',
      'started scan2',
      'succeeded scan2',
    ]);
    expect(events).toContain('skipped shouldnt-be-triggered');
  });

  it('a diamond: both branches run at once, the join waits for both', async () => {
    const runner = fakeRunner();
    const run = await runSchedule(
      [
        step('a', 'succeeded'),
        step('b', 'succeeded', { dependsOn: ['a'] }),
        step('c', 'succeeded', { dependsOn: ['a'] }),
        step('d', 'succeeded', { dependsOn: ['b', 'c'] }),
      ],
      runner.runStep,
      { maxParallel: Infinity },
    );
    expect(run.result).toBe('succeeded');
    expect(runner.started).toEqual(['a', 'b', 'c', 'd']);
    expect(runner.mostAtOnce()).toBe(2);
  });

  it('maxParallel 1 runs independent steps one at a time, in file order', async () => {
    const runner = fakeRunner();
    const run = await runSchedule(
      [step('a', 'succeeded'), step('b', 'succeeded'), step('c', 'succeeded')],
      runner.runStep,
      { maxParallel: 1 },
    );
    expect(run.result).toBe('succeeded');
    expect(runner.started).toEqual(['a', 'b', 'c']);
    expect(runner.mostAtOnce()).toBe(1);
  });

  it.each([
    // [condition, dependency results, runs?]
    ['succeeded()', ['succeeded', 'partiallySucceeded'], true],
    ['succeeded()', ['succeeded', 'failed'], false],
    ['failed()', ['succeeded', 'failed'], true],
    ['failed()', ['succeeded', 'timedOut'], true],
    ['failed()', ['succeeded', 'succeeded'], false],
    ['failed()', ['canceled'], false],
    ['succeededOrFailed()', ['succeeded', 'failed'], true],
    ['succeededOrFailed()', ['failed', 'canceled'], false],
    ['always()', ['failed', 'canceled'], true],
  ] as const)('%s after %j: runs is %s', async (condition, ends, runs) => {
    const runner = fakeRunner();
    const deps = ends.map((result, index) => step(`dep${index}`, result));
    const run = await runSchedule(
      [...deps, step('after', 'succeeded', { dependsOn: deps.map((d) => d.id), condition })],
      runner.runStep,
      { maxParallel: Infinity },
    );
    expect(results(run).after).toBe(runs ? 'succeeded' : 'skipped');
    expect(runner.started.includes('after')).toBe(runs);
  });

  it('a skipped dependency makes succeeded() false, and the skip goes down the chain', async () => {
    const run = await runSchedule(
      [
        step('a', 'succeeded'),
        step('b', 'succeeded', { dependsOn: ['a'], condition: 'failed()' }),
        step('c', 'succeeded', { dependsOn: ['b'] }),
        step('d', 'succeeded', { dependsOn: ['b'], condition: 'always()' }),
      ],
      fakeRunner().runStep,
      { maxParallel: Infinity },
    );
    expect(results(run)).toEqual({ a: 'succeeded', b: 'skipped', c: 'skipped', d: 'succeeded' });
    expect(run.result).toBe('succeeded');
  });

  it('continueOnError: the failure does not fail the flow; dependents see it as succeeded', async () => {
    const run = await runSchedule(
      [
        step('flaky', 'failed', { continueOnError: true }),
        step('next', 'succeeded', { dependsOn: ['flaky'] }),
        step('on-failure', 'succeeded', { dependsOn: ['flaky'], condition: 'failed()' }),
      ],
      fakeRunner().runStep,
      { maxParallel: Infinity },
    );
    expect(results(run)).toEqual({ flaky: 'failed', next: 'succeeded', 'on-failure': 'skipped' });
    expect(run.result).toBe('succeeded');
  });

  it.each([
    [false, false, 'failed'],
    [true, false, 'succeeded'],
    [false, true, 'succeeded'],
  ] as const)(
    'a partial success fails the flow unless allowed (allowPartial %s, continueOnError %s): %s',
    async (allowPartial, continueOnError, flowResult) => {
      const run = await runSchedule(
        [
          step('smoke', 'partiallySucceeded', { allowPartial, continueOnError }),
          // Dependents see a partial success as succeeded (with issues), as Azure Pipelines does.
          step('next', 'succeeded', { dependsOn: ['smoke'] }),
        ],
        fakeRunner().runStep,
        { maxParallel: Infinity },
      );
      expect(results(run)).toEqual({ smoke: 'partiallySucceeded', next: 'succeeded' });
      expect(run.result).toBe(flowResult);
    },
  );

  it('fail-fast: the first failure cancels the running steps and starts nothing new', async () => {
    const runner = fakeRunner({ hold: ['long'] });
    const run = await runSchedule(
      [
        step('long', 'succeeded'),
        step('fails', 'failed'),
        step('after-fails', 'succeeded', { dependsOn: ['fails'], condition: 'always()' }),
        step('after-long', 'succeeded', { dependsOn: ['long'] }),
      ],
      runner.runStep,
      { maxParallel: Infinity, failFast: true },
    );
    expect(results(run)).toEqual({
      long: 'canceled',
      fails: 'failed',
      'after-fails': 'notRun',
      'after-long': 'notRun',
    });
    expect(run.result).toBe('failed');
    expect(run.interrupted).toBe(false);
    expect(runner.started).toEqual(['long', 'fails']);
  });

  it('without fail-fast a failure lets the independent steps go on', async () => {
    const run = await runSchedule(
      [
        step('fails', 'failed'),
        step('other', 'succeeded'),
        step('next', 'succeeded', { dependsOn: ['other'] }),
      ],
      fakeRunner().runStep,
      { maxParallel: 1 },
    );
    expect(results(run)).toEqual({ fails: 'failed', other: 'succeeded', next: 'succeeded' });
  });

  it('an abort cancels every running step; the rest are not run', async () => {
    const runner = fakeRunner({ hold: ['a', 'b'] });
    const controller = new AbortController();
    const pending = runSchedule(
      [
        step('a', 'succeeded'),
        step('b', 'succeeded'),
        step('c', 'succeeded', { dependsOn: ['a'] }),
      ],
      runner.runStep,
      { maxParallel: Infinity, signal: controller.signal },
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    const run = await pending;
    expect(results(run)).toEqual({ a: 'canceled', b: 'canceled', c: 'notRun' });
    expect(run.interrupted).toBe(true);
    expect(run.result).toBe('failed');
    expect(flowResultOf(run)).toBe('canceled');
  });

  it('an interrupted flow with a step left running (not canceled) is interrupted, not canceled', async () => {
    const controller = new AbortController();
    const pending = runSchedule(
      [step('a', 'succeeded'), step('b', 'succeeded')],
      (s, signal) =>
        new Promise<StepOutcome>((resolve) => {
          // a's cancel is accepted; b's fails, so its run goes on.
          const result = s.id === 'a' ? 'canceled' : 'interrupted';
          signal.addEventListener('abort', () => resolve({ result, url: null }), { once: true });
        }),
      { maxParallel: Infinity, signal: controller.signal },
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    const run = await pending;
    expect(results(run)).toEqual({ a: 'canceled', b: 'interrupted' });
    expect(flowResultOf(run)).toBe('interrupted');
  });

  it('a runStep that throws is a failed step; the others still end', async () => {
    const run = await runSchedule(
      [step('broken', 'succeeded'), step('fine', 'succeeded')],
      (s) =>
        s.id === 'broken'
          ? Promise.reject(new Error('boom'))
          : Promise.resolve({ result: 'succeeded', url: null }),
      { maxParallel: Infinity },
    );
    expect(results(run)).toEqual({ broken: 'failed', fine: 'succeeded' });
  });
});
