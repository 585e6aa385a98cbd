import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { runCli } from '../helpers/cli.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { TLS } from '../helpers/tls-fixtures.ts';

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

/** A collection of an older server, served over HTTPS with a corporate (test) authority. */
async function olderServer(version: string) {
  return startE2ESimulator({
    scenario: {
      ...defaultScenario(),
      mode: 'server',
      apiVersion: { released: version, max: version },
    },
    tls: { key: TLS.serverKey, cert: TLS.serverCert },
  });
}

describe('against an Azure DevOps Server 2020 collection over HTTPS (REST API 6.0)', () => {
  it('runs a pipeline and a release to their end at the version the server names', async () => {
    const sim = await olderServer('6.0');
    expect(sim.organizationUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/tfs\/contoso$/);
    const env = e2eEnv(sim, { NODE_EXTRA_CA_CERTS: TLS.caPath });
    const pipeline = await runCli(['pipeline', '--pipeline-id', '42'], { env });
    expect(pipeline.code).toBe(0);
    expect(pipeline.stdout).toMatch(/^succeeded: pipeline run \d+/m);
    const release = await runCli(['release', '--release-id', '13'], { env });
    expect(release.code).toBe(0);
    expect(release.stdout).toMatch(/^succeeded: release \d+/m);
    const refusedVersions = sim.state.requests.filter((entry) => entry.status === 400);
    // Each run learns the version once: at most one refused request per CLI run.
    expect(refusedVersions.length).toBeLessThanOrEqual(2);
    expect(
      sim.state.requests
        .filter((entry) => entry.status !== 400)
        .every((entry) => /api-version=6\.0/.test(entry.headers.accept ?? '')),
    ).toBe(true);
  });
});

describe('against an Azure DevOps Server 2019 collection (REST API 5.0)', () => {
  it('aztm pipeline says the Runs API needs Server 2020 and how to queue it instead (exit 5)', async () => {
    const sim = await olderServer('5.0');
    const result = await runCli(['pipeline', '--pipeline-id', '42'], {
      env: e2eEnv(sim, { NODE_EXTRA_CA_CERTS: TLS.caPath }),
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(
      /This server speaks REST API 5\.0; YAML pipeline runs \(the Pipelines Runs API\) needs Azure DevOps Server 2020 \(REST API 6\.0\) or newer: .*aztm build --definition-id/,
    );
    expect(result.stderr).toMatch(/nothing was triggered/);
    expect(sim.state.builds.size).toBe(0);
  });

  it('a classic release still runs to its end on the collection URL', async () => {
    const sim = await olderServer('5.0');
    const result = await runCli(['release', '--release-id', '13'], {
      env: e2eEnv(sim, { NODE_EXTRA_CA_CERTS: TLS.caPath }),
    });
    expect(result.code).toBe(0);
    expect(sim.state.releases.size).toBe(1);
  });
});

describe("an area still in preview at the server's version", () => {
  it('is asked again with -preview when the server says so, and the run goes to its end', async () => {
    const sim = await startE2ESimulator({
      scenario: {
        ...defaultScenario(),
        mode: 'server',
        apiVersion: { released: '5.1', max: '6.0' },
      },
    });
    const result = await runCli(['pipeline', '--pipeline-id', '42'], { env: e2eEnv(sim) });
    expect(result.code).toBe(0);
    const answered = sim.state.requests.filter((entry) => entry.status === 200);
    expect(answered.length).toBeGreaterThan(0);
    expect(
      answered.every((entry) =>
        /api-version=(6\.0-preview|5\.\d)/.test(entry.headers.accept ?? ''),
      ),
    ).toBe(true);
  });
});
