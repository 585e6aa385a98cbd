import { describe, expect, it } from 'vitest';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';
import {
  API,
  as,
  bodyOf,
  buildScenario,
  call,
  PAT_LIMITED,
  type WireBuild,
  type WireError,
  type WireList,
  type WireTimeline,
} from './build-fixtures.ts';

const BUILDS = `Infrastructure/_apis/build/builds?${API}`;

async function start(): Promise<TestSimulator> {
  return startTestSimulator(buildScenario());
}

async function queue(sim: TestSimulator, json: unknown): Promise<WireBuild> {
  const queued = await call(sim, BUILDS, { method: 'POST', json });
  expect(queued.status).toBe(200);
  return bodyOf<WireBuild>(queued);
}

describe('queueing a build', () => {
  it('queues a classic definition with queue-time variables given as a JSON string', async () => {
    const sim = await start();
    const build = await queue(sim, {
      definition: { id: 3 },
      sourceBranch: 'develop',
      parameters: JSON.stringify({ 'system.debug': 'true' }),
    });
    expect(build).toMatchObject({
      id: 1000,
      status: 'notStarted',
      sourceBranch: 'refs/heads/develop',
    });
    expect(JSON.parse(build.parameters ?? '{}')).toEqual({ 'system.debug': 'true' });
    expect(sim.state.builds.get(1000)).toMatchObject({
      kind: 'build',
      createdFrom: { api: 'queue' },
    });
  });

  it('queues a YAML pipeline through the Build API with its template parameters', async () => {
    const sim = await start();
    const build = await queue(sim, {
      definition: { id: 7 },
      parameters: '{"region":"uksouth"}',
      templateParameters: { env: 'prod' },
    });
    expect(build).toMatchObject({
      templateParameters: { env: 'prod' },
      definition: { id: 7, path: '\\infra' },
    });
    expect(sim.state.builds.get(1000)?.kind).toBe('pipeline');
  });

  it('queues with no body when ?definitionId= names the definition', async () => {
    const sim = await start();
    const queued = await call(sim, `Infrastructure/_apis/build/builds?definitionId=3&${API}`, {
      method: 'POST',
    });
    expect(bodyOf<WireBuild>(queued)).toMatchObject({ id: 1000, status: 'notStarted' });
  });

  // cli-extension recordings/test_build_cancel.yaml: the queue answer
  // (docs/design/azure-devops.md §13 row 3).
  it('answers the queue request notStarted with no startTime; a later read shows it running', async () => {
    const sim = await start();
    const build = await queue(sim, { definition: { id: 3 } });
    expect(build.status).toBe('notStarted');
    expect(build).not.toHaveProperty('startTime');
    expect(build).toHaveProperty('queueTime');
    sim.manualClock.advance(1_000);
    const read = bodyOf<WireBuild>(
      await call(sim, `Infrastructure/_apis/build/builds/1000?${API}`),
    );
    expect(read.status).toBe('inProgress');
    expect(read).toHaveProperty('startTime');
  });

  it.each([
    {
      name: 'parameters given as an object',
      json: { definition: { id: 3 }, parameters: { a: 'b' } },
      detail: 'got a JSON object',
    },
    {
      name: 'parameters that are not JSON',
      json: { definition: { id: 3 }, parameters: 'a=b' },
      detail: 'not JSON',
    },
    {
      name: 'parameters holding an array',
      json: { definition: { id: 3 }, parameters: '["a"]' },
      detail: 'not an object',
    },
    {
      name: 'a variable not settable at queue time',
      json: { definition: { id: 7 }, parameters: '{"locked":"x"}' },
      detail: "You can't set the following variables (locked).",
    },
    {
      name: 'a template parameter value outside its values',
      json: { definition: { id: 7 }, templateParameters: { env: 'qa' } },
      detail: "The 'env' parameter value 'qa' is not a valid value.",
    },
  ])('400 BuildRequestValidationFailedException for $name', async ({ json, detail }) => {
    const sim = await start();
    const refused = await call(sim, BUILDS, { method: 'POST', json });
    expect(refused.status).toBe(400);
    const error = bodyOf<WireError>(refused);
    expect(error).toMatchObject({
      typeKey: 'BuildRequestValidationFailedException',
      message: 'Could not queue the build because there were validation errors or warnings.',
    });
    expect(error.customProperties?.ValidationResults?.[0]?.message).toContain(detail);
    expect(sim.state.builds.size).toBe(0);
  });

  it('404 DefinitionNotFoundException for an unknown definition', async () => {
    const sim = await start();
    const refused = await call(sim, BUILDS, { method: 'POST', json: { definition: { id: 99 } } });
    expect(refused.status).toBe(404);
    expect(bodyOf<WireError>(refused).typeKey).toBe('DefinitionNotFoundException');
  });

  it('404 TF401019 when the identity cannot read the repository', async () => {
    const sim = await start();
    const refused = await call(sim, BUILDS, {
      method: 'POST',
      json: { definition: { id: 9 } },
      headers: as(PAT_LIMITED),
    });
    expect(refused.status).toBe(404);
    expect(bodyOf<WireError>(refused).message).toMatch(
      /^TF401019: The Git repository with name or identifier Secrets /,
    );
  });
});

