import { describe, expect, it } from 'vitest';
import { runAztm } from '../helpers/run-in-process.ts';
import { createRequests, e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import {
  adminRun,
  adminRuns,
  onlyRequest,
  tokenValue,
  triggeredId,
  withDevOpsProject,
} from '../helpers/e2e-runs.ts';
import { buildDefinition, job, run, stage, task } from '../helpers/scenario-builder.ts';

/** Two more classic builds: one that succeeds with issues, one that fails. */
const withMoreBuilds = withDevOpsProject((project) => {
  const oneTask = (result: 'succeededWithIssues' | 'failed', log: string) =>
    run({
      stages: [
        stage({
          name: '__default',
          jobs: [
            job({
              name: 'Lint',
              displayName: 'Lint',
              tasks: [task({ name: 'eslint', result, log: [log] })],
            }),
          ],
        }),
      ],
    });
  return {
    ...project,
    buildDefinitions: [
      ...project.buildDefinitions,
      buildDefinition({
        id: 8,
        name: 'lint',
        path: '\\Quality',
        runs: [oneTask('succeededWithIssues', '3 warnings')],
      }),
      buildDefinition({
        id: 9,
        name: 'broken',
        path: '\\Quality',
        runs: [oneTask('failed', '12 errors')],
      }),
    ],
  };
});

describe('aztm build', () => {
  it('queues the definition named folder\\name with its branch and queue-time parameters', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(
      [
        'build',
        ...['--definition', 'Regression\\nightly', '--branch', 'main', '--commit', '9c1d0e7'],
        ...['--variables', '{"suite": "full"}'],
      ],
      { env: e2eEnv(sim) },
    );

    expect(result.code, result.stderr).toBe(0);
    const id = triggeredId(result.stderr);
    expect(result.stdout).toMatch(
      new RegExp(
        `^succeeded: build ${id} \\(Regression\\\\nightly\\) in \\S+ \\S+buildId=${id}\\n$`,
      ),
    );
    const queue = onlyRequest(sim, 'POST', /\/DevOps\/_apis\/build\/builds$/);
    expect(queue.headers.authorization).toBe('Basic <admin>');
    const body = queue.body as { parameters: unknown };
    // The Build API takes queue-time variables as one JSON string, `parameters`.
    expect(typeof body.parameters).toBe('string');
    expect(JSON.parse(String(body.parameters))).toEqual({ suite: 'full' });
    expect(body).toMatchObject({
      definition: { id: 7 },
      sourceBranch: 'refs/heads/main',
      sourceVersion: '9c1d0e7',
    });
    expect(await adminRun(sim, id)).toMatchObject({
      kind: 'build',
      definition: { id: 7 },
      sourceBranch: 'refs/heads/main',
      result: 'succeeded',
    });
  });

  it.each([
    { what: 'with issues', definition: 'lint', flags: [], code: 1, result: 'partially succeeded' },
    {
      what: 'with issues, --allow-partial',
      definition: 'lint',
      flags: ['--allow-partial'],
      code: 0,
      result: 'partially succeeded',
    },
    { what: 'with a failed task', definition: 'broken', flags: [], code: 1, result: 'failed' },
  ])(
    'a build that ends $what exits 1 (0 when partial is allowed) and shows the task',
    async ({ definition, flags, code, result: word }) => {
      const sim = await startE2ESimulator({ scenario: withMoreBuilds });
      const result = await runAztm(['build', '--definition', definition, ...flags], {
        env: e2eEnv(sim),
      });

      expect(result.code).toBe(code);
      const id = triggeredId(result.stderr);
      expect(result.stdout).toMatch(
        new RegExp(`^${word}: build ${id} \\(Quality\\\\${definition}\\)`),
      );
      expect(result.stderr).toContain(`Lint › eslint: ${word}`);
      expect((await adminRun(sim, id)).result).toBe(
        word === 'failed' ? 'failed' : 'partiallySucceeded',
      );
    },
  );

  it('--json ends stdout with a build result object', async () => {
    const sim = await startE2ESimulator({ scenario: withMoreBuilds });
    const result = await runAztm(['build', '--definition-id', '8', '--json'], { env: e2eEnv(sim) });

    expect(result.code).toBe(1);
    const [created] = await adminRuns(sim);
    const object = JSON.parse(result.stdout.trimEnd().split('\n').at(-1) ?? '') as object;
    expect(object).toEqual({
      kind: 'build',
      id: created?.id,
      url: expect.stringMatching(new RegExp(`buildId=${created?.id}$`)),
      result: 'partiallySucceeded',
      stages: [{ name: expect.any(String), result: 'partiallySucceeded' }],
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      finishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });

  it('--dry-run names the definition and its id, and queues nothing', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(
      ['build', '--definition', 'nightly', '--variables', '{"suite": "full"}', '--dry-run'],
      { env: e2eEnv(sim) },
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Would queue build definition "Regression\\nightly" \(id 7\)/);
    expect(createRequests(sim)).toEqual([]);
    expect(await adminRuns(sim)).toEqual([]);
  });

  it('--no-wait prints the id and URL of the queued build, which exists', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['build', '--definition-id', '7', '--no-wait'], {
      env: e2eEnv(sim),
    });

    expect(result.code).toBe(0);
    const [, id] = /^(\d+) \S+buildId=(\d+)\n$/.exec(result.stdout) ?? [];
    expect(id, result.stdout).toBeDefined();
    expect(await adminRun(sim, Number(id))).toMatchObject({ kind: 'build', definition: { id: 7 } });
  });

  it('the reader token cannot queue: exit 5 and no build exists', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['build', '--definition-id', '7'], {
      env: e2eEnv(sim, { aztm_pat: tokenValue(sim, 'reader') }),
    });

    expect(result.code).toBe(5);
    expect(result.stderr).toContain('TF400813');
    const queue = onlyRequest(sim, 'POST', /\/DevOps\/_apis\/build\/builds$/);
    expect([queue.headers.authorization, queue.status]).toEqual(['Basic <reader>', 401]);
    expect(await adminRuns(sim)).toEqual([]);
  });
});
