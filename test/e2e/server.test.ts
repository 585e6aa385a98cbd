import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { runCli } from '../helpers/cli.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';

/** The built-in organization, served as an Azure DevOps Server 2022 collection speaks. */
async function server2022() {
  return startE2ESimulator({
    scenario: { ...defaultScenario(), mode: 'server', apiVersion: { released: '7.0', max: '7.0' } },
  });
}

describe('against an Azure DevOps Server collection', () => {
  it('runs a pipeline to its end on the collection URL, at the api-version the server speaks', async () => {
    const sim = await server2022();
    expect(sim.organizationUrl).toMatch(/\/tfs\/contoso$/);
    const result = await runCli(['pipeline', '--pipeline-id', '42'], { env: e2eEnv(sim) });
    expect(result.stderr).not.toMatch(/out of range/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^succeeded: pipeline run \d+/m);
    const versions = sim.state.requests.map(
      (entry) => /api-version=([\w.-]+)/.exec(entry.headers.accept ?? '')?.[1],
    );
    // The first call learns the server's version; every later one uses it.
    expect(versions.slice(1).every((version) => version?.startsWith('7.0'))).toBe(true);
    const creates = sim.state.requests.filter(
      (entry) => entry.method === 'POST' && entry.status === 200,
    );
    expect(creates).toHaveLength(1);
  });

  it('creates and follows a release on the same collection URL (no release host)', async () => {
    const sim = await server2022();
    const result = await runCli(['release', '--release-id', '13'], { env: e2eEnv(sim) });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^succeeded: release \d+ \(Scan Pre Prod\)/m);
    const releaseCalls = sim.state.requests.filter((entry) => /_apis\/release\//i.test(entry.url));
    expect(releaseCalls.length).toBeGreaterThan(0);
    expect(releaseCalls.every((entry) => entry.url.startsWith('/tfs/contoso/'))).toBe(true);
    expect(sim.state.releases.size).toBe(1);
  });
});
