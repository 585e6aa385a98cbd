/**
 * The library as a user imports it: `devops-flow-manager` resolves, through the package's
 * `exports`, to the built bundle (dist/index.mjs) and its declarations (dist/types): this file is
 * type-checked against those declarations by `npm test`.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import {
  connect,
  createRequestBudget,
  follow,
  loadFlowFile,
  runFlow,
  type StepChange,
  resolveTarget,
  runTarget,
  exitCodeOf,
  trigger,
  UsageError,
  type FollowEvent,
  type Outcome,
  type PipelineRequest,
} from 'devops-flow-manager';
import { startE2ESimulator } from './helpers/e2e.ts';

/** A pipeline of the built-in scenario. */
const PIPELINE_46: PipelineRequest = {
  kind: 'pipeline',
  project: 'DevOps',
  pipeline: { id: 46 },
  variables: {},
  templateParameters: {},
  stagesToSkip: [],
};

describe('the library API', () => {
  it("loads and runs the seed's flow, as aztm flow run does", async () => {
    const sim = await startE2ESimulator();
    const flow = await loadFlowFile(
      fileURLToPath(new URL('../examples/seed-flow.yaml', import.meta.url)),
    );
    const budget = createRequestBudget({ maxPerSecond: 20 });
    const client = connect({ organization: sim.organizationUrl, pat: sim.token.value, budget });
    const changes: StepChange[] = [];
    const run = await runFlow(flow, {
      clientFor: () => client,
      follow: { pollIntervalMs: 100 },
      onStep: (change) => changes.push(change),
    });
    expect(run.result).toBe('failed');
    expect(run.steps.map((record) => [record.step.id, record.result])).toEqual([
      ['scan', 'succeeded'],
      ['scan2', 'succeeded'],
      ['should-run', 'succeeded'],
      ['please-fail', 'failed'],
      ['shouldnt-be-triggered', 'skipped'],
    ]);
    expect(changes.filter((change) => change.type === 'started')).toHaveLength(4);
    // Each step's record carries what its run made: the failed step's failing task.
    const failed = run.steps.find((record) => record.step.id === 'please-fail');
    expect(failed?.handle?.url).toBe(failed?.url);
    expect(failed?.failures.length).toBeGreaterThan(0);
    // Each step's record carries the core's end; a step that never ran has none.
    expect(run.steps.map((record) => record.end?.kind ?? null)).toEqual([
      'followed',
      'followed',
      'followed',
      'followed',
      null,
    ]);
    // Every request went through the budget given to connect().
    expect(budget.figures().requests).toBe(sim.state.requests.length);
  });

  it('runs a pipeline to its end with progress events, without the CLI', async () => {
    const sim = await startE2ESimulator();
    const client = connect({ organization: sim.organizationUrl, pat: sim.token.value });
    const events: FollowEvent[] = [];
    const run = await runTarget(
      client,
      {
        kind: 'pipeline',
        project: 'DevOps',
        pipeline: { name: 'infra\\deploy-gateway' },
        branch: 'main',
        variables: {},
        templateParameters: { env: 'staging' },
        stagesToSkip: [],
      },
      {
        dryRun: false,
        noWait: false,
        follow: { pollIntervalMs: 100 },
        onEvent: (e) => events.push(e),
      },
    );
    expect(run.kind).toBe('followed');
    const outcome = (run as { outcome: Outcome }).outcome;
    expect(outcome.result).toBe('succeeded');
    expect(outcome.stages.map((s) => s.name)).toEqual(['Build gateway image', 'Deploy gateway']);
    expect(events[0]?.type).toBe('resolved');
    expect(events[1]?.type).toBe('triggered');
    expect(events.at(-1)?.type).toBe('finished');
    const posted = sim.state.requests.find((r) => r.method === 'POST');
    expect(posted?.body).toMatchObject({ templateParameters: { env: 'staging' } });
  });

  it('ends a refused trigger with the refused end, not an exception: nothing was triggered, exit 5', async () => {
    const sim = await startE2ESimulator();
    const client = connect({ organization: sim.organizationUrl, pat: 'w'.repeat(52) });
    const run = await runTarget(client, PIPELINE_46, {
      dryRun: false,
      noWait: false,
      follow: { pollIntervalMs: 100 },
      onEvent: () => undefined,
    });
    expect(run.kind).toBe('refused');
    expect(run.triggered).toBe('no');
    expect(exitCodeOf(run, false)).toBe(5);
    expect(sim.state.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('cancels what it started when the AbortSignal fires', async () => {
    const sim = await startE2ESimulator();
    const client = connect({ organization: sim.organizationUrl, pat: sim.token.value });
    const target = await resolveTarget(client, PIPELINE_46);
    const handle = await trigger(client, target);
    const controller = new AbortController();
    const outcome = await follow(client, handle, {
      pollIntervalMs: 100,
      signal: controller.signal,
      // The run waits on an approval for ever: stop as soon as that is seen.
      onEvent: (event) => {
        if (event.type === 'approvalPending') controller.abort();
      },
    });
    expect(outcome.result).toBe('canceled');
    const cancel = sim.state.requests.find((r) => r.method === 'PATCH');
    expect(cancel?.url).toContain(`/_apis/build/builds/${handle.id}`);
    expect(cancel?.body).toEqual({ status: 'cancelling' });
  });

  it('refuses a malformed organization with a UsageError naming it', () => {
    expect(() =>
      connect({ organization: 'http://example.com/contoso', pat: 'x'.repeat(52) }),
    ).toThrow(UsageError);
  });
});
