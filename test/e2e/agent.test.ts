import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { runAztm } from '../helpers/run-in-process.ts';
import { createRequests, e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { printed, tokenValue, triggeredId, withLeakyPipeline } from '../helpers/e2e-runs.ts';

const SECRET = 's3cr3t-value';
const secretVariables = JSON.stringify({ password: { value: SECRET, isSecret: true } });

/** A pipeline whose failing task logs the job token and the password. */
const leaky = withLeakyPipeline(
  `connecting as ${defaultScenario().tokens.find((token) => token.name === 'job')?.value ?? ''} with ${SECRET}`,
);

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('aztm pipeline inside Azure Pipelines (TF_BUILD)', () => {
  it('masks the token and a secret variable first, and never prints them again', async () => {
    const sim = await startE2ESimulator({ scenario: leaky });
    const jobToken = tokenValue(sim, 'job');
    const result = await runAztm(
      ['pipeline', '--pipeline', 'leaky', '--variables', secretVariables],
      // As the seed's job passes it: aztm_pat: $(System.AccessToken).
      { env: e2eEnv(sim, { TF_BUILD: 'True', aztm_pat: jobToken }) },
    );

    expect(result.code, result.stderr).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      `##vso[task.setsecret]${jobToken}`,
      `##vso[task.setsecret]${SECRET}`,
    ]);
    expect(occurrences(printed(result), jobToken)).toBe(1);
    expect(occurrences(printed(result), SECRET)).toBe(1);
    // The failing task's log showed both; aztm printed its lines with them masked.
    expect(result.stderr).toContain('connecting as *** with ***');
    // The secret itself went to the service, marked secret; the JWT went as Bearer.
    const [create] = createRequests(sim);
    expect(create?.body).toMatchObject({
      variables: { password: { value: SECRET, isSecret: true } },
    });
    expect(
      sim.state.requests.every((entry) => entry.headers.authorization === 'Bearer <job>'),
    ).toBe(true);
  });

  it.each([{ flags: [] }, { flags: ['--json'] }])(
    'outside Azure Pipelines the token and the secret are not printed at all ($flags)',
    async ({ flags }) => {
      const sim = await startE2ESimulator({ scenario: leaky });
      const result = await runAztm(
        ['pipeline', '--pipeline', 'leaky', '--variables', secretVariables, ...flags],
        { env: e2eEnv(sim, { aztm_pat: tokenValue(sim, 'job') }) },
      );

      expect(result.code).toBe(1);
      expect(result.stderr).toContain('connecting as *** with ***');
      expect(printed(result)).not.toContain(SECRET);
      expect(printed(result)).not.toContain(tokenValue(sim, 'job'));
    },
  );

  it('sets the output variables runId, runUrl and result', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['pipeline', '--pipeline-id', '43'], {
      env: e2eEnv(sim, { TF_BUILD: 'True' }),
    });

    expect(result.code).toBe(0);
    const id = triggeredId(result.stderr);
    const lines = result.stdout.split('\n');
    expect(lines).toContain(`##vso[task.setvariable variable=runId;isOutput=true]${id}`);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^##vso\\[task\\.setvariable variable=runUrl;isOutput=true\\]http://\\S+buildId=${id}$`,
        ),
      ),
    );
    expect(lines).toContain('##vso[task.setvariable variable=result;isOutput=true]succeeded');
    expect(result.stdout).not.toContain('task.logissue');
  });

  it('logs an error issue for a failure and folds its detail into a ##[group]', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['pipeline', '--pipeline', 'Please Fail'], {
      env: e2eEnv(sim, { TF_BUILD: 'True' }),
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "##vso[task.logissue type=error]Build › Job › Run script failed: Bash exited with code '1'.",
    );
    expect(result.stdout).toContain('##vso[task.setvariable variable=result;isOutput=true]failed');
    expect(result.stderr).toMatch(
      /^##\[group\]Build › Job › Run script: failed\n- Bash exited with code '1'\.\n(?:.*\n)*?##\[endgroup\]$/m,
    );
  });

  it('logs a warning issue for a pending approval, with who approves and where', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(
      ['pipeline', '--pipeline-id', '46', '--timeout', '2s', '--on-timeout', 'leave'],
      { env: e2eEnv(sim, { TF_BUILD: 'True' }) },
    );

    expect(result.code).toBe(4);
    const id = triggeredId(result.stderr);
    expect(result.stdout).toMatch(
      new RegExp(
        `^##vso\\[task\\.logissue type=warning\\]Stage Production is waiting for approval by Release Managers \\("Check the staging dashboards before approving\\."\\): \\S+buildId=${id}$`,
        'm',
      ),
    );
    expect(result.stdout).toContain(
      '##vso[task.setvariable variable=result;isOutput=true]timedOut',
    );
  });

  it.each([
    { flags: ['--allow-partial'], code: 0, complete: true },
    { flags: [], code: 1, complete: false },
  ])(
    'a partial success completes the task SucceededWithIssues only with --allow-partial ($flags)',
    async ({ flags, code, complete }) => {
      const sim = await startE2ESimulator();
      const result = await runAztm(['pipeline', '--pipeline', 'smoke-tests', '--json', ...flags], {
        env: e2eEnv(sim, { TF_BUILD: 'True' }),
      });

      expect(result.code).toBe(code);
      const lines = result.stdout.trimEnd().split('\n');
      const completes = lines.filter((line) => line.startsWith('##vso[task.complete'));
      expect(completes).toEqual(
        complete
          ? [expect.stringMatching(/^##vso\[task\.complete result=SucceededWithIssues;\]/)]
          : [],
      );
      expect(lines).toContain(
        '##vso[task.setvariable variable=result;isOutput=true]partiallySucceeded',
      );
      // --json: the object is still the last line, after the logging commands.
      expect(JSON.parse(lines.at(-1) ?? '')).toMatchObject({ result: 'partiallySucceeded' });
    },
  );
});
