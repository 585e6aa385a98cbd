/**
 * What `flow run --state` guarantees (README, Flows: Resume): a create's intent is on the disk
 * before the create leaves; a resume settles a step left "triggering" by looking for what its
 * create made, never by sending it again blindly; one run per state file; links followed; no
 * output written over an input or another output. The built CLI against the simulator.
 */
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlowFile } from '../../src/flow/parse.ts';
import { stepTarget } from '../../src/flow/state.ts';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { runCli } from '../helpers/cli.ts';
import { spawnCli } from '../helpers/cli-wait.ts';
import { createRequests, e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { fault } from '../faults/fault-run.ts';
import { onCreateArrival } from '../helpers/arrivals.ts';

const ONE_STEP = `project: DevOps
steps:
  - { id: notify, pipeline: { pipelineId: 47 } }
`;
const CREATE = String.raw`/_apis/pipelines/\d+/runs$`;

function workDir(flowText = ONE_STEP): { dir: string; flow: string; state: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aztm-flow-state-'));
  const flow = join(dir, 'flow.yaml');
  writeFileSync(flow, flowText);
  return { dir, flow, state: join(dir, 'state.json') };
}

type Phases = Record<string, { phase: string; result?: string; intent?: Record<string, unknown> }>;

function phases(file: string): Phases {
  if (!existsSync(file)) return {};
  return (JSON.parse(readFileSync(file, 'utf8')) as { steps: Phases }).steps;
}

/** A state file whose step `notify` was being triggered `agoMs` ago. */
async function triggeringState(flow: string, state: string, agoMs: number): Promise<void> {
  const [step] = (await loadFlowFile(flow)).steps;
  if (!step) throw new Error('the flow has no steps');
  const intent = {
    kind: 'run',
    noun: 'pipeline run',
    project: 'DevOps',
    definitionId: 47,
    definition: 'notify',
    request: {
      branch: null,
      commit: null,
      variables: {},
      templateParameters: {},
      stagesToSkip: [],
    },
    before: { ids: [], notBefore: null },
    identityId: null,
  };
  const at = new Date(Date.now() - agoMs).toISOString();
  writeFileSync(
    state,
    JSON.stringify({
      format: 'aztm-flow-state',
      version: 1,
      steps: { notify: { phase: 'triggering', target: stepTarget(step), at, intent } },
    }),
  );
}

/** Queues a run of pipeline 47 as aztm's own identity would, outside aztm. */
async function queueAside(sim: RunningSimulator): Promise<void> {
  const answer = await fetch(
    `${sim.organizationUrl}/DevOps/_apis/pipelines/47/runs?api-version=7.1`,
    {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`:${sim.token.value}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: '{}',
    },
  );
  expect(answer.status).toBe(200);
}

describe('flow run --state: write ahead and settle by lookup', () => {
  it('the create reaches the service only once its intent is on disk', async () => {
    const sim = await startE2ESimulator();
    const { flow, state } = workDir();
    // Read as the create reaches the service, before the service handles it.
    const atArrival: Phases[string][] = [];
    onCreateArrival(sim, () => atArrival.push(phases(state).notify ?? { phase: 'none' }));
    const result = await runCli(['flow', 'run', flow, '--state', state], { env: e2eEnv(sim) });

    expect(atArrival).toHaveLength(1);
    expect(atArrival[0]).toMatchObject({
      phase: 'triggering',
      intent: { kind: 'run', definitionId: 47 },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(phases(state).notify).toMatchObject({ phase: 'finished', result: 'succeeded' });
  });

  it('killed while its create was held: the resume finds the run that create made and follows it', async () => {
    const sim = await startE2ESimulator({
      scenario: {
        ...defaultScenario(),
        faults: [fault({ kind: 'slow', method: 'POST', path: CREATE, delay: '1s' })],
      },
    });
    const { flow, state } = workDir();
    const env = e2eEnv(sim);
    const first = spawnCli(['flow', 'run', flow, '--state', state], { env });
    // Killed as its create reaches the service, which makes the run a second later.
    onCreateArrival(sim, () => first.child.kill('SIGKILL'));
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(phases(state).notify?.phase).toBe('triggering');

    const second = await runCli(['flow', 'run', flow, '--state', state], { env });

    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(
      /an earlier run of this flow triggered it: found \S+buildId=1000, not triggered again/,
    );
    expect(createRequests(sim)).toHaveLength(1);
    expect(sim.state.builds.size).toBe(1);
  });

  it('a create sent long ago that made nothing is sent now, once', async () => {
    const sim = await startE2ESimulator();
    const { flow, state } = workDir();
    await triggeringState(flow, state, 60 * 60_000);
    const result = await runCli(['flow', 'run', flow, '--state', state], { env: e2eEnv(sim) });

    expect(result.code, result.stderr).toBe(0);
    expect(createRequests(sim)).toHaveLength(1);
    expect(phases(state).notify).toMatchObject({ phase: 'finished', result: 'succeeded' });
  });

  it('several runs could be what it made: the step fails listing them, nothing is sent, it stays triggering', async () => {
    const sim = await startE2ESimulator();
    const { flow, state } = workDir();
    await triggeringState(flow, state, 60 * 60_000);
    await queueAside(sim);
    await queueAside(sim);
    const result = await runCli(['flow', 'run', flow, '--state', state], { env: e2eEnv(sim) });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /sent the create of step "notify" and aztm cannot tell what it made: 2 new runs could each be it: \S+buildId=100\d, \S+buildId=100\d\. aztm did not trigger it again/,
    );
    expect(createRequests(sim)).toHaveLength(2);
    expect(phases(state).notify?.phase).toBe('triggering');
  });
});

describe('flow run --state: paths', () => {
  it('a --state link is followed: the target is written, the link stays a link', async () => {
    const sim = await startE2ESimulator();
    const { dir, flow } = workDir();
    const target = join(dir, 'kept-state.json');
    const link = join(dir, 'state-link.json');
    symlinkSync(target, link);
    const result = await runCli(['flow', 'run', flow, '--state', link], { env: e2eEnv(sim) });

    expect(result.code, result.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(phases(target).notify).toMatchObject({ phase: 'finished', result: 'succeeded' });
  });

  it.each([
    [
      '--summary equal to --state',
      (p: Paths) => ['--state', p.state, '--summary', p.state],
      '--summary',
    ],
    ['--summary equal to the flow file', (p: Paths) => ['--summary', p.flow], '--summary'],
    ['--state equal to the flow file', (p: Paths) => ['--state', p.flow], '--state'],
    [
      '--trace equal to --state through a link',
      (p: Paths) => ['--state', p.state, '--trace', p.link],
      '--trace',
    ],
  ])('%s: exit 2 before anything is sent, every file as it was', async (_, args, option) => {
    const sim = await startE2ESimulator();
    const { dir, flow, state } = workDir();
    writeFileSync(state, '{"format":"aztm-flow-state","version":1,"steps":{}}');
    const link = join(dir, 'state-link.json');
    symlinkSync(state, link);
    const result = await runCli(['flow', 'run', flow, ...args({ flow, state, link })], {
      env: e2eEnv(sim),
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`${option} .* is the same file as`));
    expect(sim.state.requests).toEqual([]);
    expect(readFileSync(flow, 'utf8')).toBe(ONE_STEP);
    expect(readFileSync(state, 'utf8')).toBe('{"format":"aztm-flow-state","version":1,"steps":{}}');
  });
});

interface Paths {
  readonly flow: string;
  readonly state: string;
  readonly link: string;
}
