import { describe, expect, it } from 'vitest';
import { runAztm } from '../helpers/run-in-process.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';

describe('a token given on the command line', () => {
  it('draws a warning that points to the variable form, and the token is not printed', async () => {
    const sim = await startE2ESimulator();
    const { aztm_pat: pat = '', ...env } = e2eEnv(sim);
    const result = await runAztm(['pipeline', '--pipeline-id', '43', '--pat', pat], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'aztm: warning: --pat on the command line shows in process lists and logs; set the aztm_pat environment variable instead',
    );
    expect(result.stderr + result.stdout).not.toContain(pat);
  });

  it('the same for --token', async () => {
    const sim = await startE2ESimulator();
    const job = sim.state.scenario.tokens.find((token) => token.name === 'job')?.value ?? '';
    const result = await runAztm(['pipeline', '--pipeline-id', '43', '--token', job], {
      env: e2eEnv(sim, { aztm_pat: '' }),
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: --token on the command line .* aztm_token/);
  });

  it('no warning when the token comes from the environment', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['pipeline', '--pipeline-id', '43'], { env: e2eEnv(sim) });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('warning: --pat');
  });
});
