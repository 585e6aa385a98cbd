import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli-wait.ts';
import { runCli } from '../helpers/cli.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { admin, adminRun, onlyRequest, requestsTo, triggeredId } from '../helpers/e2e-runs.ts';

/** deploy-production (46) waits on its Production approval until someone answers it. */
const WAITING = /stage Production: waiting for approval/;
const CANCEL = /\/DevOps\/_apis\/build\/builds\/\d+(\?|$)/;

describe('aztm pipeline stopping: interrupts, time-outs, cancellation', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s while waiting for an approval cancels the run and exits 3',
    async (signal) => {
      const sim = await startE2ESimulator();
      const cli = spawnCli(['pipeline', '--pipeline-id', '46'], { env: e2eEnv(sim) });
      await cli.waitFor('stderr', WAITING);
      const id = triggeredId(cli.stderr());
      cli.child.kill(signal);
      const result = await cli.exited;

      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`interrupted: canceling pipeline run ${id}`);
      expect(result.stdout).toMatch(
        new RegExp(`^canceled: pipeline run ${id} \\(deploy-production\\)`),
      );
      const cancel = onlyRequest(sim, 'PATCH', CANCEL);
      expect(cancel.url).toContain(`/builds/${id}`);
      expect(cancel.body).toEqual({ status: 'cancelling' });
      const run = await adminRun(sim, id);
      expect(run.cancelRequestedAt).not.toBeNull();
      expect(run).toMatchObject({ status: 'completed', result: 'canceled' });
    },
  );

  it('--on-interrupt leave exits 3 on SIGINT and leaves the run going', async () => {
    const sim = await startE2ESimulator();
    const cli = spawnCli(['pipeline', '--pipeline-id', '46', '--on-interrupt', 'leave'], {
      env: e2eEnv(sim),
    });
    await cli.waitFor('stderr', WAITING);
    const id = triggeredId(cli.stderr());
    cli.child.kill('SIGINT');
    const result = await cli.exited;

    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      new RegExp(`interrupted: leaving pipeline run ${id} running: \\S+buildId=${id}`),
    );
    expect(requestsTo(sim, 'PATCH', CANCEL)).toEqual([]);
    const run = await adminRun(sim, id);
    expect(run.cancelRequestedAt).toBeNull();
    expect(run.status).not.toBe('completed');
    expect(run.approvals[0]?.status).toBe('pending');
  });

  it('a run canceled in Azure DevOps exits 3', async () => {
    const sim = await startE2ESimulator();
    const cli = spawnCli(['pipeline', '--pipeline-id', '46'], { env: e2eEnv(sim) });
    await cli.waitFor('stderr', WAITING);
    const id = triggeredId(cli.stderr());
    await admin(sim, 'POST', `runs/${id}/cancel`);
    const result = await cli.exited;

    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(new RegExp(`^canceled: pipeline run ${id} `));
    // Nobody interrupted aztm: it did not send a cancel of its own.
    expect(requestsTo(sim, 'PATCH', CANCEL)).toEqual([]);
    expect(result.stderr).not.toContain('interrupted');
  });

  it.each([
    { onTimeout: 'cancel', canceled: true, line: /timed out: canceling pipeline run (\d+)/ },
    { onTimeout: 'leave', canceled: false, line: /timed out: leaving pipeline run (\d+) running/ },
  ])(
    '--timeout reached while waiting for an approval exits 4 (--on-timeout $onTimeout)',
    async ({ onTimeout, canceled, line }) => {
      const sim = await startE2ESimulator();
      const result = await runCli(
        ['pipeline', '--pipeline-id', '46', '--timeout', '1s', '--on-timeout', onTimeout],
        { env: e2eEnv(sim) },
      );

      expect(result.code).toBe(4);
      const id = triggeredId(result.stderr);
      expect(line.exec(result.stderr)?.[1]).toBe(String(id));
      expect(result.stdout).toMatch(
        new RegExp(`^timed out: pipeline run ${id} \\(deploy-production\\)`),
      );
      expect(requestsTo(sim, 'PATCH', CANCEL)).toHaveLength(canceled ? 1 : 0);
      const run = await adminRun(sim, id);
      expect(run.cancelRequestedAt !== null).toBe(canceled);
      expect(run.result).toBe(canceled ? 'canceled' : null);
    },
  );
});