describe('getting and cancelling a build', () => {
  it('404 BuildNotFoundException with the service message', async () => {
    const sim = await start();
    const missing = await call(sim, `Infrastructure/_apis/build/builds/999?${API}`);
    expect(missing.status).toBe(404);
    expect(bodyOf<WireError>(missing)).toMatchObject({
      typeKey: 'BuildNotFoundException',
      message: 'The requested build 999 could not be found.',
    });
  });

  it.each([{ status: 'cancelling' }, { status: 4 }, { status: 'Cancelling' }])(
    'cancels on $status: cancelling for 3 s, then completed and canceled',
    async ({ status }) => {
      const sim = await start();
      await queue(sim, { definition: { id: 3 } });
      sim.manualClock.advance(2_000);
      const patched = await call(sim, `Infrastructure/_apis/build/Builds/1000?${API}`, {
        method: 'PATCH',
        json: { status },
      });
      expect(bodyOf<WireBuild>(patched)).toMatchObject({ status: 'cancelling' });
      sim.manualClock.advance(3_000);
      const after = bodyOf<WireBuild>(
        await call(sim, `Infrastructure/_apis/build/builds/1000?${API}`),
      );
      expect(after).toMatchObject({
        status: 'completed',
        result: 'canceled',
        finishTime: '2026-01-01T09:00:05.0000000Z',
      });
    },
  );

  it('returns a completed build unchanged when asked to cancel it', async () => {
    const sim = await start();
    await queue(sim, { definition: { id: 3 } });
    sim.manualClock.advance(60_000);
    const patched = await call(sim, `Infrastructure/_apis/build/builds/1000?${API}`, {
      method: 'PATCH',
      json: { status: 4 },
    });
    expect(bodyOf<WireBuild>(patched)).toMatchObject({ status: 'completed', result: 'succeeded' });
    expect(sim.state.builds.get(1000)?.cancelRequestedAt).toBeNull();
  });

  it('400 for a status other than cancelling', async () => {
    const sim = await start();
    await queue(sim, { definition: { id: 3 } });
    const refused = await call(sim, `Infrastructure/_apis/build/builds/1000?${API}`, {
      method: 'PATCH',
      json: { status: 'completed' },
    });
    expect(refused.status).toBe(400);
    expect(bodyOf<WireError>(refused).message).toContain('only a cancel');
  });
});

describe('updating a stage', () => {
  it('cancels a running stage, which cancels the run', async () => {
    const sim = await start();
    await queue(sim, { definition: { id: 7 } });
    sim.manualClock.advance(5_000);
    const stages = `Infrastructure/_apis/build/builds/1000/stages`;
    const cancelled = await call(sim, `${stages}/build?${API}`, {
      method: 'PATCH',
      json: { state: 0 },
    });
    expect(cancelled.status).toBe(200);
    const records = bodyOf<WireTimeline>(
      await call(sim, `Infrastructure/_apis/build/builds/1000/timeline?${API}`),
    ).records;
    expect(records.filter((r) => r.type === 'Stage').map((r) => r.result)).toEqual([
      'canceled',
      'skipped',
    ]);
    const build = bodyOf<WireBuild>(
      await call(sim, `Infrastructure/_apis/build/builds/1000?${API}`),
    );
    expect(build).toMatchObject({ status: 'completed', result: 'canceled' });
  });

  it.each([
    { stage: 'Build', json: { state: 'retry' }, status: 400 },
    { stage: 'Nope', json: { state: 'cancel' }, status: 404 },
  ])('refuses $json.state of stage $stage with $status', async ({ stage, json, status }) => {
    const sim = await start();
    await queue(sim, { definition: { id: 7 } });
    const refused = await call(
      sim,
      `Infrastructure/_apis/build/builds/1000/stages/${stage}?${API}`,
      {
        method: 'PATCH',
        json,
      },
    );
    expect(refused.status).toBe(status);
    expect(sim.state.builds.get(1000)?.stageCancels.size).toBe(0);
  });
});

