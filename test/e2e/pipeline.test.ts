import { describe, expect, it } from 'vitest';
import { runAztm } from '../helpers/run-in-process.ts';
import { createRequests, e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { adminRun, adminRuns, onlyRequest, triggeredId } from '../helpers/e2e-runs.ts';

const RUN_URL = /http:\/\/127\.0\.0\.1:\d+\/contoso\/[\w-]+\/_build\/results\?buildId=(\d+)/;

describe('aztm pipeline', () => {
  it('runs a pipeline to the end: exit 0, progress on stderr, the result line on stdout', async () => {
    // Slow enough for a poll to find the first stage running (a minute is a second here).
    const sim = await startE2ESimulator({ speed: 60 });
    const result = await runAztm(['pipeline', '--pipeline-id', '42'], { env: e2eEnv(sim) });

    expect(result.code).toBe(0);
    const id = triggeredId(result.stderr);
    expect(result.stderr).toMatch(
      new RegExp(
        `^\\d\\d:\\d\\d:\\d\\d triggered pipeline run ${id} .*of infra\\\\deploy-gateway`,
        'm',
      ),
    );
    expect(result.stderr).toMatch(/^\d\d:\d\d:\d\d stage Build gateway image: running$/m);
    expect(result.stderr).toMatch(/stage Deploy gateway: succeeded in 45s/);
    expect(result.stdout).toMatch(
      new RegExp(
        `^succeeded: pipeline run ${id} \\(infra\\\\deploy-gateway\\) in \\S+ ${RUN_URL.source}\\n$`,
      ),
    );
    // What was sent: one run of pipeline 42, signed in with the PAT as Basic, sign-in page suppressed.
    const create = onlyRequest(sim, 'POST', /\/DevOps\/_apis\/pipelines\/42\/runs$/);
    expect(create.headers).toMatchObject({
      authorization: 'Basic <admin>',
      'x-tfs-fedauthredirect': 'Suppress',
      'content-type': 'application/json',
    });
    expect(create.body).toEqual({ previewRun: false });
    expect(await adminRun(sim, id)).toMatchObject({ status: 'completed', result: 'succeeded' });
  });

  it.each([
    {
      what: 'the pipeline chosen by folder\\name',
      inputs: ['--pipeline', 'infra\\deploy-gateway'],
      sent: {},
      run: { definition: { id: 42, name: 'deploy-gateway' } },
    },
    {
      what: 'the pipeline chosen by its name in any letter case',
      inputs: ['--pipeline', 'Deploy-Gateway'],
      sent: {},
      run: { definition: { id: 42, name: 'deploy-gateway' } },
    },
    {
      what: 'branch main as refs/heads/main, and the commit',
      inputs: ['--pipeline-id', '42', '--branch', 'main', '--commit', '3f2c9a1e'],
      sent: {
        resources: { repositories: { self: { refName: 'refs/heads/main', version: '3f2c9a1e' } } },
      },
      run: { sourceBranch: 'refs/heads/main' },
    },
    {
      what: 'a full refs/... branch as it is',
      inputs: ['--pipeline-id', '42', '--branch', 'refs/tags/v1.2'],
      sent: { resources: { repositories: { self: { refName: 'refs/tags/v1.2' } } } },
      run: { sourceBranch: 'refs/tags/v1.2' },
    },
    {
      what: 'a settable variable',
      inputs: ['--pipeline-id', '42', '--variables', '{"imageTag": "v2.1"}'],
      sent: { variables: { imageTag: { value: 'v2.1', isSecret: false } } },
      run: { variables: { imageTag: { value: 'v2.1', isSecret: false } } },
    },
    {
      what: 'the template parameters',
      inputs: ['--pipeline-id', '42', '--template-parameters', '{"env": "prod"}'],
      sent: { templateParameters: { env: 'prod' } },
      run: { templateParameters: { env: 'prod' } },
    },
    {
      what: 'stages to skip given as a comma list',
      inputs: ['--pipeline-id', '42', '--stages-to-skip', 'Build, Deploy'],
      sent: { stagesToSkip: ['Build', 'Deploy'] },
      run: { stagesToSkip: ['Build', 'Deploy'] },
    },
    {
      what: 'stages to skip given as a JSON array',
      inputs: ['--pipeline-id', '42', '--stages-to-skip', '["Deploy"]'],
      sent: { stagesToSkip: ['Deploy'] },
      run: { stagesToSkip: ['Deploy'] },
    },
  ])('sends $what in the run request', async ({ inputs, sent, run }) => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['pipeline', ...inputs, '--no-wait'], { env: e2eEnv(sim) });

    expect(result.code).toBe(0);
    const creates = createRequests(sim);
    expect(creates).toHaveLength(1);
    expect(creates[0]?.url).toMatch(/\/DevOps\/_apis\/pipelines\/42\/runs$/);
    expect(creates[0]?.body).toMatchObject(sent);
    const [created] = await adminRuns(sim);
    expect(created).toMatchObject(run);
  });

  it('a failed run exits 1 and prints the failing task, its issue and its last log lines', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['pipeline', '--pipeline', 'Please Fail'], { env: e2eEnv(sim) });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /Build › Job › Run script: failed\n\s+- Bash exited with code '1'\.\n/,
    );
    expect(result.stderr).toMatch(/last \d+ log lines:\n(?:.*\n)*?\s+exit\(1\)\n/);
    expect(result.stdout).toMatch(/^failed: pipeline run \d+ \(Please Fail\) after /);
    expect(await adminRun(sim, triggeredId(result.stderr))).toMatchObject({ result: 'failed' });
  });

  it('--show-logs none leaves the failure detail out, and still exits 1', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['pipeline', '--pipeline-id', '44', '--show-logs', 'none'], {
      env: e2eEnv(sim),
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stage Build: failed/);
    expect(result.stderr).not.toContain('Run script: failed');
    expect(result.stderr).not.toContain("Bash exited with code '1'");
    expect(result.stderr).not.toContain('exit(1)');
  });

  it.each([
    { flags: [], code: 1, note: '(counts as failed; --allow-partial accepts it)' },
    { flags: ['--allow-partial'], code: 0, note: '(accepted: --allow-partial)' },
  ])(
    'a partially succeeded run exits 1, or 0 with --allow-partial ($flags)',
    async ({ flags, code, note }) => {
      const sim = await startE2ESimulator();
      const result = await runAztm(['pipeline', '--pipeline', 'smoke-tests', ...flags], {
        env: e2eEnv(sim),
      });

      expect(result.code).toBe(code);
      expect(result.stderr).toContain(`finished: partially succeeded in`);
      expect(result.stderr).toContain(note);
      expect(result.stderr).toContain('p95 latency 820 ms is above the 500 ms budget');
      expect(result.stdout).toMatch(/^partially succeeded: pipeline run \d+ \(smoke-tests\)/);
    },
  );

  it('--dry-run resolves the name, prints what it would run, creates nothing, exits 0', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(
      ['pipeline', '--pipeline', 'deploy-gateway', '--branch', 'main', '--dry-run'],
      { env: e2eEnv(sim) },
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Would run pipeline "infra\\deploy-gateway" \(id 42\)/);
    expect(result.stdout).toContain('nothing was triggered');
    expect(createRequests(sim)).toEqual([]);
    expect(sim.state.requests.length).toBeGreaterThan(0);
    expect(await adminRuns(sim)).toEqual([]);
  });

  it('--no-wait prints the id and the web URL of the run it created, and exits 0', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['pipeline', '--pipeline-id', '46', '--no-wait'], {
      env: e2eEnv(sim),
    });

    expect(result.code).toBe(0);
    const [line, id, url] = /^(\d+) (\S+)\n$/.exec(result.stdout) ?? [];
    expect(line, result.stdout).toBeDefined();
    expect(url).toMatch(RUN_URL);
    expect(RUN_URL.exec(url ?? '')?.[1]).toBe(id);
    // Left running: deploy-production waits for its approval, and nobody canceled it.
    const run = await adminRun(sim, Number(id));
    expect(run).toMatchObject({ definition: { id: 46 }, cancelRequestedAt: null });
    expect(run.status).not.toBe('completed');
  });

  it.each([
    {
      pipeline: 'deploy-gateway',
      code: 0,
      result: 'succeeded',
      stages: ['Build gateway image', 'Deploy gateway'],
    },
    { pipeline: 'Please Fail', code: 1, result: 'failed', stages: ['Build'] },
    { pipeline: 'smoke-tests', code: 1, result: 'partiallySucceeded', stages: ['Build'] },
  ])('--json ends stdout with the result object of a $result run', async (row) => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['pipeline', '--pipeline', row.pipeline, '--json'], {
      env: e2eEnv(sim),
    });

    expect(result.code).toBe(row.code);
    const lines = result.stdout.trimEnd().split('\n');
    const object = JSON.parse(lines.at(-1) ?? '') as Record<string, unknown>;
    const [run] = await adminRuns(sim);
    expect(Object.keys(object)).toEqual([
      'kind',
      'id',
      'url',
      'result',
      'stages',
      'startedAt',
      'finishedAt',
    ]);
    expect(object).toMatchObject({ kind: 'pipeline', id: run?.id, result: row.result });
    expect(object.url).toMatch(new RegExp(`buildId=${run?.id}$`));
    expect((object.stages as { name: string }[]).map((stage) => stage.name)).toEqual(row.stages);
    const startedAt = Date.parse(String(object.startedAt));
    const finishedAt = Date.parse(String(object.finishedAt));
    expect(new Date(startedAt).toISOString()).toBe(object.startedAt);
    expect(finishedAt).toBeGreaterThanOrEqual(startedAt);
    // The object is the only thing on stdout; progress went to stderr.
    expect(lines).toHaveLength(1);
    expect(result.stderr).toContain('finished:');
  });
});
