import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlowFile } from '../../src/flow/parse.ts';
import { stepTarget } from '../../src/flow/state.ts';
import { spawnCli } from '../helpers/cli-wait.ts';
import { createRequests, e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { admin, adminRun } from '../helpers/e2e-runs.ts';
import { runAztm } from '../helpers/run-in-process.ts';

/** `waits` stays running until its approval is answered; `side` ends on its own. */
const FLOW = `project: DevOps
steps:
  - { id: first, pipeline: { pipeline: notify } }
  - { id: waits, dependsOn: first, pipeline: { pipelineId: 46 } }
  - { id: side, dependsOn: first, pipeline: { pipeline: Should Run } }
  - { id: last, dependsOn: [waits, side], pipeline: { pipeline: notify } }
`;

function workDir(): { flow: string; state: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aztm-flow-resume-'));
  const flow = join(dir, 'flow.yaml');
  writeFileSync(flow, FLOW);
  return { flow, state: join(dir, 'state.json') };
}

type Phases = Record<string, { phase: string; result?: string; handle?: { id: number } }>;

function phases(file: string): Phases {
  if (!existsSync(file)) return {};
  return (JSON.parse(readFileSync(file, 'utf8')) as { steps: Phases }).steps;
}

/** Created runs by definition id: `{ 46: 1, 47: 2 }`. */
function createsByDefinition(
  sim: Awaited<ReturnType<typeof startE2ESimulator>>,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of createRequests(sim)) {
    const id = /\/pipelines\/(\d+)\/runs/.exec(request.url)?.[1] ?? '?';
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
}

describe('aztm flow run --state', () => {
  it('after SIGKILL mid-flow, runs again without triggering anything twice and completes', async () => {
    const sim = await startE2ESimulator();
    const { flow, state } = workDir();
    const env = e2eEnv(sim);
    const first = spawnCli(['flow', 'run', flow, '--state', state], { env });
    await first.waitFor('stderr', /step side: succeeded/);
    await first.waitFor('stderr', /step waits: running/);
    // The file is written after each change; the kill comes once it holds both.
    await expect
      .poll(() => [phases(state).side?.phase, phases(state).waits?.phase], { timeout: 10_000 })
      .toEqual(['finished', 'running']);
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');

    const waitsId = phases(state).waits?.handle?.id ?? 0;
    const [approval] = (await adminRun(sim, waitsId)).approvals;
    await admin(sim, 'POST', `approvals/${approval?.id}`, {
      status: 'approved',
      comment: 'by test',
    });

    const second = await runAztm(['flow', 'run', flow, '--state', state, '--json'], { env });

    expect(second.code).toBe(0);
    const json = JSON.parse(second.stdout.trim().split('\n').at(-1) ?? '') as {
      steps: { id: string; result: string; url: string }[];
    };
    expect(json.steps.map((step) => [step.id, step.result])).toEqual([
      ['first', 'succeeded'],
      ['waits', 'succeeded'],
      ['side', 'succeeded'],
      ['last', 'succeeded'],
    ]);
    // notify twice (first, last), each of the others once: nothing was triggered again.
    expect(createsByDefinition(sim)).toEqual({ '43': 1, '46': 1, '47': 2 });
    expect(json.steps[1]?.url).toContain(`buildId=${waitsId}`);
    expect(second.stderr).toMatch(/step first: succeeded in an earlier run/);
    expect(second.stderr).toMatch(/step waits: following again/);
    expect(Object.values(phases(state)).map((step) => step.result)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
  });

  it('a step an older aztm left half-triggered (no intent) is not sent again: it fails, saying why, and stays so', async () => {
    const sim = await startE2ESimulator();
    const { flow, state } = workDir();
    const [step] = (await loadFlowFile(flow)).steps;
    if (!step) throw new Error('the flow has no steps');
    writeFileSync(
      state,
      JSON.stringify({
        format: 'aztm-flow-state',
        version: 1,
        steps: {
          first: { phase: 'triggering', target: stepTarget(step), at: new Date().toISOString() },
        },
      }),
    );
    const result = await runAztm(['flow', 'run', flow, '--state', state, '--json'], {
      env: e2eEnv(sim),
    });

    expect(result.code).toBe(1);
    expect(createRequests(sim)).toEqual([]);
    expect(result.stderr).toMatch(
      /stopped while it was triggering step "first".*did not trigger it again/,
    );
    // Not `finished`: the next run would then send it.
    expect(phases(state).first).toMatchObject({ phase: 'triggering' });
  });

  it.each([
    ['not JSON', 'not json at all', /is not a flow state file: it is not JSON/],
    ['another format', '{"steps": {}}', /is not a flow state file of aztm/],
    [
      'another target for a step',
      '{"format":"aztm-flow-state","version":1,"steps":{"first":{"phase":"running","target":"0123456789abcdef","at":"2026-11-26T00:00:00Z","handle":{"kind":"pipeline","project":"DevOps","id":1,"url":"x","definitionName":"notify"}}}}',
      /records step "first" with another target/,
    ],
  ])('a state file with %s: exit 2 naming --state, nothing triggered', async (_, text, message) => {
    const sim = await startE2ESimulator();
    const { flow, state } = workDir();
    writeFileSync(state, text);
    const result = await runAztm(['flow', 'run', flow, '--state', state], { env: e2eEnv(sim) });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--state');
    expect(result.stderr).toMatch(message);
    expect(createRequests(sim)).toEqual([]);
    // The file is left as it was.
    expect(readFileSync(state, 'utf8')).toBe(text);
  });
});
