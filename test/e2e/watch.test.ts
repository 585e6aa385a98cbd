import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { admin, adminRun, adminRuns, tokenValue } from '../helpers/e2e-runs.ts';
import { runAztm, startAztm } from '../helpers/run-in-process.ts';

/**
 * Starts a run as someone else would, through the service's own API: a YAML pipeline through the
 * Runs API, a classic definition through the Build API's queue. Returns its id.
 */
async function startElsewhere(
  sim: RunningSimulator,
  kind: 'pipeline' | 'build',
  definitionId: number,
): Promise<number> {
  const url =
    kind === 'pipeline'
      ? `${sim.organizationUrl}/DevOps/_apis/pipelines/${definitionId}/runs?api-version=7.1`
      : `${sim.organizationUrl}/DevOps/_apis/build/builds?api-version=7.1`;
  const answer = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`:${tokenValue(sim, 'admin')}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(kind === 'pipeline' ? {} : { definition: { id: definitionId } }),
  });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { id: number }).id;
}

/** The requests the CLI sent: everything logged after the run was started. */
function sentByCli(sim: RunningSimulator, afterSeq: number) {
  return sim.state.requests.filter((entry) => entry.seq > afterSeq);
}

describe('aztm watch', () => {
  it.each([
    {
      kind: 'pipeline',
      definition: 42,
      flags: [],
      code: 0,
      line: 'succeeded: pipeline run {id} (infra\\deploy-gateway)',
    },
    {
      kind: 'pipeline',
      definition: 44,
      flags: [],
      code: 1,
      line: 'failed: pipeline run {id} (Please Fail)',
    },
    {
      kind: 'pipeline',
      definition: 48,
      flags: [],
      code: 1,
      line: 'partially succeeded: pipeline run {id} (smoke-tests)',
    },
    {
      kind: 'pipeline',
      definition: 48,
      flags: ['--allow-partial'],
      code: 0,
      line: 'partially succeeded: pipeline run {id}',
    },
    {
      kind: 'build',
      definition: 7,
      flags: [],
      code: 0,
      line: 'succeeded: build {id} (Regression\\nightly)',
    },
  ] as const)(
    'attaches to a $kind of definition $definition started elsewhere, exits with its result ($flags)',
    async ({ kind, definition, flags, code, line }) => {
      const sim = await startE2ESimulator();
      const id = await startElsewhere(sim, kind, definition);
      const seq = sim.state.requests.at(-1)?.seq ?? 0;
      const result = await runAztm(['watch', '--run-id', String(id), ...flags], {
        env: e2eEnv(sim),
      });

      expect(result.code, result.stderr).toBe(code);
      expect(result.stderr).toMatch(new RegExp(`attached to (pipeline run|build) ${id} `));
      expect(result.stdout.startsWith(line.replace('{id}', String(id)))).toBe(true);
      // Watching reads; it never creates or changes anything.
      const sent = sentByCli(sim, seq);
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.filter((entry) => entry.method !== 'GET')).toEqual([]);
      expect(sent.every((entry) => entry.headers.authorization === 'Basic <admin>')).toBe(true);
      expect(await adminRuns(sim)).toHaveLength(1);
    },
  );

  it('follows a run still waiting for an approval until a person approves it', async () => {
    const sim = await startE2ESimulator();
    const id = await startElsewhere(sim, 'pipeline', 46);
    const cli = startAztm(['watch', '--run-id', String(id)], { env: e2eEnv(sim) });
    await cli.waitFor('stderr', /stage Production: waiting for approval by Release Managers/);
    const [pending] = (await adminRun(sim, id)).approvals;
    await admin(sim, 'POST', `approvals/${pending?.id}`, { status: 'approved' });
    const result = await cli.exited;

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^succeeded: pipeline run ${id} \\(deploy-production\\)`),
    );
  });

  it('--json gives the result object of the run it watched', async () => {
    const sim = await startE2ESimulator();
    const id = await startElsewhere(sim, 'pipeline', 44);
    const result = await runAztm(['watch', '--run-id', String(id), '--json'], { env: e2eEnv(sim) });

    expect(result.code).toBe(1);
    const object = JSON.parse(result.stdout.trimEnd().split('\n').at(-1) ?? '') as object;
    expect(object).toMatchObject({
      kind: 'pipeline',
      id,
      result: 'failed',
      stages: [{ name: 'Build', result: 'failed' }],
    });
  });

  it('a run id that does not exist exits 5', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['watch', '--run-id', '4242'], { env: e2eEnv(sim) });

    expect(result.code).toBe(5);
    expect(result.stderr).toContain('The requested build 4242 could not be found');
    expect(result.stdout).toBe('');
    expect(sim.state.requests.filter((entry) => entry.method !== 'GET')).toEqual([]);
  });
});
