import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { TLS } from '../helpers/tls-fixtures.ts';
import { entraEnv, identitiesSeen, printed, startEntraSimulator } from './entra-e2e.ts';
import { azureCliOnPath, startManagedIdentityEndpoint } from './local-parties.ts';
import { CLIENT_ID, fakeAccessToken, startTokenEndpoint, TENANT } from './token-endpoint.ts';

const DEVOPS_APP = '499b84ac-1321-427f-aa17-267ca6975798';
const IDENTITY_HEADER = 'b3f1c2d4-identity-header-secret';

describe('--auth managed-identity (App Service style endpoint on loopback)', () => {
  it('gets a token for the Azure DevOps application and runs a build to its end', async () => {
    const token = fakeAccessToken('managed-identity');
    const msi = await startManagedIdentityEndpoint(IDENTITY_HEADER, token);
    const sim = await startEntraSimulator([token]);
    const result = await runCli(['build', '--definition-id', '7'], {
      env: entraEnv(sim, {
        aztm_auth: 'managed-identity',
        IDENTITY_ENDPOINT: msi.endpoint,
        IDENTITY_HEADER,
      }),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^succeeded: build \d+/m);
    expect(msi.resources[0]).toBe(DEVOPS_APP);
    expect(identitiesSeen(sim)).toEqual(['entra-0']);
    expect(printed(result, token)).toBe(false);
  });

  it('a refused request: exit 5 naming the managed identity, without the header secret', async () => {
    const msi = await startManagedIdentityEndpoint('another-header', 'unused');
    const sim = await startEntraSimulator([]);
    const result = await runCli(['build', '--definition-id', '7'], {
      env: entraEnv(sim, {
        aztm_auth: 'managed-identity',
        IDENTITY_ENDPOINT: msi.endpoint,
        IDENTITY_HEADER,
      }),
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/Could not sign in with Entra ID managed identity: /);
    expect(result.stderr).toMatch(/check that this machine has a managed identity/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(printed(result, IDENTITY_HEADER)).toBe(false);
    expect(sim.state.requests).toHaveLength(0);
  });
});

describe('--auth azure-cli (a stand-in az on the PATH)', () => {
  it('asks az for a token of the Azure DevOps application and runs a release to its end', async () => {
    const token = fakeAccessToken('azure-cli');
    const az = azureCliOnPath(token);
    const sim = await startEntraSimulator([token]);
    const result = await runCli(['release', '--release-id', '13'], {
      env: entraEnv(sim, { aztm_auth: 'azure-cli', PATH: az.path }),
    });
    expect(result.code).toBe(0);
    const args = JSON.parse(readFileSync(join(az.dir, 'args.json'), 'utf8')) as string[];
    expect(args.slice(0, 2)).toEqual(['account', 'get-access-token']);
    expect(args[args.indexOf('--resource') + 1]).toBe(DEVOPS_APP);
    expect(identitiesSeen(sim)).toEqual(['entra-0']);
    expect(printed(result, token)).toBe(false);
  });

  it('with no token and no AZURE_* settings, auto falls back to a signed-in az', async () => {
    const token = fakeAccessToken('azure-cli-auto');
    const az = azureCliOnPath(token);
    const sim = await startEntraSimulator([token]);
    const result = await runCli(['pipeline', '--pipeline-id', '42', '--dry-run'], {
      env: entraEnv(sim, { PATH: az.path }),
    });
    expect(result.code).toBe(0);
    expect(identitiesSeen(sim)).toEqual(['entra-0']);
  });

  it('nobody signed in to az: exit 5 telling to run az login', async () => {
    const az = azureCliOnPath(null);
    const sim = await startEntraSimulator([]);
    const result = await runCli(['release', '--release-id', '13'], {
      env: entraEnv(sim, { aztm_auth: 'azure-cli', PATH: az.path }),
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/Could not sign in with the Azure CLI .*az login/);
    expect(sim.state.requests).toHaveLength(0);
  });
});

describe('--auth workload-identity (a federated token file, as on Kubernetes or GitHub)', () => {
  const FEDERATED = fakeAccessToken('federated-subject');

  it('exchanges the federated token for an Azure DevOps token and runs a pipeline', async () => {
    const token = fakeAccessToken('workload-identity');
    const entra = await startTokenEndpoint({ federatedToken: FEDERATED, tokens: [token] });
    const file = join(azureCliOnPath(null).dir, 'federated-token');
    writeFileSync(file, FEDERATED);
    const sim = await startEntraSimulator([token]);
    const result = await runCli(['pipeline', '--pipeline-id', '42'], {
      env: entraEnv(sim, {
        aztm_auth: 'workload-identity',
        AZURE_TENANT_ID: TENANT,
        AZURE_CLIENT_ID: CLIENT_ID,
        AZURE_FEDERATED_TOKEN_FILE: file,
        AZURE_AUTHORITY_HOST: entra.authorityHost,
        NODE_EXTRA_CA_CERTS: TLS.caPath,
      }),
    });
    expect(result.code).toBe(0);
    expect(entra.requests.map((request) => request.grant)).toEqual(['federated']);
    expect(identitiesSeen(sim)).toEqual(['entra-0']);
  });

  it('a federated token the endpoint does not trust: exit 5 naming the workload identity', async () => {
    const entra = await startTokenEndpoint({ federatedToken: FEDERATED, tokens: ['unused'] });
    const file = join(azureCliOnPath(null).dir, 'federated-token');
    writeFileSync(file, fakeAccessToken('someone-else'));
    const sim = await startEntraSimulator([]);
    const result = await runCli(['pipeline', '--pipeline-id', '42'], {
      env: entraEnv(sim, {
        aztm_auth: 'workload-identity',
        AZURE_TENANT_ID: TENANT,
        AZURE_CLIENT_ID: CLIENT_ID,
        AZURE_FEDERATED_TOKEN_FILE: file,
        AZURE_AUTHORITY_HOST: entra.authorityHost,
        NODE_EXTRA_CA_CERTS: TLS.caPath,
      }),
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(
      /Could not sign in with Entra ID workload identity \(the federated token in AZURE_FEDERATED_TOKEN_FILE\): .*AADSTS700024/,
    );
    expect(sim.state.requests).toHaveLength(0);
  });
});

describe('--auth workload-identity inside Azure Pipelines, through a service connection', () => {
  it("asks the job's OIDC endpoint for the connection's federated token, then Entra ID", async () => {
    const token = fakeAccessToken('service-connection');
    const jobToken = fakeAccessToken('job-token-of-this-run');
    const connection = '9f0c1d2e-1111-4c2b-9a7e-5d4c3b2a1f00';
    const federated = fakeAccessToken('sc-federated');
    const entra = await startTokenEndpoint({
      federatedToken: federated,
      tokens: [token],
      oidc: { jobToken, serviceConnectionId: connection },
    });
    const sim = await startEntraSimulator([token]);
    const result = await runCli(['pipeline', '--pipeline-id', '42'], {
      env: entraEnv(sim, {
        TF_BUILD: 'True',
        aztm_auth: 'workload-identity',
        aztm_service_connection: connection,
        SYSTEM_ACCESSTOKEN: jobToken,
        SYSTEM_OIDCREQUESTURI: `${entra.authorityHost}/oidc`,
        AZURE_TENANT_ID: TENANT,
        AZURE_CLIENT_ID: CLIENT_ID,
        AZURE_AUTHORITY_HOST: entra.authorityHost,
        NODE_EXTRA_CA_CERTS: TLS.caPath,
      }),
    });
    expect(result.code).toBe(0);
    expect(new Set(entra.oidcRequests)).toEqual(new Set([connection]));
    expect(entra.requests.map((request) => request.grant)).toEqual(['federated']);
    // Signed in as the service connection's identity, not as the job's build service.
    expect(identitiesSeen(sim)).toEqual(['entra-0']);
    // Inside Azure Pipelines the tokens are only named to the agent, to be masked.
    expect(result.stdout.split('\n')).toContain(`##vso[task.setsecret]${token}`);
    const outside = result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('##vso[task.setsecret]'))
      .join('\n');
    expect(`${outside}${result.stderr}`).not.toContain(jobToken);
    expect(`${outside}${result.stderr}`).not.toContain(token);
  });
});

describe('tokens are renewed before they expire during a long follow', () => {
  it('a follow goes on with new tokens while each older one is revoked as the next is issued', async () => {
    const tokens = Array.from({ length: 40 }, (_, index) => fakeAccessToken(`short-${index}`));
    const sim = await startEntraSimulator(tokens);
    // Each token lives 60 s, less than the renewal margin: every request needs a new one, and
    // one sent after its successor was issued is refused.
    const entra = await startTokenEndpoint({
      secret: 'renewal-secret-value',
      tokens,
      expiresIn: 60,
      onIssue: (index) => {
        if (index > 0) sim.state.revokedTokens.add(`entra-${index - 1}`);
      },
    });
    const result = await runCli(['pipeline', '--pipeline-id', '42'], {
      env: entraEnv(sim, {
        aztm_auth: 'service-principal',
        AZURE_TENANT_ID: TENANT,
        AZURE_CLIENT_ID: CLIENT_ID,
        AZURE_CLIENT_SECRET: 'renewal-secret-value',
        AZURE_AUTHORITY_HOST: entra.authorityHost,
        NODE_EXTRA_CA_CERTS: TLS.caPath,
      }),
    });
    expect(result.stderr).not.toMatch(/refused|did not accept/);
    expect(result.code).toBe(0);
    expect(entra.requests.length).toBeGreaterThan(2);
    const seen = identitiesSeen(sim);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((name) => name.startsWith('entra-'))).toBe(true);
  });
});
