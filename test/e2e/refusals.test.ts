import { describe, expect, it } from 'vitest';
import { runAztm } from '../helpers/run-in-process.ts';
import { createRequests, e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { adminRuns, printed, requestsTo, tokenValue } from '../helpers/e2e-runs.ts';

const UNKNOWN_PAT = 'q'.repeat(52);

describe('exit 5: Azure DevOps refuses before anything is triggered', () => {
  it('a token the organization does not know: sign-in refused, no create request', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['pipeline', '--pipeline-id', '42'], {
      env: e2eEnv(sim, { aztm_pat: UNKNOWN_PAT }),
    });

    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/^aztm: Azure DevOps did not accept the credentials \(HTTP 401/);
    expect(result.stderr).toMatch(
      /check the token \(--pat, --token, SYSTEM_ACCESSTOKEN or the --auth sign-in\)/,
    );
    expect(result.stderr).toMatch(/nothing was triggered\n$/);
    expect(result.stdout).toBe('');
    expect(printed(result)).not.toContain(UNKNOWN_PAT);
    // It asked without the sign-in page (401, not 203) and stopped there.
    const [first] = sim.state.requests;
    expect(first?.headers).toMatchObject({
      authorization: 'Basic <unknown>',
      'x-tfs-fedauthredirect': 'Suppress',
    });
    expect(first?.status).toBe(401);
    expect(createRequests(sim)).toEqual([]);
  });

  it('the reader token lacks vso.build_execute: the create is refused and no run exists', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['pipeline', '--pipeline-id', '42'], {
      env: e2eEnv(sim, { aztm_pat: tokenValue(sim, 'reader') }),
    });

    expect(result.code).toBe(5);
    expect(result.stderr).toContain("TF400813: The user 'rita@contoso.com' is not authorized");
    expect(result.stderr).toContain('nothing was triggered');
    const creates = requestsTo(sim, 'POST', /\/_apis\/pipelines\/42\/runs$/);
    expect(creates.map((create) => [create.headers.authorization, create.status])).toEqual([
      ['Basic <reader>', 401],
    ]);
    expect(await adminRuns(sim)).toEqual([]);
  });

  it('a job token without access to the repository: TF401019 shown, no run exists', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['pipeline', '--pipeline-id', '42'], {
      env: e2eEnv(sim, { aztm_pat: tokenValue(sim, 'no-repo') }),
    });

    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/^aztm: TF401019: The Git repository with name or identifier/);
    expect(printed(result)).not.toContain(tokenValue(sim, 'no-repo'));
    const creates = requestsTo(sim, 'POST', /\/_apis\/pipelines\/42\/runs$/);
    expect(creates.map((create) => [create.headers.authorization, create.status])).toEqual([
      ['Bearer <no-repo>', 404],
    ]);
    expect(await adminRuns(sim)).toEqual([]);
  });

  it.each([
    { command: 'pipeline', args: ['--pipeline-id', '999'] },
    { command: 'build', args: ['--definition-id', '999'] },
  ])('$command: an id that does not exist is not found, no create request', async (row) => {
    const sim = await startE2ESimulator();
    const result = await runAztm([row.command, ...row.args], { env: e2eEnv(sim) });

    expect(result.code).toBe(5);
    expect(result.stderr).toContain('The build definition 999 does not exist');
    expect(result.stderr).toMatch(/check the organization, project and ids/);
    expect(createRequests(sim)).toEqual([]);
  });

  it('a variable the pipeline does not let be set: the service names it, no run exists', async () => {
    const sim = await startE2ESimulator();
    // A YAML pipeline can declare variables the API does not show, so aztm leaves the check of
    // an unlisted name to the service.
    const result = await runAztm(
      ['pipeline', '--pipeline-id', '42', '--variables', '{"region": "westeurope"}'],
      { env: e2eEnv(sim) },
    );

    expect(result.code).toBe(5);
    expect(result.stderr).toContain("You can't set the following variables (region)");
    const creates = createRequests(sim);
    expect(creates).toHaveLength(1);
    expect(creates[0]?.body).toMatchObject({ variables: { region: { value: 'westeurope' } } });
    expect(await adminRuns(sim)).toEqual([]);
  });
});
