/**
 * Release approvals seen from `aztm release`: a pending approval reported as waiting (who, where)
 * and never answered by aztm unless told to; approved or rejected by a person; --timeout and
 * SIGINT while waiting (cancel or leave); --approve only for approvals assigned to the identity
 * aztm signs in as (docs/design/anchor-tools.md: auto-approving is a trap). Definition 14
 * "Infrastructure" waits for Release Managers before Production.
 */
import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { spawnCli, type RunningCommand } from '../helpers/cli-wait.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import {
  admin,
  adminStage,
  releaseApi,
  releaseScenario,
  requestsTo,
  triggeredReleaseId,
  UPDATE_APPROVAL,
  UPDATE_ENVIRONMENT,
} from '../helpers/e2e-releases.ts';
import { approval, releaseDefinition, releaseStage, task } from '../helpers/scenario-builder.ts';
import { runAztm, startAztm } from '../helpers/run-in-process.ts';

const WAITING = /stage Production: waiting for approval by (.+) — approve at (\S+)\n/;

/**
 * Starts `aztm release` on definition 14 (in this process, or with `start` as a process) and
 * resolves once Production waits for approval.
 */
async function waitingRelease<Run extends RunningCommand>(
  sim: RunningSimulator,
  start: (args: string[], options: { env: Record<string, string> }) => Run,
): Promise<{ cli: Run; id: number; approvalId: number }> {
  const cli = start(['release', '--release-id', '14'], { env: e2eEnv(sim) });
  await cli.waitFor('stderr', WAITING);
  const id = triggeredReleaseId(cli.stderr());
  const production = await adminStage(sim, id, 'Production');
  expect(production.approval?.status).toBe('pending');
  return { cli, id, approvalId: production.approval?.id ?? -1 };
}

/** The stage updates (deploy, cancel) the CLI sent, as `[environment id, status]`. */
function stageUpdates(sim: RunningSimulator): [string, unknown][] {
  return requestsTo(sim, 'PATCH', UPDATE_ENVIRONMENT).map((entry) => [
    /environments\/(\d+)/.exec(entry.url)?.[1] ?? '',
    (entry.body as { status?: unknown }).status,
  ]);
}

describe('aztm release: a pending approval', () => {
  it('is reported with who can approve and where, then the release succeeds once approved', async () => {
    const sim = await startE2ESimulator();
    const { cli, id, approvalId } = await waitingRelease(sim, startAztm);
    const [, who, url] = WAITING.exec(cli.stderr()) ?? [];
    expect(who).toBe('Release Managers');
    expect(url).toMatch(new RegExp(`/_release\\?releaseId=${id}&_a=release-summary$`));
    await admin(sim, 'POST', `release-approvals/${approvalId}`, { status: 'approved' });
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/stage Production: succeeded/);
    expect(result.stdout).toMatch(new RegExp(`^succeeded: release ${id} \\(Infrastructure\\)`));
    // aztm never answered it: a person did.
    expect(requestsTo(sim, 'PATCH', UPDATE_APPROVAL)).toEqual([]);
    // Announced once, not on every poll.
    expect(result.stderr.match(/waiting for approval/g)).toHaveLength(1);
  });

  it('rejected: exit 1, the stage reported rejected with the comment', async () => {
    const sim = await startE2ESimulator();
    const { cli, id, approvalId } = await waitingRelease(sim, startAztm);
    await admin(sim, 'POST', `release-approvals/${approvalId}`, {
      status: 'rejected',
      comments: 'not this week',
    });
    const result = await cli.exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stage Production: rejected/);
    expect(result.stderr).toMatch(/Production: rejected\n\s+- rejected by .+: not this week/);
    expect(result.stdout).toMatch(new RegExp(`^failed: release ${id} \\(Infrastructure\\)`));
    expect((await adminStage(sim, id, 'Production')).status).toBe('rejected');
  });

  it('watch --release exits 1 when the release it watches is rejected', async () => {
    const sim = await startE2ESimulator();
    const created = await releaseApi<{ id: number }>(sim, 'POST', 'releases', {
      definitionId: 14,
    });
    const cli = startAztm(['watch', '--release', String(created.id)], { env: e2eEnv(sim) });
    await cli.waitFor('stderr', /stage Production: waiting for approval/);
    const { approval } = await adminStage(sim, created.id, 'Production');
    expect(approval?.status).toBe('pending');
    await admin(sim, 'POST', `release-approvals/${approval?.id}`, {
      status: 'rejected',
      comments: 'not this week',
    });
    const result = await cli.exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stage Production: rejected/);
    expect(result.stdout).toMatch(
      new RegExp(`^failed: release ${created.id} \\(Infrastructure\\)`),
    );
  });
});

