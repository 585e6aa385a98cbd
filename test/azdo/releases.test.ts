import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { checkRequestLog } from '../contract/requests.ts';
import { startTestSimulator } from '../helpers/simulator.ts';
import { clientFor, requestsTo } from './client-helpers.ts';

const PROJECT = 'DevOps';

describe('release definitions', () => {
  it('gets one by id and finds them by exact name, on the release host', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { client } = clientFor(sim);
    const definition = await client.releases.getDefinition(PROJECT, 14);
    expect(definition.environments?.map((env) => env.name)).toEqual([
      'Dev',
      'Staging',
      'Production',
    ]);
    const found = await client.releases.listDefinitions(PROJECT, {
      searchText: 'scan pre prod',
      isExactNameMatch: true,
    });
    expect(found.map((item) => item.id)).toEqual([13]);
    const [list] = requestsTo(sim, 'GET', /_apis\/release\/definitions$/);
    expect(list?.url).toBe(
      '/vsrm/contoso/DevOps/_apis/release/definitions?searchText=scan%20pre%20prod&isExactNameMatch=true',
    );
    expect(checkRequestLog(sim)).toEqual([]);
  });
});

describe('releases', () => {
  it('creates one, reads it with and without tasks, and reads a task log', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { client } = clientFor(sim);
    const created = await client.releases.create(PROJECT, {
      definitionId: 13,
      description: 'from the tests',
      artifacts: [{ alias: 'app', instanceReference: { id: '1201', name: '20261125.1' } }],
    });
    expect(created).toMatchObject({ status: 'active', description: 'from the tests' });
    expect(created._links?.web?.href).toContain(`releaseId=${created.id}`);
    sim.manualClock.advance(120_000);
    await client.releases.get(PROJECT, created.id);
    const release = await client.releases.get(PROJECT, created.id, { withTasks: true });
    expect(requestsTo(sim, 'GET', /_apis\/release\/releases\/\d+$/).map((e) => e.url)).toEqual([
      `/vsrm/contoso/DevOps/_apis/release/releases/${created.id}`,
      `/vsrm/contoso/DevOps/_apis/release/releases/${created.id}?$expand=tasks`,
    ]);
    const scan = release.environments.find((env) => env.name === 'Scan');
    const phase = scan?.deploySteps?.[0]?.releaseDeployPhases?.[0];
    const tasks = phase?.deploymentJobs?.flatMap((job) => job.tasks ?? []) ?? [];
    const scanner = tasks.find((task) => task.name === 'Run scanner');
    expect(scanner).toBeDefined();
    const lines = await client.releases.getTaskLog(
      PROJECT,
      created.id,
      scan?.id ?? 0,
      phase?.phaseId ?? '',
      scanner?.id ?? 0,
    );
    expect(lines).toContain('No critical findings');
    expect(checkRequestLog(sim)).toEqual([]);
  });

  it('deploys a manual stage with PATCH inProgress, by its release environment id', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { client } = clientFor(sim);
    const release = await client.releases.create(PROJECT, {
      definitionId: 14,
      manualEnvironments: ['Dev', 'Staging', 'Production'],
    });
    const staging = release.environments.find((env) => env.name === 'Staging');
    expect(staging?.status).toBe('notStarted');
    const updated = await client.releases.updateEnvironment(PROJECT, release.id, staging?.id ?? 0, {
      status: 'inProgress',
      comment: 'go',
    });
    expect(updated).toMatchObject({ id: staging?.id, status: 'queued' });
    expect(requestsTo(sim, 'PATCH', /\/environments\/\d+$/)[0]?.body).toEqual({
      status: 'inProgress',
      comment: 'go',
    });
    expect(checkRequestLog(sim)).toEqual([]);
  });

  it('lists the pending approvals of a release and answers one with comments', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { client } = clientFor(sim);
    const release = await client.releases.create(PROJECT, { definitionId: 14 });
    sim.manualClock.advance(300_000);
    const pending = await client.releases.listApprovals(PROJECT, {
      releaseIds: [release.id],
      status: 'pending',
    });
    expect(pending.map((approval) => approval.releaseEnvironment?.name)).toEqual(['Production']);
    const approvalId = pending[0]?.id ?? 0;
    const answered = await client.releases.answerApproval(PROJECT, approvalId, {
      status: 'approved',
      comments: 'ship it',
    });
    expect(answered).toMatchObject({ id: approvalId, status: 'approved', comments: 'ship it' });
    expect(requestsTo(sim, 'GET', /_apis\/release\/approvals$/)[0]?.url).toContain(
      `releaseIdsFilter=${release.id}&statusFilter=pending`,
    );
    expect(requestsTo(sim, 'PATCH', /_apis\/release\/approvals\/\d+$/)[0]?.body).toEqual({
      status: 'approved',
      comments: 'ship it',
    });
    expect(checkRequestLog(sim)).toEqual([]);
  });
});

describe('location', () => {
  it('reads who the token belongs to', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const data = await clientFor(sim).client.location.getConnectionData();
    expect(data.authenticatedUser?.providerDisplayName).toBe('Ada Admin');
    expect(checkRequestLog(sim)).toEqual([]);
  });
});
