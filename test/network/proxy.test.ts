import { afterEach, describe, expect, it } from 'vitest';
import { ScaledClock, startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import type { Scenario } from '../../src/simulator/scenario/model.ts';
import { runCli } from '../helpers/cli.ts';
import { e2eEnv } from '../helpers/e2e.ts';
import { TLS } from '../helpers/tls-fixtures.ts';
import { scenarioAccepting } from '../auth/entra-e2e.ts';
import { CLIENT_ID, fakeAccessToken, startTokenEndpoint, TENANT } from '../auth/token-endpoint.ts';
import { startConnectProxy } from './connect-proxy.ts';

const started: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

/** The simulator served over HTTPS with the test CA's certificate for 127.0.0.1. */
async function httpsSimulator(scenario: Scenario = defaultScenario()): Promise<RunningSimulator> {
  const sim = await startSimulator({
    scenario,
    clock: new ScaledClock(600, Date.now, scenario.startTime),
    requestLog: { limit: 100_000, recordResponses: false },
    tls: { key: TLS.serverKey, cert: TLS.serverCert },
  });
  started.push(sim);
  return sim;
}

const PASSWORD = 'pr0xy-pa55word-value';

describe('through a corporate HTTP proxy (CONNECT) to Azure DevOps over HTTPS', () => {
  it('tunnels every request through HTTPS_PROXY and runs a pipeline to its end', async () => {
    const sim = await httpsSimulator();
    expect(sim.organizationUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
    const proxy = await startConnectProxy();
    const result = await runCli(['pipeline', '--pipeline-id', '42'], {
      env: e2eEnv(sim, { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: TLS.caPath }),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^succeeded: pipeline run \d+/m);
    const port = new URL(sim.rootUrl).port;
    expect(proxy.connects.length).toBeGreaterThan(0);
    expect(proxy.connects.every((entry) => entry.target === `127.0.0.1:${port}`)).toBe(true);
  });

  it('sends the user and password of the proxy URL, and never prints the password', async () => {
    const sim = await httpsSimulator();
    const proxy = await startConnectProxy({ user: 'corp\\builder', password: PASSWORD });
    const url = new URL(proxy.url);
    url.username = encodeURIComponent('corp\\builder');
    url.password = PASSWORD;
    const result = await runCli(['release', '--release-id', '13'], {
      env: e2eEnv(sim, { https_proxy: url.href, NODE_EXTRA_CA_CERTS: TLS.caPath }),
    });
    expect(result.code).toBe(0);
    expect(proxy.connects.length).toBeGreaterThan(0);
    expect(proxy.connects.every((entry) => entry.credentials === `corp\\builder:${PASSWORD}`)).toBe(
      true,
    );
    expect(`${result.stdout}${result.stderr}`).not.toContain(PASSWORD);
  });

  it('wrong proxy credentials: exit 5 at once, saying the proxy refused them, password not printed', async () => {
    const sim = await httpsSimulator();
    const proxy = await startConnectProxy({ user: 'builder', password: 'the-right-one' });
    const url = new URL(proxy.url);
    url.username = 'builder';
    url.password = PASSWORD;
    const result = await runCli(['pipeline', '--pipeline-id', '42'], {
      env: e2eEnv(sim, { HTTPS_PROXY: url.href, NODE_EXTRA_CA_CERTS: TLS.caPath }),
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(
      new RegExp(
        `the proxy ${proxy.url.replace(/[.]/g, '\\.')} refused the credentials \\(HTTP 407\\)`,
      ),
    );
    expect(`${result.stdout}${result.stderr}`).not.toContain(PASSWORD);
    // Refused once: a retry cannot cure wrong credentials.
    expect(proxy.connects).toHaveLength(1);
    expect(sim.state.requests).toHaveLength(0);
  });

  it('NO_PROXY naming the host bypasses the proxy', async () => {
    const sim = await httpsSimulator();
    const proxy = await startConnectProxy();
    const result = await runCli(['build', '--definition-id', '7'], {
      env: e2eEnv(sim, {
        HTTPS_PROXY: proxy.url,
        NO_PROXY: 'localhost,127.0.0.1',
        NODE_EXTRA_CA_CERTS: TLS.caPath,
      }),
    });
    expect(result.code).toBe(0);
    expect(proxy.connects).toHaveLength(0);
    expect(sim.state.requests.length).toBeGreaterThan(0);
  });
});

describe('certificate authorities: TLS verification is never switched off', () => {
  it('a server certificate from an unknown authority is refused at once with what to do (exit 5)', async () => {
    const sim = await httpsSimulator();
    const result = await runCli(['pipeline', '--pipeline-id', '42'], { env: e2eEnv(sim) });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(
      /the server's certificate is not trusted \([A-Z_]+\): give its certificate authority with --ca-file, or in NODE_EXTRA_CA_CERTS/,
    );
    expect(result.stderr).toMatch(/nothing was triggered/);
    expect(result.stderr).not.toMatch(/retrying/i);
    expect(sim.state.requests).toHaveLength(0);
  });

  it('--ca-file trusts the authority, with and without a proxy', async () => {
    const sim = await httpsSimulator();
    const direct = await runCli(['pipeline', '--pipeline-id', '42', '--ca-file', TLS.caPath], {
      env: e2eEnv(sim),
    });
    expect(direct.code).toBe(0);
    const proxy = await startConnectProxy();
    const proxied = await runCli(['build', '--definition-id', '7'], {
      env: e2eEnv(sim, { aztm_ca_file: TLS.caPath, HTTPS_PROXY: proxy.url }),
    });
    expect(proxied.code).toBe(0);
    expect(proxy.connects.length).toBeGreaterThan(0);
  });

  it('a --ca-file that holds no certificate is a usage error naming it', async () => {
    const sim = await httpsSimulator();
    const result = await runCli(
      [
        'pipeline',
        '--pipeline-id',
        '42',
        '--ca-file',
        TLS.clientPemPath.replace('client.pem', 'make-certs.sh'),
      ],
      {
        env: e2eEnv(sim),
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--ca-file: .*make-certs\.sh holds no PEM certificate/);
    expect(sim.state.requests).toHaveLength(0);
  });
});

describe('Entra ID sign-in on the same corporate network', () => {
  it('the token request goes through the proxy too, trusting --ca-file', async () => {
    const token = fakeAccessToken('through-proxy');
    const entra = await startTokenEndpoint({ secret: PASSWORD, tokens: [token] });
    const sim = await httpsSimulator(scenarioAccepting([token]));
    const proxy = await startConnectProxy();
    const env = e2eEnv(sim, {
      aztm_auth: 'service-principal',
      aztm_ca_file: TLS.caPath,
      HTTPS_PROXY: proxy.url,
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: CLIENT_ID,
      AZURE_CLIENT_SECRET: PASSWORD,
      AZURE_AUTHORITY_HOST: entra.authorityHost,
    });
    delete env.aztm_pat;
    const result = await runCli(['pipeline', '--pipeline-id', '42'], { env });
    expect(result.code).toBe(0);
    expect(entra.requests).toHaveLength(1);
    const targets = new Set(proxy.connects.map((entry) => entry.target));
    expect(targets).toEqual(
      new Set([new URL(entra.authorityHost).host, new URL(sim.rootUrl).host]),
    );
  });
});
