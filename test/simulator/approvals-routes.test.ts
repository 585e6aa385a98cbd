import { describe, expect, it } from 'vitest';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';
import {
  API,
  as,
  bodyOf,
  buildScenario,
  call,
  PAT_READER,
  type WireApproval,
  type WireBuild,
  type WireError,
  type WireList,
  type WireTimeline,
} from './build-fixtures.ts';

const APPROVALS = `Infrastructure/_apis/pipelines/approvals`;

/** Runs the gated pipeline up to its approval (Build takes 20 s) and returns the approval id. */
async function waitingRun(sim: TestSimulator): Promise<string> {
  const created = await call(sim, `Infrastructure/_apis/pipelines/7/runs?${API}`, {
    method: 'POST',
    json: {},
  });
  expect(created.status).toBe(200);
  sim.manualClock.advance(20_000);
  const list = bodyOf<WireList<WireApproval>>(await call(sim, `${APPROVALS}?${API}`));
  expect(list.count).toBe(1);
  return list.value[0]?.id ?? '';
}

async function start(): Promise<TestSimulator> {
  return startTestSimulator(buildScenario());
}

const timelineOf = async (sim: TestSimulator, id = 1000): Promise<WireTimeline> =>
  bodyOf<WireTimeline>(await call(sim, `Infrastructure/_apis/build/builds/${id}/timeline?${API}`));

describe('querying approvals', () => {
  it('has none before the stage is reached', async () => {
    const sim = await start();
    await call(sim, `Infrastructure/_apis/pipelines/7/runs?${API}`, { method: 'POST', json: {} });
    sim.manualClock.advance(19_999);
    expect(bodyOf<WireList<WireApproval>>(await call(sim, `${APPROVALS}?${API}`)).count).toBe(0);
  });

  it('lists the waiting approval with the id of its Checkpoint.Approval record', async () => {
    const sim = await start();
    const id = await waitingRun(sim);
    const record = (await timelineOf(sim)).records.find((r) => r.type === 'Checkpoint.Approval');
    expect(record).toMatchObject({ id, state: 'inProgress', result: null });
    const got = await call(sim, `${APPROVALS}/${id.toUpperCase()}?${API}`);
    expect(got.body).toMatchObject({
      id,
      status: 'pending',
      steps: [],
      instructions: 'Check the dashboard',
    });
  });

  it('expands the steps, one per approver, only when asked', async () => {
    const sim = await start();
    const id = await waitingRun(sim);
    const expanded = bodyOf<WireApproval>(
      await call(sim, `${APPROVALS}/${id}?$expand=steps&${API}`),
    );
    expect(expanded.steps).toMatchObject([
      { status: 'pending', order: 1, assignedApprover: { displayName: 'Release Managers' } },
      { status: 'pending', order: 2, assignedApprover: { displayName: 'Ops' } },
    ]);
  });

  it.each([
    { query: 'state=pending', count: 1 },
    { query: 'state=Pending', count: 1 },
    { query: 'state=2', count: 1 },
    { query: 'state=approved', count: 0 },
    { query: 'state=all', count: 1 },
    { query: 'approvalIds=00000000-0000-4000-8000-000000000000', count: 0 },
    { query: 'userIds=ops', count: 1 },
    { query: 'userIds=someone-else', count: 0 },
    { query: 'top=0', count: 0 },
  ])('filters by $query', async ({ query, count }) => {
    const sim = await start();
    await waitingRun(sim);
    expect(
      bodyOf<WireList<WireApproval>>(await call(sim, `${APPROVALS}?${query}&${API}`)).count,
    ).toBe(count);
  });

  it('404 for an unknown approval id', async () => {
    const sim = await start();
    const missing = await call(sim, `${APPROVALS}/00000000-0000-4000-8000-000000000000?${API}`);
    expect(missing.status).toBe(404);
    expect(bodyOf<WireError>(missing).typeKey).toBe('ApprovalNotFoundException');
  });
});