describe('listing builds', () => {
  async function threeBuilds(sim: TestSimulator): Promise<void> {
    await queue(sim, { definition: { id: 3 } }); // 1000: completes at 10 s
    sim.manualClock.advance(20_000);
    await queue(sim, { definition: { id: 7 }, sourceBranch: 'refs/heads/feature' }); // 1001: waits on approval
    await queue(sim, { definition: { id: 8 } }); // 1002: partially succeeds at 30 s
    sim.manualClock.advance(15_000);
  }
  const ids = (r: Awaited<ReturnType<typeof call>>): number[] =>
    bodyOf<WireList<WireBuild>>(r).value.map((b) => b.id);

  it.each([
    { query: '', expected: [1002, 1001, 1000] },
    { query: 'queryOrder=queueTimeAscending', expected: [1000, 1001, 1002] },
    { query: 'statusFilter=completed', expected: [1002, 1000] },
    { query: 'statusFilter=2', expected: [1002, 1000] },
    { query: 'statusFilter=InProgress', expected: [1001] },
    { query: 'resultFilter=partiallySucceeded', expected: [1002] },
    { query: 'resultFilter=2', expected: [1000] },
    { query: 'definitions=3,8', expected: [1002, 1000] },
    { query: 'buildIds=1000,1001', expected: [1001, 1000] },
    { query: 'branchName=refs/heads/feature', expected: [1001] },
    { query: 'queryOrder=finishTimeDescending', expected: [1002, 1000, 1001] },
  ])('filters and orders: $query', async ({ query, expected }) => {
    const sim = await start();
    await threeBuilds(sim);
    expect(ids(await call(sim, `Infrastructure/_apis/build/builds?${query}&${API}`))).toEqual(
      expected,
    );
  });

  it('pages with $top and the continuation token header, each build once', async () => {
    const sim = await start();
    await threeBuilds(sim);
    const first = await call(sim, `Infrastructure/_apis/build/builds?$top=2&${API}`);
    expect(ids(first)).toEqual([1002, 1001]);
    const token = first.headers.get('x-ms-continuationtoken') ?? '';
    await queue(sim, { definition: { id: 3 } }); // a newer build does not shift the next page
    const second = await call(
      sim,
      `Infrastructure/_apis/build/builds?$top=2&continuationToken=${token}&${API}`,
    );
    expect(ids(second)).toEqual([1000]);
    expect(second.headers.get('x-ms-continuationtoken')).toBeNull();
  });
});

describe('timeline and logs', () => {
  it('serves the timeline on any letter case, with and without the timeline id', async () => {
    const sim = await start();
    const { orchestrationPlan } = await queue(sim, { definition: { id: 7 } });
    sim.manualClock.advance(12_000);
    const timeline = bodyOf<WireTimeline>(
      await call(sim, `Infrastructure/_apis/build/Builds/1000/Timeline?${API}`),
    );
    expect(timeline.id).toBe(orchestrationPlan.planId);
    expect(timeline.records.map((r) => `${r.type}:${r.state}`)).toEqual([
      'Stage:inProgress',
      'Phase:inProgress',
      'Job:inProgress',
      'Task:completed',
      'Task:inProgress',
      'Stage:pending',
      'Phase:pending',
      'Job:pending',
      'Task:pending',
    ]);
    const byId = await call(
      sim,
      `Infrastructure/_apis/build/builds/1000/timeline/${orchestrationPlan.planId.toUpperCase()}?${API}`,
    );
    expect(bodyOf<WireTimeline>(byId).changeId).toBe(timeline.changeId);
    const wrong = await call(
      sim,
      `Infrastructure/_apis/build/builds/1000/timeline/00000000-0000-4000-8000-000000000000?${API}`,
    );
    expect(wrong.status).toBe(404);
    expect(bodyOf<WireError>(wrong).typeKey).toBe('TimelineNotFoundException');
  });

  it('returns only the records changed after ?changeId=', async () => {
    const sim = await start();
    await queue(sim, { definition: { id: 7 } });
    sim.manualClock.advance(5_000);
    const path = `Infrastructure/_apis/build/builds/1000/timeline?${API}`;
    const before = bodyOf<WireTimeline>(await call(sim, path));
    sim.manualClock.advance(10_000); // Compile ends, Test starts
    const since = bodyOf<WireTimeline>(await call(sim, `${path}&changeId=${before.changeId}`));
    expect(since.changeId).toBeGreaterThan(before.changeId);
    expect(since.records.map((r) => `${r.name}:${r.state}`)).toEqual([
      'Compile:completed',
      'Test:inProgress',
    ]);
    // Nothing changed: `records` is null, not [] (vsteam buildTimelineEmptyRecords.json).
    const none = bodyOf<WireTimeline>(await call(sim, `${path}&changeId=${since.changeId}`));
    expect(none).toMatchObject({ id: since.id, changeId: since.changeId, records: null });
  });

  it('lists logs and serves a log as text or JSON lines, with 1-based line ranges', async () => {
    const sim = await start();
    await queue(sim, { definition: { id: 7 } });
    sim.manualClock.advance(10_000);
    const logs = bodyOf<WireList<{ id: number; lineCount: number }>>(
      await call(sim, `Infrastructure/_apis/build/builds/1000/logs?${API}`),
    );
    expect(logs.value.map((l) => [l.id, l.lineCount])).toEqual([
      [1, 4],
      [2, 1],
    ]);
    const text = await call(sim, `Infrastructure/_apis/build/builds/1000/logs/1?${API}`);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text.text).toBe(
      '##[section]Starting: Compile\ncompiling\nlinking\n##[section]Finishing: Compile',
    );
    const lines = await call(
      sim,
      `Infrastructure/_apis/build/builds/1000/logs/1?startLine=2&endLine=3`,
      {
        headers: { accept: 'application/json;api-version=7.1' },
      },
    );
    expect(lines.body).toEqual({ count: 2, value: ['compiling', 'linking'] });
    const missing = await call(sim, `Infrastructure/_apis/build/builds/1000/logs/3?${API}`);
    expect(missing.status).toBe(404);
  });
});

