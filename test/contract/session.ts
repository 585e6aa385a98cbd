/**
 * One session that calls every operation the simulator serves for aztm, the way a client does: the
 * request log it leaves (with the answers, `recordResponses`) is what the contract tests check.
 */
import { expect } from 'vitest';
import type { TestSimulator } from '../helpers/simulator.ts';

export const V = 'api-version=7.1';

export async function json<T>(answer: Response | Promise<Response>): Promise<T> {
  const resolved = await answer;
  const text = await resolved.text();
  if (!resolved.ok) throw new Error(`${resolved.url} answered ${resolved.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Drives the simulator through every operation; returns nothing, the request log is the record. */
export async function callEveryOperation(sim: TestSimulator): Promise<void> {
  const p = 'DevOps';
  const withToken = (init: RequestInit & { json?: unknown } = {}) => init;

  // Discovery, as the official Node client starts (docs/design/azure-devops.md §8).
  await json(sim.api('_apis/connectionData'));
  await json(sim.api('_apis/ResourceAreas'));
  await json(sim.api('_apis/build', { method: 'OPTIONS' }));

  // Pipelines.
  await json(sim.api(`${p}/_apis/pipelines?${V}`));
  await json(sim.api(`${p}/_apis/pipelines/42?${V}`));
  await json(
    sim.api(`${p}/_apis/pipelines/42/preview?${V}`, {
      method: 'POST',
      json: { previewRun: true, templateParameters: { env: 'staging' } },
    }),
  );
  const run = await json<{ id: number }>(
    sim.api(`${p}/_apis/pipelines/42/runs?${V}`, {
      method: 'POST',
      json: {
        resources: { repositories: { self: { refName: 'refs/heads/main' } } },
        templateParameters: { env: 'staging' },
        variables: { imageTag: { value: '1.2.3', isSecret: false } },
      },
    }),
  );
  await json(sim.api(`${p}/_apis/pipelines/42/runs/${run.id}?${V}`));
  await json(sim.api(`${p}/_apis/pipelines/42/runs?${V}`));

  // Build: definitions by id and by name/path, queue, get, list, timeline, logs, cancel.
  await json(sim.api(`${p}/_apis/build/definitions/7?${V}`));
  await json(
    sim.api(
      `${p}/_apis/build/definitions?name=nightly&path=${encodeURIComponent('\\Regression')}&${V}`,
    ),
  );
  const build = await json<{ id: number }>(
    sim.api(`${p}/_apis/build/builds?${V}`, {
      method: 'POST',
      json: {
        definition: { id: 7 },
        sourceBranch: 'refs/heads/main',
        parameters: JSON.stringify({ suite: 'full' }),
      },
    }),
  );
  sim.manualClock.advance(30_000);
  await json(sim.api(`${p}/_apis/build/builds/${build.id}?${V}`));
  await json(sim.api(`${p}/_apis/build/builds?definitions=7&statusFilter=inProgress&${V}`));
  const timeline = await json<{ changeId: number; records: { log?: { id: number } | null }[] }>(
    sim.api(`${p}/_apis/build/builds/${build.id}/timeline?${V}`),
  );
  await json(
    sim.api(`${p}/_apis/build/builds/${build.id}/timeline?changeId=${timeline.changeId}&${V}`),
  );
  await json(sim.api(`${p}/_apis/build/builds/${build.id}/logs?${V}`));
  const logId = timeline.records.find((record) => record.log)?.log?.id;
  expect(logId).toBeDefined();
  await json(
    sim.api(`${p}/_apis/build/builds/${build.id}/logs/${logId}?${V}`, {
      headers: { accept: 'application/json' },
    }),
  );
  const text = await sim.api(
    `${p}/_apis/build/builds/${build.id}/logs/${logId}?startLine=1&endLine=2&${V}`,
    { headers: { accept: 'text/plain' } },
  );
  expect(text.status).toBe(200);
  await json(
    sim.api(`${p}/_apis/build/builds/${build.id}?${V}`, {
      method: 'PATCH',
      json: { status: 'cancelling' },
    }),
  );

  // YAML approvals: a run of deploy-production waits on one (docs/design/azure-devops.md §2.4, §3).
  const gated = await json<{ id: number }>(
    sim.api(`${p}/_apis/pipelines/46/runs?${V}`, { method: 'POST', json: {} }),
  );
  sim.manualClock.advance(60_000);
  const records = await json<{ records: { id: string; type: string; state: string }[] }>(
    sim.api(`${p}/_apis/build/builds/${gated.id}/timeline?${V}`),
  );
  const approvalId = records.records.find(
    (r) => r.type === 'Checkpoint.Approval' && r.state === 'inProgress',
  )?.id;
  expect(approvalId).toBeDefined();
  await json(
    sim.api(`${p}/_apis/pipelines/approvals?approvalIds=${approvalId}&$expand=steps&${V}`),
  );
  await json(sim.api(`${p}/_apis/pipelines/approvals/${approvalId}?${V}`));
  await json(
    sim.api(`${p}/_apis/pipelines/approvals?${V}`, {
      method: 'PATCH',
      json: [{ approvalId, status: 'approved', comment: 'Go' }],
    }),
  );

  // Releases.
  await json(sim.releaseApi('_apis/Release', { method: 'OPTIONS' }));
  await json(sim.releaseApi(`${p}/_apis/release/definitions/13?${V}`));
  await json(sim.releaseApi(`${p}/_apis/release/definitions?searchText=Scan&${V}`));
  const release = await json<{ id: number; environments: { id: number; name: string }[] }>(
    sim.releaseApi(`${p}/_apis/release/releases?${V}`, {
      method: 'POST',
      json: {
        definitionId: 13,
        description: 'contract session',
        artifacts: [{ alias: 'app', instanceReference: { id: '1201', name: '20261125.1' } }],
        variables: { tier: { value: 'pre' } },
        manualEnvironments: ['Report'],
      },
    }),
  );
  sim.manualClock.advance(20_000);
  await json(sim.releaseApi(`${p}/_apis/release/releases/${release.id}?$expand=tasks&${V}`));
  await json(sim.releaseApi(`${p}/_apis/release/releases?definitionId=13&${V}`));
  await json(
    sim.releaseApi(
      `${p}/_apis/release/approvals?releaseIdsFilter=${release.id}&statusFilter=approved&${V}`,
    ),
  );
  const scan = release.environments.find((e) => e.name === 'Scan');
  const report = release.environments.find((e) => e.name === 'Report');
  const env = await json<{
    deploySteps: {
      releaseDeployPhases: { phaseId: string; deploymentJobs: { tasks: { id: number }[] }[] }[];
    }[];
  }>(
    sim.releaseApi(
      `${p}/_apis/release/releases/${release.id}/environments/${scan?.id}?$expand=tasks&${V}`,
    ),
  );
  const phase = env.deploySteps.at(-1)?.releaseDeployPhases[0];
  const taskId = phase?.deploymentJobs[0]?.tasks[0]?.id;
  const log = await sim.releaseApi(
    `${p}/_apis/release/releases/${release.id}/environments/${scan?.id}/deployPhases/${phase?.phaseId}/tasks/${taskId}/logs?${V}`,
  );
  expect(log.status).toBe(200);
  await json(
    sim.releaseApi(
      `${p}/_apis/release/releases/${release.id}/environments/${report?.id}?${V}`,
      withToken({ method: 'PATCH', json: { status: 'inProgress', comment: 'deploy' } }),
    ),
  );
  await json(
    sim.releaseApi(`${p}/_apis/release/releases/${release.id}/environments/${report?.id}?${V}`, {
      method: 'PATCH',
      json: { status: 'canceled', comment: 'stop' },
    }),
  );
  await json(
    sim.releaseApi(`${p}/_apis/release/releases/${release.id}?${V}`, {
      method: 'PATCH',
      json: { status: 'abandoned', comment: 'done' },
    }),
  );

  // A release approval: Infrastructure (14) waits for a release manager before Production.
  const infra = await json<{ id: number }>(
    sim.releaseApi(`${p}/_apis/release/releases?${V}`, {
      method: 'POST',
      json: { definitionId: 14 },
    }),
  );
  sim.manualClock.advance(10 * 60_000);
  const pending = await json<{ value: { id: number }[] }>(
    sim.releaseApi(`${p}/_apis/release/approvals?releaseIdsFilter=${infra.id}&${V}`),
  );
  expect(pending.value).toHaveLength(1);
  await json(
    sim.releaseApi(`${p}/_apis/Release/approvals/${pending.value[0]?.id}?${V}`, {
      method: 'PATCH',
      json: { status: 'approved', comments: 'Go' },
    }),
  );
}