describe('answering approvals', () => {
  it('approves through an array body, and the stage jobs start', async () => {
    const sim = await start();
    const id = await waitingRun(sim);
    const answered = await call(sim, `${APPROVALS}?${API}`, {
      method: 'PATCH',
      json: [{ approvalId: id, status: 'approved', comment: 'Ship it' }],
    });
    expect(answered.status).toBe(200);
    const [approval] = bodyOf<WireList<WireApproval>>(answered).value;
    expect(approval).toMatchObject({ id, status: 'approved' });
    // The caller answered for the first step: the scenario's approver names are groups.
    expect(approval?.steps[0]).toMatchObject({
      status: 'approved',
      comment: 'Ship it',
      actualApprover: { displayName: 'Ada Admin' },
    });
    expect(approval?.steps[1]?.status).toBe('skipped');
    const records = (await timelineOf(sim)).records;
    expect(records.find((r) => r.type === 'Checkpoint.Approval')).toMatchObject({
      state: 'completed',
      result: 'succeeded',
    });
    expect(records.filter((r) => r.type === 'Job').map((r) => r.state)).toEqual([
      'completed',
      'inProgress',
    ]);
    sim.manualClock.advance(10_000);
    const run = await call(sim, `Infrastructure/_apis/pipelines/7/runs/1000?${API}`);
    expect(run.body).toMatchObject({ state: 'completed', result: 'succeeded' });
  });

  it.each([{ status: 'Rejected' }, { status: 8 }])(
    'rejects on $status, failing the run',
    async ({ status }) => {
      const sim = await start();
      const id = await waitingRun(sim);
      const answered = await call(sim, `${APPROVALS}?${API}`, {
        method: 'PATCH',
        json: [{ approvalId: id, status }],
      });
      expect(bodyOf<WireList<WireApproval>>(answered).value[0]?.status).toBe('rejected');
      const build = bodyOf<WireBuild>(
        await call(sim, `Infrastructure/_apis/build/builds/1000?${API}`),
      );
      expect(build).toMatchObject({ status: 'completed', result: 'failed' });
    },
  );

  it('accepts the approved status as a number', async () => {
    const sim = await start();
    const id = await waitingRun(sim);
    const answered = await call(sim, `${APPROVALS}?${API}`, {
      method: 'PATCH',
      json: [{ approvalId: id, status: 4 }],
    });
    expect(bodyOf<WireList<WireApproval>>(answered).value[0]?.status).toBe('approved');
  });

  it('400 when the approval is no longer pending', async () => {
    const sim = await start();
    const id = await waitingRun(sim);
    await call(sim, `${APPROVALS}?${API}`, {
      method: 'PATCH',
      json: [{ approvalId: id, status: 'approved' }],
    });
    const again = await call(sim, `${APPROVALS}?${API}`, {
      method: 'PATCH',
      json: [{ approvalId: id, status: 'rejected' }],
    });
    expect(again.status).toBe(400);
    expect(bodyOf<WireError>(again)).toMatchObject({
      typeKey: 'InvalidApprovalUpdateException',
      message: `Approval ${id} cannot be updated because it is not pending: its status is 'approved'.`,
    });
  });

  it('shows a cancelled run approval as canceled and refuses to answer it', async () => {
    const sim = await start();
    const id = await waitingRun(sim);
    await call(sim, `Infrastructure/_apis/build/builds/1000?${API}`, {
      method: 'PATCH',
      json: { status: 'cancelling' },
    });
    expect((await call(sim, `${APPROVALS}/${id}?${API}`)).body).toMatchObject({
      status: 'canceled',
    });
    const refused = await call(sim, `${APPROVALS}?${API}`, {
      method: 'PATCH',
      json: [{ approvalId: id, status: 'approved' }],
    });
    expect(refused.status).toBe(400);
  });

  it.each([
    {
      name: 'an object instead of an array',
      json: { approvalId: 'x', status: 'approved' },
      status: 400,
    },
    { name: 'an empty array', json: [], status: 400 },
    {
      name: 'a status that is not an answer',
      json: [{ approvalId: 'ID', status: 'pending' }],
      status: 400,
    },
    {
      name: 'an unknown id',
      json: [{ approvalId: '00000000-0000-4000-8000-000000000000', status: 'approved' }],
      status: 404,
    },
  ])('refuses $name and answers nothing', async ({ json, status }) => {
    const sim = await start();
    const id = await waitingRun(sim);
    const body = JSON.parse(JSON.stringify(json).replace('"ID"', JSON.stringify(id))) as unknown;
    const refused = await call(sim, `${APPROVALS}?${API}`, { method: 'PATCH', json: body });
    expect(refused.status).toBe(status);
    expect(sim.state.builds.get(1000)?.approvalDecisions.size).toBe(0);
  });

  it('answers all or none of a batch', async () => {
    const sim = await start();
    const id = await waitingRun(sim);
    const refused = await call(sim, `${APPROVALS}?${API}`, {
      method: 'PATCH',
      json: [
        { approvalId: id, status: 'approved' },
        { approvalId: '00000000-0000-4000-8000-000000000000', status: 'approved' },
      ],
    });
    expect(refused.status).toBe(404);
    expect((await call(sim, `${APPROVALS}/${id}?${API}`)).body).toMatchObject({
      status: 'pending',
    });
  });

  it('401 for a token without the execute scope', async () => {
    const sim = await start();
    const id = await waitingRun(sim);
    const refused = await call(sim, `${APPROVALS}?${API}`, {
      method: 'PATCH',
      json: [{ approvalId: id, status: 'approved' }],
      headers: as(PAT_READER),
    });
    expect(refused.status).toBe(401);
  });
});

describe('admin API', () => {
  it('answers an approval as the scenario approver, once', async () => {
    const sim = await start();
    const id = await waitingRun(sim);
    const post = () =>
      fetch(`${sim.rootUrl}/_sim/approvals/${id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'rejected', comment: 'not today' }),
      });
    const answered = await post();
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({
      buildId: 1000,
      approval: {
        status: 'rejected',
        steps: [
          {
            status: 'rejected',
            comment: 'not today',
            actualApprover: { displayName: 'Release Managers' },
          },
          {},
        ],
      },
    });
    expect((await post()).status).toBe(400);
    expect((await call(sim, `Infrastructure/_apis/build/builds/1000?${API}`)).body).toMatchObject({
      result: 'failed',
    });
  });
});
