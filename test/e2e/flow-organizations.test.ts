import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { cleanEnv } from '../helpers/cli.ts';
import { runAztm } from '../helpers/run-in-process.ts';
import { createRequests, startE2ESimulator } from '../helpers/e2e.ts';

const FABRIKAM_TOKEN = 'fabrikam0own0token0for0this0test0only0abcdefghij';

/** A second organization, `fabrikam-eu`, with a token of its own that contoso does not accept. */
function startFabrikam(): Promise<RunningSimulator> {
  const scenario = defaultScenario();
  const [admin] = scenario.tokens;
  if (!admin) throw new Error('the default scenario has no token');
  return startE2ESimulator({
    scenario: {
      ...scenario,
      organization: 'fabrikam-eu',
      tokens: [{ ...admin, name: 'fabrikam-admin', value: FABRIKAM_TOKEN }],
    },
  });
}

function flowAcross(contoso: RunningSimulator, fabrikam: RunningSimulator): string {
  const file = join(mkdtempSync(join(tmpdir(), 'aztm-flow-orgs-')), 'flow.yaml');
  writeFileSync(
    file,
    `organization: ${contoso.organizationUrl}
project: DevOps
steps:
  - { id: here, pipeline: { pipeline: Should Run } }
  - id: there
    dependsOn: here
    organization: ${fabrikam.organizationUrl}
    pipeline: { pipeline: notify }
`,
  );
  return file;
}

describe('aztm flow run across organizations', () => {
  it('signs in to each organization with its own token from aztm_pat_<ORG>', async () => {
    const contoso = await startE2ESimulator();
    const fabrikam = await startFabrikam();
    const file = flowAcross(contoso, fabrikam);
    const env = cleanEnv({
      aztm_pat: contoso.token.value,
      // Any letter case; the hyphen of fabrikam-eu becomes `_`.
      AZTM_PAT_FABRIKAM_EU: FABRIKAM_TOKEN,
      aztm_poll_interval: '0.1s',
    });
    const result = await runAztm(['flow', 'run', file, '--json'], { env });

    expect(result.code).toBe(0);
    expect(createRequests(contoso).map((request) => request.url)).toEqual([
      expect.stringMatching(/\/pipelines\/43\/runs/),
    ]);
    expect(createRequests(fabrikam).map((request) => request.url)).toEqual([
      expect.stringMatching(/\/pipelines\/47\/runs/),
    ]);
    // Each organization only ever saw its own identity.
    expect(new Set(fabrikam.state.requests.map((request) => request.identity))).toEqual(
      new Set(['fabrikam-admin']),
    );
    expect(new Set(contoso.state.requests.map((request) => request.identity))).toEqual(
      new Set(['admin']),
    );
  });

  it('an organization refusing the command token: exit 5 before anything runs, naming its variables', async () => {
    const contoso = await startE2ESimulator();
    const fabrikam = await startFabrikam();
    const file = flowAcross(contoso, fabrikam);
    const env = cleanEnv({ aztm_pat: contoso.token.value, aztm_poll_interval: '0.1s' });
    const result = await runAztm(['flow', 'run', file], { env });

    expect(result.code).toBe(5);
    expect(result.stderr).toContain('step "there" could not be resolved');
    expect(result.stderr).toContain('aztm_pat_fabrikam_eu or aztm_token_fabrikam_eu');
    expect([...createRequests(contoso), ...createRequests(fabrikam)]).toEqual([]);
  });

  it('no token at all for the first organization: exit 2 naming its variables', async () => {
    const contoso = await startE2ESimulator();
    const fabrikam = await startFabrikam();
    const file = flowAcross(contoso, fabrikam);
    const env = cleanEnv({ AZTM_PAT_FABRIKAM_EU: FABRIKAM_TOKEN });
    const result = await runAztm(['flow', 'run', file], { env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'no token for organization "contoso": set aztm_pat_contoso or aztm_token_contoso',
    );
    expect([...createRequests(contoso), ...createRequests(fabrikam)]).toEqual([]);
  });
});

describe('--max-rps', () => {
  it('keeps every request of the process under the budget', async () => {
    // Ten times real time: a one-second window of aztm is ten simulated seconds in the log.
    const speed = 10;
    const sim = await startE2ESimulator({ speed });
    const file = join(mkdtempSync(join(tmpdir(), 'aztm-max-rps-')), 'flow.yaml');
    writeFileSync(
      file,
      `project: DevOps
steps:
  - { id: a, pipeline: { pipeline: Should Run } }
  - { id: b, pipeline: { pipelineId: 45 } }
`,
    );
    const env = cleanEnv({
      aztm_organization: sim.organizationUrl,
      aztm_pat: sim.token.value,
      // Polled as often as it can: only the budget holds the requests back.
      aztm_poll_interval: '0.1s',
    });
    const result = await runAztm(['flow', 'run', file, '--max-rps', '3'], { env });

    expect(result.code).toBe(0);
    const times = sim.state.requests.map((request) => request.time);
    expect(times.length).toBeGreaterThan(10);
    // Over any two seconds: at most 6 by the budget. The simulator reads its clock on arrival,
    // so requests that left apart may arrive closer on a busy machine: 2 of slack. Without the
    // budget, polling every 0.1 s would send about 40 a second.
    const window = 2000 * speed;
    const busiest = Math.max(
      ...times.map((start) => times.filter((t) => t >= start && t < start + window).length),
    );
    expect(busiest).toBeLessThanOrEqual(8);
  });

  it.each(['0', 'many', '2.5'])('refuses --max-rps %s with exit 2', async (value) => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['pipeline', '--pipeline-id', '43', '--max-rps', value], {
      env: cleanEnv({
        aztm_organization: sim.organizationUrl,
        aztm_project: 'DevOps',
        aztm_pat: sim.token.value,
      }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--max-rps must be a whole number of at least 1');
    expect(createRequests(sim)).toEqual([]);
  });
});
