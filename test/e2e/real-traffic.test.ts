/**
 * What recorded real traffic showed (docs/design/azure-devops.md §13), end to end: the built CLI
 * against a simulator that answers as the real service does.
 */
import { describe, expect, it } from 'vitest';
import { runAztm } from '../helpers/run-in-process.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { requestsTo, triggeredId, withDevOpsProject } from '../helpers/e2e-runs.ts';
import { gatedForAda, pipeline, run } from '../helpers/scenario-builder.ts';

const SPEED = 60;

/** A pipeline whose build completes 120 s (simulated) after its timeline's last change. */
const slowToFinish = withDevOpsProject((project) => ({
  ...project,
  pipelines: [
    ...project.pipelines,
    pipeline({ id: 61, name: 'slow-to-finish', runs: [run({ finalizeMs: 120_000 })] }),
    gatedForAda(62, 'gated-for-ada'),
  ],
}));

describe('real traffic, end to end', () => {
  it('a run whose timeline stays unchanged (records: null) until its build completes ends with its result within a poll', async () => {
    const sim = await startE2ESimulator({ scenario: slowToFinish, speed: SPEED });
    const result = await runAztm(['pipeline', '--pipeline-id', '61', '--json'], {
      env: e2eEnv(sim, { aztm_poll_interval: '0.5s' }),
    });

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({
      result: 'succeeded',
    });
    expect(result.stderr).not.toMatch(/lost contact|cannot read/i);
    const id = triggeredId(result.stderr);
    // Several incremental timeline reads answered records: null while the build still ran.
    const unchanged = requestsTo(sim, 'GET', new RegExp(`/builds/${id}/timeline(\\?|$)`)).filter(
      (entry) => /changeId=/.test(entry.url) && entry.response?.text.includes('"records":null'),
    );
    expect(unchanged.length).toBeGreaterThanOrEqual(3);
    // The build's completion was seen at the first read after it: the last build read that said
    // inProgress came less than one poll interval (0.5 s real, 30 s simulated) before it ended.
    const reads = requestsTo(sim, 'GET', new RegExp(`/build/builds/${id}(\\?|$)`));
    const last = JSON.parse(reads.at(-1)?.response?.text ?? '{}') as { finishTime?: string };
    const finished = Date.parse(last.finishTime ?? '');
    expect(Number.isNaN(finished)).toBe(false);
    const lastRunning = reads.filter((entry) => entry.time < finished).at(-1);
    const firstDone = reads.find((entry) => entry.time >= finished);
    expect(firstDone).toBeDefined();
    expect(reads.at(-1)).toBe(firstDone);
    expect((firstDone?.time ?? 0) - (lastRunning?.time ?? 0)).toBeLessThanOrEqual(
      0.5 * SPEED * 1000 * 1.5,
    );
  });

  it('--approve answers by the caller id though the approval shows another display name', async () => {
    const sim = await startE2ESimulator({ scenario: slowToFinish });
    const result = await runAztm(['pipeline', '--pipeline-id', '62', '--approve'], {
      env: e2eEnv(sim),
    });

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('stage Production: approved by aztm (--approve)');
    // The names differ as they do on the real service (§13 row 4); the ids are the same.
    const [connection] = requestsTo(sim, 'GET', /\/_apis\/connectionData(\?|$)/);
    const caller = JSON.parse(connection?.response?.text.replace(/^\uFEFF/, '') ?? '{}') as {
      authenticatedUser: { id: string; providerDisplayName: string; displayName?: string };
    };
    const [read] = requestsTo(sim, 'GET', /\/_apis\/pipelines\/approvals\/[\w-]+(\?|$)/);
    const approvalAnswer = JSON.parse(read?.response?.text ?? '{}') as {
      steps: { assignedApprover: { id: string; displayName: string } }[];
    };
    const assigned = approvalAnswer.steps[0]?.assignedApprover;
    expect(caller.authenticatedUser.displayName).toBeUndefined();
    expect(assigned?.displayName).not.toBe(caller.authenticatedUser.providerDisplayName);
    expect(assigned?.id).toBe(caller.authenticatedUser.id);
    expect(requestsTo(sim, 'PATCH', /\/_apis\/pipelines\/approvals(\?|$)/)).toHaveLength(1);
  });
});
