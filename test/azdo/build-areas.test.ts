import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { checkRequestLog } from '../contract/requests.ts';
import { startTestSimulator } from '../helpers/simulator.ts';
import { clientFor, requestsTo } from './client-helpers.ts';

const PROJECT = 'DevOps';

describe('pipelines', () => {
  it('lists every pipeline, following the continuation token page by page', async () => {
    const sim = await startTestSimulator(defaultScenario());
    // Small pages, so that the client must follow x-ms-continuationtoken.
    const { client } = clientFor(sim, {
      fetch: (input, init) => {
        const url = new URL(input instanceof Request ? input.url : input);
        if (url.pathname.endsWith('/_apis/pipelines')) url.searchParams.set('$top', '3');
        return fetch(url, init);
      },
    });
    const pipelines = await client.pipelines.list(PROJECT);
    expect(pipelines.map((pipeline) => pipeline.id).sort((a, b) => a - b)).toEqual([
      7, 42, 43, 44, 45, 46, 47, 48,
    ]);
    const pages = requestsTo(sim, 'GET', /_apis\/pipelines$/);
    expect(pages).toHaveLength(3);
    expect(pages.slice(1).every((page) => page.url.includes('continuationToken='))).toBe(true);
    expect(checkRequestLog(sim)).toEqual([]);
  });

  it('gets one pipeline, runs it, and previews a run without starting one', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { client } = clientFor(sim);
    expect(await client.pipelines.get(PROJECT, 42)).toMatchObject({
      name: 'deploy-gateway',
      folder: '\\infra',
    });
    const preview = await client.pipelines.preview(PROJECT, 42, {
      templateParameters: { env: 'prod' },
    });
    expect(preview.finalYaml).toContain('prod');
    expect(sim.state.builds.size).toBe(0);
    const run = await client.pipelines.run(PROJECT, 42, {
      resources: { repositories: { self: { refName: 'refs/heads/release' } } },
      templateParameters: { env: 'staging' },
    });
    expect(run).toMatchObject({ state: 'inProgress', pipeline: { id: 42 } });
    expect(run._links?.web?.href).toMatch(new RegExp(`_build/results\\?buildId=${run.id}$`));
    expect(sim.state.builds.get(run.id)).toMatchObject({
      sourceBranch: 'refs/heads/release',
      templateParameters: { env: 'staging' },
    });
    expect(checkRequestLog(sim)).toEqual([]);
  });
});

describe('builds', () => {
  it('reads definitions by id, by name and by folder', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { client } = clientFor(sim);
    const definition = await client.builds.getDefinition(PROJECT, 7);
    expect(definition).toMatchObject({
      name: 'nightly',
      path: '\\Regression',
      process: { type: 1 },
    });
    expect(definition.variables?.suite?.allowOverride).toBe(true);
    const byName = await client.builds.listDefinitions(PROJECT, { name: 'NIGHTLY' });
    expect(byName.map((item) => item.id)).toEqual([7]);
    const byPath = await client.builds.listDefinitions(PROJECT, { path: '\\infra' });
    expect(byPath.map((item) => item.id)).toEqual([42]);
    expect(requestsTo(sim, 'GET', /_apis\/build\/definitions$/).map((entry) => entry.url)).toEqual([
      '/contoso/DevOps/_apis/build/definitions?name=NIGHTLY',
      '/contoso/DevOps/_apis/build/definitions?path=%5Cinfra',
    ]);
    expect(checkRequestLog(sim)).toEqual([]);
  });

  it('queues with parameters as a JSON string, gets, and cancels with status cancelling', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { client } = clientFor(sim);
    const queued = await client.builds.queue(PROJECT, {
      definition: { id: 7 },
      sourceBranch: 'refs/heads/main',
      parameters: JSON.stringify({ suite: 'full' }),
    });
    expect(sim.state.builds.get(queued.id)?.variables).toMatchObject({ suite: { value: 'full' } });
    expect((await client.builds.get(PROJECT, queued.id)).buildNumber).toBe(queued.buildNumber);
    const canceled = await client.builds.cancel(PROJECT, queued.id);
    expect(canceled.status).toBe('cancelling');
    expect(requestsTo(sim, 'PATCH', /_apis\/build\/builds\/\d+$/)[0]?.body).toEqual({
      status: 'cancelling',
    });
    expect(checkRequestLog(sim)).toEqual([]);
  });

  it('reads the timeline (whole, then changes since a changeId) and log lines by range', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { client } = clientFor(sim);
    const run = await client.pipelines.run(PROJECT, 43, {});
    sim.manualClock.advance(120_000);
    const timeline = await client.builds.getTimeline(PROJECT, run.id);
    expect(timeline.records.some((record) => record.type === 'Task')).toBe(true);
    const since = await client.builds.getTimeline(PROJECT, run.id, timeline.changeId);
    expect(since.records).toEqual([]);
    expect(requestsTo(sim, 'GET', /\/timeline$/).at(-1)?.url).toContain(
      `changeId=${timeline.changeId}`,
    );
    const logs = timeline.records.flatMap((record) => (record.log ? [record.log.id] : []));
    const lines = await Promise.all(
      logs.map((id) => client.builds.getLogLines(PROJECT, run.id, id)),
    );
    expect(lines.flat()).toContain('I should run');
    const logId = logs[logs.findIndex((_, index) => (lines[index]?.length ?? 0) > 2)] ?? 0;
    const two = await client.builds.getLogLines(PROJECT, run.id, logId, {
      startLine: 2,
      endLine: 3,
    });
    expect(two).toEqual(lines[logs.indexOf(logId)]?.slice(1, 3));
    expect(checkRequestLog(sim)).toEqual([]);
  });
});

describe('YAML approvals', () => {
  it('gets an approval with its steps, queries by ids, and answers with an array body', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { client } = clientFor(sim);
    const run = await client.pipelines.run(PROJECT, 46, {});
    sim.manualClock.advance(60_000);
    const timeline = await client.builds.getTimeline(PROJECT, run.id);
    const record = timeline.records.find((item) => item.type === 'Checkpoint.Approval');
    const approvalId = record?.id ?? '';
    const approval = await client.approvals.get(PROJECT, approvalId);
    expect(approval).toMatchObject({ id: approvalId, status: 'pending' });
    expect(approval.steps?.length).toBeGreaterThan(0);
    expect((await client.approvals.query(PROJECT, [approvalId])).map((item) => item.id)).toEqual([
      approvalId,
    ]);
    const answered = await client.approvals.answer(PROJECT, [
      { approvalId, status: 'approved', comment: 'LGTM' },
    ]);
    expect(answered.map((item) => [item.id, item.status])).toEqual([[approvalId, 'approved']]);
    expect(requestsTo(sim, 'PATCH', /_apis\/pipelines\/approvals$/)[0]?.body).toEqual([
      { approvalId, status: 'approved', comment: 'LGTM' },
    ]);
    expect(checkRequestLog(sim)).toEqual([]);
  });
});
