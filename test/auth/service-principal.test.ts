import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { runCli } from '../helpers/cli.ts';
import { TLS } from '../helpers/tls-fixtures.ts';
import { entraEnv, identitiesSeen, printed, startEntraSimulator } from './entra-e2e.ts';
import {
  CLIENT_ID,
  DEVOPS_SCOPE,
  fakeAccessToken,
  startTokenEndpoint,
  TENANT,
  type TokenEndpoint,
} from './token-endpoint.ts';

const SECRET = 'Qx8Q~sp-test-secret-not-real.2Kd9';

/** The CLI's environment signing in as the test's service principal, at the loopback authority. */
function servicePrincipalEnv(
  sim: RunningSimulator,
  entra: TokenEndpoint,
  proof: 'secret' | 'certificate',
): Record<string, string> {
  return entraEnv(sim, {
    aztm_auth: 'service-principal',
    AZURE_TENANT_ID: TENANT,
    AZURE_CLIENT_ID: CLIENT_ID,
    ...(proof === 'secret'
      ? { AZURE_CLIENT_SECRET: SECRET }
      : { AZURE_CLIENT_CERTIFICATE_PATH: TLS.clientPemPath }),
    AZURE_AUTHORITY_HOST: entra.authorityHost,
    NODE_EXTRA_CA_CERTS: TLS.caPath,
  });
}

describe('--auth service-principal against an Entra ID token endpoint on loopback (HTTPS, test CA)', () => {
  it('signs in with a client secret and runs a pipeline to its end with the bearer token', async () => {
    const token = fakeAccessToken('sp-secret');
    const entra = await startTokenEndpoint({ secret: SECRET, tokens: [token] });
    const sim = await startEntraSimulator([token]);
    const result = await runCli(['pipeline', '--pipeline-id', '42'], {
      env: servicePrincipalEnv(sim, entra, 'secret'),
    });
    expect(result.stderr).toBe(result.stderr.replace(SECRET, ''));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^succeeded: pipeline run \d+/m);
    expect(entra.requests).toEqual([{ grant: 'secret', clientId: CLIENT_ID, scope: DEVOPS_SCOPE }]);
    expect(identitiesSeen(sim)).toEqual(['entra-0']);
    expect(printed(result, token)).toBe(false);
  });

  it('with no --auth, AZURE_CLIENT_SECRET alone chooses the service principal', async () => {
    const token = fakeAccessToken('sp-auto');
    const entra = await startTokenEndpoint({ secret: SECRET, tokens: [token] });
    const sim = await startEntraSimulator([token]);
    const result = await runCli(['build', '--definition-id', '7', '--no-wait'], {
      env: entraEnv(sim, {
        AZURE_TENANT_ID: TENANT,
        AZURE_CLIENT_ID: CLIENT_ID,
        AZURE_CLIENT_SECRET: SECRET,
        AZURE_AUTHORITY_HOST: entra.authorityHost,
        NODE_EXTRA_CA_CERTS: TLS.caPath,
      }),
    });
    expect(result.code).toBe(0);
    expect(entra.requests.map((request) => request.grant)).toEqual(['secret']);
    expect(identitiesSeen(sim)).toEqual(['entra-0']);
  });

  it('signs in with a certificate: a client assertion signed by its key', async () => {
    const token = fakeAccessToken('sp-certificate');
    const entra = await startTokenEndpoint({ tokens: [token] });
    const sim = await startEntraSimulator([token]);
    const result = await runCli(['release', '--release-id', '13'], {
      env: servicePrincipalEnv(sim, entra, 'certificate'),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^succeeded: release \d+/m);
    expect(entra.requests.map((request) => request.grant)).toEqual(['certificate']);
    expect(identitiesSeen(sim)).toEqual(['entra-0']);
  });

  it('a refused secret: exit 5 naming the method and what to check, no secret, no stack trace', async () => {
    const entra = await startTokenEndpoint({ secret: 'the-right-one', tokens: ['unused'] });
    const sim = await startEntraSimulator([]);
    const result = await runCli(['pipeline', '--pipeline-id', '42'], {
      env: servicePrincipalEnv(sim, entra, 'secret'),
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(
      /Could not sign in with Entra ID service principal \(AZURE_CLIENT_ID with AZURE_CLIENT_SECRET\): .*AADSTS7000215/,
    );
    expect(result.stderr).toMatch(/check AZURE_TENANT_ID, AZURE_CLIENT_ID and the secret/);
    expect(result.stderr).toMatch(/nothing was triggered/);
    expect(result.stderr).not.toMatch(/Trace ID|\n\s+at /);
    expect(printed(result, SECRET)).toBe(false);
    expect(sim.state.requests).toHaveLength(0);
  });

  it('a token Azure DevOps refuses as expired: exit 5, saying where the token came from', async () => {
    const token = fakeAccessToken('sp-expired');
    const entra = await startTokenEndpoint({ secret: SECRET, tokens: [token] });
    const sim = await startEntraSimulator([token], true);
    const result = await runCli(['pipeline', '--pipeline-id', '42'], {
      env: servicePrincipalEnv(sim, entra, 'secret'),
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(
      /did not accept the credentials \(HTTP 401.*the token came from Entra ID service principal/,
    );
    expect(printed(result, token)).toBe(false);
    expect(printed(result, SECRET)).toBe(false);
  });

  it('an authority whose certificate is not trusted: exit 5 saying where to look', async () => {
    const entra = await startTokenEndpoint({ secret: SECRET, tokens: ['unused'] });
    const sim = await startEntraSimulator([]);
    const result = await runCli(['pipeline', '--pipeline-id', '42'], {
      env: entraEnv(sim, {
        aztm_auth: 'service-principal',
        AZURE_TENANT_ID: TENANT,
        AZURE_CLIENT_ID: CLIENT_ID,
        AZURE_CLIENT_SECRET: SECRET,
        AZURE_AUTHORITY_HOST: entra.authorityHost,
      }),
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(
      /the Entra ID authority could not be reached or read \(check AZURE_AUTHORITY_HOST, .*--ca-file or NODE_EXTRA_CA_CERTS\)/,
    );
    expect(entra.requests).toHaveLength(0);
  });

  it('a missing setting is a usage error before anything is sent', async () => {
    const sim = await startEntraSimulator([]);
    const result = await runCli(['pipeline', '--pipeline-id', '42'], {
      env: entraEnv(sim, { aztm_auth: 'service-principal', AZURE_CLIENT_ID: CLIENT_ID }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--auth service-principal needs AZURE_TENANT_ID/);
    expect(sim.state.requests).toHaveLength(0);
  });
});
