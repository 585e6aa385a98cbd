import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlowStep } from '../../src/flow/model.ts';
import { loadFlowFile } from '../../src/flow/parse.ts';
import { resumeFlow, type FlowResume } from '../../src/flow/resume.ts';
import { UncertainCreateError } from '../../src/flow/run-step.ts';
import type { StepResult } from '../../src/flow/scheduler.ts';
import { StepRecords } from '../../src/flow/step-record.ts';
import type { Handle } from '../../src/target.ts';

const FLOW = `organization: contoso
project: DevOps
steps:
  - { id: a, pipeline: { pipelineId: 1 } }
  - { id: b, pipeline: { pipelineId: 2 }, allowPartial: true }
  - { id: c, pipeline: { pipelineId: 3 } }
  - { id: d, pipeline: { pipelineId: 4, variables: { key: { value: s3cr3t-value, isSecret: true } } } }
`;

async function setUp(): Promise<{ steps: readonly FlowStep[]; state: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'aztm-resume-'));
  const file = join(dir, 'flow.yaml');
  writeFileSync(file, FLOW);
  return { steps: (await loadFlowFile(file)).steps, state: join(dir, 'state.json') };
}

function step(steps: readonly FlowStep[], id: string): FlowStep {
  const found = steps.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
}

const handle: Handle = {
  kind: 'pipeline',
  project: 'DevOps',
  id: 7,
  url: 'https://dev.azure.com/contoso/DevOps/_build/results?buildId=7',
  definitionName: 'deploy',
};

function finished(flowStep: FlowStep, result: StepResult) {
  return {
    type: 'finished' as const,
    record: { step: flowStep, result, url: null, startedAt: 1000, finishedAt: 2000 },
  };
}

/** The records runFlow keeps, telling the resume every change. */
function recordsOf(steps: readonly FlowStep[], resume: FlowResume): StepRecords {
  return new StepRecords(steps, (change) => resume.onStep(change));
}

describe('resuming a flow from its state file', () => {
  it('keeps what succeeded, follows what was running, and runs the rest', async () => {
    const { steps, state } = await setUp();
    const first = await resumeFlow(state, steps);
    const records = recordsOf(steps, first);
    records.onScheduler(finished(step(steps, 'a'), 'succeeded'));
    records.onScheduler(finished(step(steps, 'b'), 'partiallySucceeded'));
    records.onScheduler(finished(step(steps, 'c'), 'partiallySucceeded'));
    records.onRun(step(steps, 'd'), { type: 'triggered', handle, at: '2026-11-26T10:00:00Z' });
    await first.flush();

    const second = await resumeFlow(state, steps);
    // b allows partial success; c does not, so it runs again.
    expect([...second.kept.keys()]).toEqual(['a', 'b']);
    expect(second.kept.get('a')).toEqual({
      result: 'succeeded',
      url: null,
      startedAt: 1000,
      finishedAt: 2000,
    });
    expect(second.earlier(step(steps, 'd'))).toEqual({ handle });
    expect(second.earlier(step(steps, 'c'))).toBeUndefined();
  });

  it('a run interrupted and not canceled is followed again, never triggered again; a canceled one runs again', async () => {
    const { steps, state } = await setUp();
    const first = await resumeFlow(state, steps);
    const records = recordsOf(steps, first);
    const [a, c] = [step(steps, 'a'), step(steps, 'c')];
    records.onRun(a, { type: 'triggered', handle, at: '2026-11-26T10:00:00Z' });
    records.onScheduler(finished(a, 'interrupted'));
    records.onRun(c, {
      type: 'triggered',
      handle: { ...handle, id: 8 },
      at: '2026-11-26T10:00:00Z',
    });
    records.onScheduler(finished(c, 'canceled'));
    await first.flush();

    const second = await resumeFlow(state, steps);
    expect(second.earlier(a)).toEqual({ handle });
    expect(second.kept.has('a')).toBe(false);
    expect(second.earlier(c)).toBeUndefined();
  });

  it('a create with no readable answer stays half-triggered, whatever the step ended as', async () => {
    const { steps, state } = await setUp();
    const first = await resumeFlow(state, steps);
    const records = recordsOf(steps, first);
    const a = step(steps, 'a');
    records.onRun(a, { type: 'resolved', target: {} as never });
    records.onError(a, new UncertainCreateError(a));
    records.onScheduler(finished(a, 'failed'));
    await first.flush();

    const second = await resumeFlow(state, steps);
    expect(second.earlier(a)).toBe('uncertain');
    expect(second.kept.has('a')).toBe(false);
  });

  it('never writes a secret variable value into the file', async () => {
    const { steps, state } = await setUp();
    const first = await resumeFlow(state, steps);
    const records = recordsOf(steps, first);
    records.onScheduler(finished(step(steps, 'd'), 'succeeded'));
    await first.flush();
    expect(readFileSync(state, 'utf8')).not.toContain('s3cr3t-value');
  });

  it('the target digest changes with what a step runs, not with the secret value', async () => {
    const { steps, state } = await setUp();
    const first = await resumeFlow(state, steps);
    const records = recordsOf(steps, first);
    for (const id of ['a', 'd']) records.onScheduler(finished(step(steps, id), 'succeeded'));
    await first.flush();

    const dir = mkdtempSync(join(tmpdir(), 'aztm-resume-changed-'));
    const changed = join(dir, 'flow.yaml');
    writeFileSync(
      changed,
      FLOW.replace('s3cr3t-value', 'another-secret').replace('pipelineId: 1 }', 'pipelineId: 9 }'),
    );
    const changedSteps = (await loadFlowFile(changed)).steps;
    await expect(resumeFlow(state, changedSteps)).rejects.toThrow(
      /records step "a" with another target/,
    );
    const onlySecretChanged = join(dir, 'secret-only.yaml');
    writeFileSync(onlySecretChanged, FLOW.replace('s3cr3t-value', 'another-secret'));
    const resumed = await resumeFlow(state, (await loadFlowFile(onlySecretChanged)).steps);
    expect([...resumed.kept.keys()]).toEqual(['a', 'd']);
  });
});
