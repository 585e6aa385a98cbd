import { describe, expect, it } from 'vitest';
import { scenarioAccepting } from '../auth/entra-e2e.ts';
import { CLIENT_ID, fakeAccessToken, startTokenEndpoint, TENANT } from '../auth/token-endpoint.ts';
import { startE2ESimulator } from '../helpers/e2e.ts';
import { TLS } from '../helpers/tls-fixtures.ts';
import { startConnectProxy } from '../network/connect-proxy.ts';
import { completions, loggingCommands, startTask, systemConnection } from './agent-run.ts';
import { packagedTask } from './packaged-task.ts';

const taskDir = packagedTask('TriggerAndMonitor');

const CONNECTION_ID = '5e0b7c2a-2222-4f1d-8a3b-9c8d7e6f5a41';

describe('TriggerAndMonitor@1 signing in through an Azure Resource Manager connection', () => {
  it("exchanges the connection's federated token with Entra ID and runs as its identity", async () => {
    const token = fakeAccessToken('arm-connection');
    const federated = fakeAccessToken('arm-federated');
    const sim = await startE2ESimulator({ scenario: scenarioAccepting([token]) });
    const job = systemConnection(sim);
    const jobToken = job.secret;
    const entra = await startTokenEndpoint({
      federatedToken: federated,
      tokens: [token],
      oidc: { jobToken, serviceConnectionId: CONNECTION_ID },
    });
    const task = startTask(taskDir(), sim, {
      inputs: {
        command: 'pipeline',
        pipelineId: '43',
        pollInterval: '0.1s',
        connectionType: 'azureRM',
        azureSubscription: CONNECTION_ID,
      },
      env: {
        [`ENDPOINT_AUTH_SCHEME_${CONNECTION_ID}`]: 'WorkloadIdentityFederation',
        [`ENDPOINT_AUTH_PARAMETER_${CONNECTION_ID}_TENANTID`]: TENANT,
        [`ENDPOINT_AUTH_PARAMETER_${CONNECTION_ID}_SERVICEPRINCIPALID`]: CLIENT_ID,
        [`ENDPOINT_DATA_${CONNECTION_ID}_ENVIRONMENTAUTHORITYURL`]: entra.authorityHost,
        SYSTEM_OIDCREQUESTURI: `${entra.authorityHost}/oidc`,
        NODE_EXTRA_CA_CERTS: TLS.caPath,
      },
    });
    const result = await task.exited;
    const commands = loggingCommands(result.stdout);

    expect(completions(commands)).toEqual(['Succeeded']);
    // The job's token only asked for the connection's federated token; Azure DevOps saw the
    // connection's identity alone.
    expect(new Set(entra.oidcRequests)).toEqual(new Set([CONNECTION_ID]));
    expect(entra.requests.map((request) => request.grant)).toEqual(['federated']);
    expect(new Set(sim.state.requests.map((request) => request.identity))).toEqual(
      new Set(['entra-0']),
    );
    const masked = commands.filter((command) => command.name === 'task.setsecret');
    expect(masked.map((command) => command.message)).toEqual(
      expect.arrayContaining([jobToken, token]),
    );
  });

  it('a connection that does not use workload identity federation fails the step, naming it', async () => {
    const sim = await startE2ESimulator();
    const task = startTask(taskDir(), sim, {
      inputs: {
        command: 'pipeline',
        pipelineId: '43',
        connectionType: 'azureRM',
        azureSubscription: CONNECTION_ID,
      },
      env: { [`ENDPOINT_AUTH_SCHEME_${CONNECTION_ID}`]: 'ServicePrincipal' },
    });
    const result = await task.exited;

    expect(completions(loggingCommands(result.stdout))).toEqual(['Failed']);
    expect(result.stdout).toContain(
      `service connection ${CONNECTION_ID} signs in with ServicePrincipal`,
    );
    expect(sim.state.requests).toEqual([]);
  });
});

describe('TriggerAndMonitor@1 on an agent behind a proxy', () => {
  it("goes through the agent's own proxy (AGENT_PROXYURL) with its credentials, never printing the password", async () => {
    const sim = await startE2ESimulator({ tls: { key: TLS.serverKey, cert: TLS.serverCert } });
    const password = 'agent-pr0xy-secret';
    const proxy = await startConnectProxy({ user: 'builder', password });
    const task = startTask(taskDir(), sim, {
      inputs: { command: 'pipeline', pipelineId: '43', pollInterval: '0.1s' },
      env: {
        AGENT_PROXYURL: proxy.url,
        AGENT_PROXYUSERNAME: 'builder',
        AGENT_PROXYPASSWORD: password,
        NODE_EXTRA_CA_CERTS: TLS.caPath,
      },
    });
    const result = await task.exited;
    const commands = loggingCommands(result.stdout);

    expect(completions(commands)).toEqual(['Succeeded']);
    expect(proxy.connects.length).toBeGreaterThan(0);
    expect(proxy.connects.every((entry) => entry.credentials === `builder:${password}`)).toBe(true);
    // Masked for the agent first, and printed nowhere else.
    const rest = result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('##vso[task.setsecret]'))
      .join('\n');
    expect(`${rest}${result.stderr}`).not.toContain(password);
    expect(commands.some((c) => c.name === 'task.setsecret' && c.message === password)).toBe(true);
  });
});
