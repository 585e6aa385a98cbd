import { describe, expect, it } from 'vitest';
import { eventsOf, followOnSimulator, queueBuild, runPipeline } from './harness.ts';
import { startPipelines as start } from './pipeline-scenario.ts';

describe('following a YAML run on the simulator', () => {
  it('ends succeeded with every stage, reporting each change once', async () => {
    const sim = await start();
    const { events, outcome } = await followOnSimulator(sim, await runPipeline(sim, 1));
    expect(outcome).toMatchObject({
      result: 'succeeded',
      stages: [
        { name: 'Build', result: 'succeeded' },
        { name: 'Deploy', result: 'succeeded' },
      ],
    });
    expect(eventsOf(events, 'status').map((event) => event.status)).toEqual([
      'running',
      'completed',
    ]);
    const deploy = eventsOf(events, 'stage').filter((event) => event.stage.id === 'Deploy');
    expect(deploy.map((event) => event.stage.state)).toEqual([
      'notStarted',
      'running',
      'succeeded',
    ]);
    expect(eventsOf(events, 'failures')).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'finished', outcome });
  });

  it('keeps a partial success (read from the Build API) and shows the task with issues', async () => {
    const sim = await start();
    const { events, outcome } = await followOnSimulator(sim, await runPipeline(sim, 2));
    expect(outcome.result).toBe('partiallySucceeded');
    expect(outcome.stages[0]).toEqual({ name: 'Build', result: 'partiallySucceeded' });
    const [failures] = eventsOf(events, 'failures');
    expect(failures?.details).toEqual([
      {
        path: ['Build', 'Job', 'Lint'],
        result: 'partiallySucceeded',
        issues: ['warning: 2 files need formatting'],
        logTail: expect.arrayContaining(['##[warning]2 files need formatting']),
      },
    ]);
  });

  it('ends failed with the failed task, its issues and the tail of its log', async () => {
    const sim = await start();
    const { events, outcome } = await followOnSimulator(sim, await runPipeline(sim, 3), {
      logTailLines: 5,
    });
    expect(outcome).toMatchObject({
      result: 'failed',
      stages: [
        { name: 'Build', result: 'failed' },
        { name: 'Deploy', result: 'skipped' },
      ],
    });
    const failures = eventsOf(events, 'failures');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.details).toEqual([
      {
        path: ['Build', 'Job', 'Compile'],
        result: 'failed',
        issues: ['Compilation failed'],
        logTail: [
          'compiling file 28',
          'compiling file 29',
          'compiling file 30',
          '##[error]Compilation failed',
          '##[section]Finishing: Compile',
        ],
      },
    ]);
    // `failures` comes just before `finished`.
    expect(events.at(-2)?.type).toBe('failures');
  });

  it('prints no failure detail with showLogs none, and every task with all', async () => {
    const sim = await start();
    const quiet = await followOnSimulator(sim, await runPipeline(sim, 3), { showLogs: 'none' });
    expect(eventsOf(quiet.events, 'failures')).toEqual([]);
    const loud = await followOnSimulator(sim, await runPipeline(sim, 1), { showLogs: 'all' });
    const paths = eventsOf(loud.events, 'failures')[0]?.details.map((detail) => detail.path);
    expect(paths).toEqual([
      ['Build', 'Job', 'Run script'],
      ['Deploy', 'Job', 'Run script'],
    ]);
  });

  it('follows a classic build as one stage named after its definition', async () => {
    const sim = await start();
    const { outcome } = await followOnSimulator(sim, await queueBuild(sim, 10));
    expect(outcome).toMatchObject({
      result: 'succeeded',
      stages: [{ name: 'nightly', result: 'succeeded' }],
    });
  });
});