describe('definitions', () => {
  it.each([
    { query: 'name=INFRA*', expected: [7] },
    { query: 'name=*build', expected: [3] },
    { query: 'path=%5Cinfra', expected: [7] },
    { query: 'path=legacy%5C', expected: [3] },
    { query: 'definitionIds=8,9', expected: [8, 9] },
    { query: 'queryOrder=definitionNameAscending', expected: [7, 3, 8, 9] },
    { query: '$top=2', expected: [3, 7] },
  ])('lists YAML and classic definitions: $query', async ({ query, expected }) => {
    const sim = await start();
    const listed = await call(sim, `Infrastructure/_apis/build/definitions?${query}&${API}`);
    expect(bodyOf<WireList<{ id: number }>>(listed).value.map((d) => d.id)).toEqual(expected);
  });

  it('gets a definition with its variables, secrets as null, and its process type', async () => {
    const sim = await start();
    const yaml = await call(sim, `Infrastructure/_apis/build/Definitions/7?${API}`);
    expect(yaml.body).toMatchObject({
      id: 7,
      process: { type: 2 },
      variables: {
        region: { value: 'westeurope', allowOverride: true },
        locked: { value: 'fixed' },
        password: { value: null, isSecret: true, allowOverride: true },
      },
    });
    expect(yaml.text).not.toContain('hunter2');
    expect((await call(sim, `Infrastructure/_apis/build/definitions/3?${API}`)).body).toMatchObject(
      { process: { type: 1 } },
    );
    expect((await call(sim, `Infrastructure/_apis/build/definitions/99?${API}`)).status).toBe(404);
  });
});

describe('admin API', () => {
  it('lists runs, ends one with a result and cancels another', async () => {
    const sim = await start();
    await queue(sim, { definition: { id: 7 } });
    await queue(sim, { definition: { id: 3 } });
    const admin = (path: string, init: RequestInit = {}) =>
      fetch(`${sim.rootUrl}/_sim/${path}`, {
        ...init,
        headers: { 'content-type': 'application/json' },
      });
    const runs = (await (await admin('runs')).json()) as WireList<{
      id: number;
      kind: string;
      status: string;
    }>;
    expect(runs.value.map((r) => [r.id, r.kind, r.status])).toEqual([
      [1000, 'pipeline', 'inProgress'],
      [1001, 'build', 'inProgress'],
    ]);
    const finished = await admin('runs/1000/finish', {
      method: 'POST',
      body: '{"result":"failed"}',
    });
    expect(await finished.json()).toMatchObject({ status: 'completed', result: 'failed' });
    expect(
      (await admin('runs/1000/finish', { method: 'POST', body: '{"result":"failed"}' })).status,
    ).toBe(409);
    const canceled = await admin('runs/1001/cancel', { method: 'POST' });
    expect(await canceled.json()).toMatchObject({ status: 'cancelling' });
    const build = bodyOf<WireBuild>(
      await call(sim, `Infrastructure/_apis/build/builds/1000?${API}`),
    );
    expect(build).toMatchObject({ status: 'completed', result: 'failed' });
    const detail = (await (await admin('runs/1000')).json()) as { timeline: WireTimeline };
    expect(detail.timeline.records[0]).toMatchObject({ type: 'Stage', result: 'failed' });
  });
});
