import { describe, expect, it } from 'vitest';
import { admin, eventsOf, followOnSimulator, runPipeline } from './harness.ts';
import { runOf, startPipelines as start } from './pipeline-scenario.ts';

describe('YAML approvals', () => {
  it('reports a pending approval with approvers and instructions, then goes on once approved', async () => {
    const sim = await start();
    const handle = await runPipeline(sim, 4);
    const { events, outcome } = await followOnSimulator(sim, handle, {
      on: (event) =>
        event.type === 'approvalPending' &&
        admin(sim, `approvals/${event.approval.id}`, { status: 'approved', comment: 'ok' }),
    });
    const pending = eventsOf(events, 'approvalPending');
    expect(pending).toEqual([
      {
        type: 'approvalPending',
        stage: 'Deploy',
        approval: {
          id: expect.any(String),
          approvers: ['Ops Team'],
          instructions: 'Check the dashboard',
          url: handle.url,
          assignedToCaller: false,
        },
        at: expect.any(String),
      },
    ]);
    const deploy = eventsOf(events, 'stage').filter((event) => event.stage.id === 'Deploy');
    expect(deploy.map((event) => event.stage.state)).toEqual([
      'notStarted',
      'waitingForApproval',
      'running',
      'succeeded',
    ]);
    expect(outcome.result).toBe('succeeded');
  });

  it('ends failed when the approval is rejected', async () => {
    const sim = await start();
    const { outcome } = await followOnSimulator(sim, await runPipeline(sim, 4), {
      on: (event) =>
        event.type === 'approvalPending' &&
        admin(sim, `approvals/${event.approval.id}`, { status: 'rejected', comment: 'not today' }),
    });
    expect(outcome.result).toBe('failed');
    expect(outcome.stages).toEqual([
      { name: 'Build', result: 'succeeded' },
      { name: 'Deploy', result: 'failed' },
    ]);
  });

  it('with --approve, approves an approval assigned to the signed-in identity', async () => {
    const sim = await start();
    const handle = await runPipeline(sim, 5);
    const { events, outcome } = await followOnSimulator(sim, handle, {
      approve: { comment: 'LGTM' },
    });
    expect(eventsOf(events, 'approvalGiven')).toEqual([
      expect.objectContaining({
        stage: 'Deploy',
        approval: expect.objectContaining({ assignedToCaller: true }),
      }),
    ]);
    expect(outcome.result).toBe('succeeded');
    const [given] = (await runOf(sim, handle.id)).approvals;
    expect(given).toMatchObject({ status: 'approved', decidedBy: 'Ada Admin', comment: 'LGTM' });
  });

  it('with --approve, leaves an approval assigned to someone else alone and says so', async () => {
    const sim = await start();
    const handle = await runPipeline(sim, 4);
    const { events, outcome } = await followOnSimulator(sim, handle, {
      approve: { comment: 'LGTM' },
      timeoutMs: 60_000,
      onTimeout: 'leave',
    });
    expect(eventsOf(events, 'approvalGiven')).toEqual([]);
    const notices = eventsOf(events, 'notice').map((event) => event.message);
    expect(notices).toContainEqual(expect.stringMatching(/not assigned .* Ops Team/));
    expect(outcome.result).toBe('timedOut');
    expect((await runOf(sim, handle.id)).approvals[0]?.status).toBe('pending');
  });

  it('with --approve, approves once it learns who it is, when the first lookup failed', async () => {
    const sim = await start();
    await admin(sim, 'faults', { kind: 'serverError', path: '/_apis/connectionData', count: 2 });
    const handle = await runPipeline(sim, 5);
    const { events, client } = await followOnSimulator(sim, handle, { approve: { comment: 'ok' } });
    expect(client.requests.filter((line) => line.includes('connectionData'))).toHaveLength(3);
    expect(eventsOf(events, 'approvalGiven')).toHaveLength(1);
    // Nothing was said about the approval not being the caller's while that was unknown.
    expect(eventsOf(events, 'notice')).toEqual([]);
  });
});
