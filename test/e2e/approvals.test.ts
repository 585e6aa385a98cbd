import { describe, expect, it } from 'vitest';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import {
  admin,
  adminRun,
  onlyRequest,
  requestsTo,
  triggeredId,
  withDevOpsProject,
} from '../helpers/e2e-runs.ts';
import { gatedForAda } from '../helpers/scenario-builder.ts';
import { runAztm, startAztm } from '../helpers/run-in-process.ts';

const WAITING =
  /stage Production: waiting for approval by Release Managers \("Check the staging dashboards before approving\."\) — approve at (\S+)/;

/** A pipeline whose Production stage waits for the admin token's own user, Ada Admin. */
const withGatedForAda = withDevOpsProject((project) => ({
  ...project,
  pipelines: [...project.pipelines, gatedForAda(60, 'gated-deploy')],
}));

describe('aztm pipeline and approvals', () => {
  it.each([
    { answer: 'approved', code: 0, stdout: /^succeeded: pipeline run \d+ \(deploy-production\)/ },
    { answer: 'rejected', code: 1, stdout: /^failed: pipeline run \d+ \(deploy-production\)/ },
  ])(
    'waits for a pending approval and ends with it once a person has $answer it',
    async ({ answer, code, stdout }) => {
      const sim = await startE2ESimulator();
      const cli = startAztm(['pipeline', '--pipeline', 'deploy-production'], { env: e2eEnv(sim) });
      const waiting = await cli.waitFor('stderr', WAITING);
      const id = triggeredId(cli.stderr());
      expect(waiting[1]).toMatch(new RegExp(`_build/results\\?buildId=${id}$`));

      const [pending] = (await adminRun(sim, id)).approvals;
      expect(pending).toMatchObject({ stage: 'Production', status: 'pending' });
      await admin(sim, 'POST', `approvals/${pending?.id}`, { status: answer, comment: 'by test' });
      const result = await cli.exited;

      expect(result.code).toBe(code);
      expect(result.stdout).toMatch(stdout);
      // The approval was announced once, and aztm never answered it itself.
      expect(result.stderr.match(new RegExp(WAITING.source, 'g'))).toHaveLength(1);
      expect(requestsTo(sim, 'PATCH', /_apis\/pipelines\/approvals/)).toEqual([]);
      expect((await adminRun(sim, id)).approvals[0]).toMatchObject({
        status: answer,
        decidedBy: 'Release Managers',
      });
    },
  );

  it('--approve answers an approval assigned to the identity it signs in as, with the comment', async () => {
    const sim = await startE2ESimulator({ scenario: withGatedForAda });
    const result = await runAztm(
      ['pipeline', '--pipeline', 'gated-deploy', '--approve', '--approve-comment', 'ship it'],
      { env: e2eEnv(sim) },
    );

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('stage Production: approved by aztm (--approve)');
    const id = triggeredId(result.stderr);
    const [decided] = (await adminRun(sim, id)).approvals;
    expect(decided).toMatchObject({
      status: 'approved',
      decidedBy: 'Ada Admin',
      comment: 'ship it',
    });
    const patch = onlyRequest(sim, 'PATCH', /\/DevOps\/_apis\/pipelines\/approvals(\?|$)/);
    expect(patch.headers.authorization).toBe('Basic <admin>');
    expect(patch.body).toEqual([
      { approvalId: decided?.id, status: 'approved', comment: 'ship it' },
    ]);
  });

  it('--approve leaves an approval assigned to someone else alone: it times out instead', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(
      ['pipeline', '--pipeline-id', '46', '--approve', '--timeout', '2s', '--on-timeout', 'leave'],
      { env: e2eEnv(sim) },
    );

    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(
      /--approve: the approval of stage 'Production' is not assigned to the identity aztm signed in with; waiting for Release Managers/,
    );
    expect(requestsTo(sim, 'PATCH', /_apis\/pipelines\/approvals/)).toEqual([]);
    const [pending] = (await adminRun(sim, triggeredId(result.stderr))).approvals;
    expect(pending).toMatchObject({ status: 'pending', decidedBy: null });
  });

  it('without --approve, an approval assigned to the caller is left for a person', async () => {
    const sim = await startE2ESimulator({ scenario: withGatedForAda });
    const result = await runAztm(
      ['pipeline', '--pipeline-id', '60', '--timeout', '2s', '--on-timeout', 'leave'],
      { env: e2eEnv(sim) },
    );

    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/stage Production: waiting for approval by Ada Admin/);
    expect(requestsTo(sim, 'PATCH', /_apis\/pipelines\/approvals/)).toEqual([]);
  });
});