describe('aztm release: stopping while an approval is pending', () => {
  it('--timeout: exit 4, and the waiting stage is canceled (default --on-timeout cancel)', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['release', '--release-id', '14', '--timeout', '3s'], {
      env: e2eEnv(sim),
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(WAITING);
    const id = triggeredReleaseId(result.stderr);
    expect(result.stderr).toContain(`timed out: canceling release ${id}`);
    const production = await adminStage(sim, id, 'Production');
    expect(stageUpdates(sim)).toEqual([[String(production.id), 'canceled']]);
    expect(production.status).toBe('canceled');
    expect(result.stdout).toMatch(new RegExp(`^timed out: release ${id} \\(Infrastructure\\)`));
  });

  it('--timeout with --on-timeout leave: exit 4, the approval still pending, nothing canceled', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(
      ['release', '--release-id', '14', '--timeout', '3s', '--on-timeout', 'leave'],
      { env: e2eEnv(sim) },
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(WAITING);
    const id = triggeredReleaseId(result.stderr);
    expect(result.stderr).toMatch(new RegExp(`timed out: leaving release ${id} running`));
    expect(stageUpdates(sim)).toEqual([]);
    const production = await adminStage(sim, id, 'Production');
    expect(production.approval?.status).toBe('pending');
    expect(production.status).toBe('inProgress');
  });

  it('SIGINT: exit 3, and the waiting stage is canceled', async () => {
    const sim = await startE2ESimulator();
    const { cli, id } = await waitingRelease(sim, spawnCli);
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`interrupted: canceling release ${id}`);
    const production = await adminStage(sim, id, 'Production');
    expect(stageUpdates(sim)).toEqual([[String(production.id), 'canceled']]);
    expect(production.status).toBe('canceled');
    expect(result.stdout).toMatch(new RegExp(`^canceled: release ${id} \\(Infrastructure\\)`));
  });
});

describe('aztm release --approve', () => {
  it('approves an approval assigned to the identity it signs in as, with the comment', async () => {
    const sim = await startE2ESimulator({
      scenario: releaseScenario(
        releaseDefinition({
          id: 23,
          name: 'Gated',
          stages: [
            releaseStage({
              id: 1,
              name: 'Production',
              deploys: [{ approval: approval({ approvers: ['Ada Admin'] }), tasks: [task()] }],
            }),
          ],
        }),
      ),
    });
    const result = await runAztm(
      ['release', '--release-id', '23', '--approve', '--approve-comment', 'Ship it'],
      { env: e2eEnv(sim) },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('stage Production: approved by aztm (--approve)');
    const id = triggeredReleaseId(result.stderr);
    const production = await adminStage(sim, id, 'Production');
    const answers = requestsTo(sim, 'PATCH', UPDATE_APPROVAL);
    expect(answers.map((entry) => [entry.url.split('?')[0], entry.body])).toEqual([
      [
        expect.stringMatching(new RegExp(`/_apis/release/approvals/${production.approval?.id}$`)),
        { status: 'approved', comments: 'Ship it' },
      ],
    ]);
    expect(production.approval?.status).toBe('approved');
    expect(production.status).toBe('succeeded');
  });

  it("leaves someone else's approval alone and says so", async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(
      ['release', '--release-id', '14', '--approve', '--timeout', '3s', '--on-timeout', 'leave'],
      { env: e2eEnv(sim) },
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(WAITING);
    expect(result.stderr).toContain(
      "--approve: the approval of stage 'Production' is not assigned to the identity aztm signed in with; waiting for Release Managers",
    );
    expect(requestsTo(sim, 'PATCH', UPDATE_APPROVAL)).toEqual([]);
    const id = triggeredReleaseId(result.stderr);
    expect((await adminStage(sim, id, 'Production')).approval?.status).toBe('pending');
  });
});
