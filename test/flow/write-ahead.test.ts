/**
 * The write-ahead of `flow run --state`: a create's intent is on the disk before the create
 * leaves, and only once the create has its slot in the request budget; a create still waiting for
 * its slot is not "triggering" (an interrupt then keeps it from being sent at all). In process:
 * the flow's one client goes through a budget whose every slot the test hands out, and through a
 * `fetch` that reads the state file as each create leaves.
 */
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAzureDevOpsClient } from '../../src/azdo/client.ts';
import { createRequestBudget, type RequestBudget } from '../../src/azdo/request-budget.ts';
import { loadFlowFile } from '../../src/flow/parse.ts';
import { resumeFlow } from '../../src/flow/resume.ts';
import { runFlow } from '../../src/flow/run-flow.ts';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { createRequests, startE2ESimulator } from '../helpers/e2e.ts';

const CREATE = /\/_apis\/pipelines\/\d+\/runs$/;

type Phases = Record<string, { phase: string; intent?: { kind: string; before?: unknown } }>;

function phases(file: string): Phases {
  if (!existsSync(file)) return {};
  return (JSON.parse(readFileSync(file, 'utf8')) as { steps: Phases }).steps;
}

/** A budget whose slots the test hands out one by one, in the order they are asked for. */
function handedOutBudget(): {
  budget: RequestBudget;
  nextWaiting: () => Promise<() => void>;
  open: () => void;
} {
  const inner = createRequestBudget({ maxPerSecond: 1000 });
  const waiting: (() => void)[] = [];
  let told: (() => void) | null = null;
  let opened = false;
  return {
    budget: {
      maxPerSecond: inner.maxPerSecond,
      observe: (headers) => inner.observe(headers),
      figures: () => inner.figures(),
      expedite: () => inner.expedite(),
      async take(signal) {
        if (!opened) {
          await new Promise<void>((resolve) => {
            waiting.push(resolve);
            told?.();
          });
        }
        // The same signal: a create's write-ahead hook runs in the real budget.
        return inner.take(signal);
      },
    },
    async nextWaiting() {
      while (waiting.length === 0) await new Promise<void>((resolve) => (told = resolve));
      return waiting.shift() as () => void;
    },
    open() {
      opened = true;
      for (const release of waiting.splice(0)) release();
    },
  };
}

async function setUp(sim: RunningSimulator) {
  const dir = mkdtempSync(join(tmpdir(), 'aztm-write-ahead-'));
  const flowFile = join(dir, 'flow.yaml');
  writeFileSync(
    flowFile,
    `organization: ${sim.organizationUrl}\nproject: DevOps\nsteps:\n  - { id: notify, pipeline: { pipelineId: 47 } }\n`,
  );
  const state = join(dir, 'state.json');
  const flow = await loadFlowFile(flowFile);
  const resume = await resumeFlow(state, flow.steps);
  const slots = handedOutBudget();
  const events: string[] = [];
  /** The step's record as each create left. */
  const atCreate: Phases[string][] = [];
  const client = createAzureDevOpsClient({
    organizationUrl: sim.organizationUrl,
    credential: { scheme: 'basic', secret: sim.token.value },
    budget: slots.budget,
    fetch: (input, init) => {
      if (
        init?.method === 'POST' &&
        CREATE.test(input instanceof Request ? input.url : input.toString())
      ) {
        const record = phases(state).notify;
        if (record) atCreate.push(record);
        events.push(`create leaves; state: ${record?.phase ?? 'none'}`);
      }
      return fetch(input, init);
    },
  });
  const interrupt = new AbortController();
  const running = runFlow(flow, {
    clientFor: () => client,
    follow: { pollIntervalMs: 20, stopSignal: new AbortController().signal },
    signal: interrupt.signal,
    earlier: (step) => resume.earlier(step),
    beforeSend: async (step, intent) => {
      events.push('slot granted');
      await resume.beforeSend(step, intent);
      events.push('intent on disk');
    },
    onStep: (change) => resume.onStep(change),
  });
  return { state, slots, events, atCreate, interrupt, running, resume };
}

describe('flow run --state writes a create ahead', () => {
  it('while the create waits for its slot nothing is recorded; once granted, the intent is on disk before it leaves', async () => {
    const sim = await startE2ESimulator();
    const { state, slots, events, running, resume } = await setUp(sim);
    // Hand out slots one by one until the create's has been granted; note the state each time.
    while (!events.includes('slot granted')) {
      const release = await slots.nextWaiting();
      events.push(`waiting for a slot; state: ${phases(state).notify?.phase ?? 'none'}`);
      release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    slots.open();
    const result = await running;
    await resume.flush();

    expect(result.steps.map((step) => step.result)).toEqual(['succeeded']);
    const granted = events.indexOf('slot granted');
    // The last wait before the grant was the create's own: the step was not triggering then.
    expect(events.slice(0, granted).every((event) => event.endsWith('state: none'))).toBe(true);
    expect(events.slice(granted)).toEqual([
      'slot granted',
      'intent on disk',
      'create leaves; state: triggering',
    ]);
    expect(createRequests(sim)).toHaveLength(1);
    expect(phases(state).notify?.phase).toBe('finished');
  });

  it('the intent holds what the lookup needs: the runs known before and who aztm is', async () => {
    const sim = await startE2ESimulator();
    const { slots, atCreate, running } = await setUp(sim);
    slots.open();
    await running;
    const [record] = atCreate;
    expect(atCreate).toHaveLength(1);
    expect(record?.phase).toBe('triggering');
    expect(record?.intent).toMatchObject({
      kind: 'run',
      noun: 'pipeline run',
      project: 'DevOps',
      definitionId: 47,
      request: { branch: null, commit: null, variables: {}, stagesToSkip: [] },
      before: { ids: [], notBefore: null },
      identityId: expect.any(String) as unknown,
    });
  });

  it('interrupted while the create waits for its slot: nothing is sent or recorded, the step is canceled', async () => {
    const sim = await startE2ESimulator();
    const { state, slots, events, interrupt, running, resume } = await setUp(sim);
    // Hand out every slot until the create's: it comes once aztm has read who it is.
    let createSlot = await slots.nextWaiting();
    while (!sim.state.requests.some((entry) => entry.url.endsWith('/_apis/connectionData'))) {
      createSlot();
      createSlot = await slots.nextWaiting();
    }
    interrupt.abort();
    createSlot();
    slots.open();
    const result = await running;
    await resume.flush();

    expect(result.steps.map((step) => [step.result, step.url])).toEqual([['canceled', null]]);
    expect(events).toEqual([]);
    expect(createRequests(sim)).toEqual([]);
    expect(phases(state).notify?.phase).toBe('finished');
  });
});
