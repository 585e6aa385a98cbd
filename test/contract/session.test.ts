/**
 * One session that calls every operation the simulator serves for aztm, the way a client does,
 * and checks every request body and every answer of it against the official 7.1 specs. A
 * simulator that drifts from the specs, or an operation that stops being served, fails here.
 */
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';
import { checkRequestLog } from './requests.ts';
import { findOperation } from './spec-index.ts';

const V = 'api-version=7.1';

async function json<T>(answer: Response | Promise<Response>): Promise<T> {
  const resolved = await answer;
  const text = await resolved.text();
  if (!resolved.ok) throw new Error(`${resolved.url} answered ${resolved.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Drives the simulator through every operation; returns nothing, the request log is the record. */
async function callEveryOperation(sim: TestSimulator): Promise<void> {
  const p = 'DevOps';
  const withToken = (init: RequestInit & { json?: unknown } = {}) => init;

  // Discovery, as the official Node client starts (fact sheet §8).
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

  // YAML approvals: a run of deploy-production waits on one (fact sheet §2.4, §3).
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

describe('the simulator against the official 7.1 specs', () => {
  it('answers every operation aztm uses with spec-valid bodies, and takes spec-valid requests', async () => {
    const sim = await startTestSimulator(defaultScenario());
    await callEveryOperation(sim);
    expect(checkRequestLog(sim)).toEqual([]);
  });

  it('the session covers every operation of the issue, and each answered 2xx', async () => {
    const sim = await startTestSimulator(defaultScenario());
    await callEveryOperation(sim);
    const covered = new Set<string>();
    for (const entry of sim.state.requests) {
      expect(entry.status, `${entry.method} ${entry.url}`).toBeGreaterThanOrEqual(200);
      expect(entry.status, `${entry.method} ${entry.url}`).toBeLessThan(300);
      const operation = findOperation(entry.method, null, entry.url);
      if (operation) covered.add(`${operation.area} ${operation.operationId}`);
    }
    expect([...covered].sort()).toEqual(
      [
        'pipelines Pipelines_List',
        'pipelines Pipelines_Get',
        'pipelines Preview_Preview',
        'pipelines Runs_Run Pipeline',
        'pipelines Runs_Get',
        'pipelines Runs_List',
        'build Definitions_Get',
        'build Definitions_List',
        'build Builds_Queue',
        'build Builds_Get',
        'build Builds_List',
        'build Builds_Update Build',
        'build Timeline_Get',
        'build Builds_Get Build Logs',
        'build Builds_Get Build Log',
        'approvalsAndChecks Approvals_Query',
        'approvalsAndChecks Approvals_Get',
        'approvalsAndChecks Approvals_Update',
        'release Definitions_Get',
        'release Definitions_List',
        'release Releases_Create',
        'release Releases_Get Release',
        'release Releases_List',
        'release Releases_Get Release Environment',
        'release Releases_Update Release Environment',
        'release Releases_Get Task Log',
        'release Approvals_List',
        'release Approvals_Update',
        'release Releases_Update Release Resource',
      ].sort(),
    );
  });
});
