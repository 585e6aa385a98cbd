/**
 * Two jobs, one identity (every job using `$(System.AccessToken)` of a project queues as the same
 * one), the same pipeline, other template parameters (issue 15, "a lost create adopts another
 * job's run"). Job A's create is lost; job B queues its run while A has no answer. A must never
 * take B's run for its own: a deployment that never ran would pass. Each job is the built CLI; a
 * loopback proxy in front of the simulator loses A's create and runs B to its end meanwhile, so
 * the order is the same every time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { adminRuns, type AdminRun } from '../helpers/e2e-runs.ts';
import { fault } from './fault-run.ts';
import { startDropCreateProxy, startQueueAsideProxy } from './queue-aside-proxy.ts';
import { markFileComplete, recordRow } from './reliability-table.ts';

const SECTION = 'Creating the run: two jobs of one identity';
const RUN_POST = String.raw`/_apis/pipelines/\d+/runs$`;

afterAll(() => markFileComplete(import.meta.url));

/** `aztm pipeline` for pipeline 42 with `env` as its template parameter. */
function deploy(env: string): string[] {
  return ['pipeline', '--pipeline-id', '42', '--template-parameters', JSON.stringify({ env })];
}

/**
 * Job A (`env: prod`) through `startProxy`, which runs job B (`env: staging`, straight to the
 * simulator) to its end when A's create is lost; both results and the runs that exist after.
 */
async function twoJobs(
  sim: RunningSimulator,
  startProxy: typeof startDropCreateProxy,
): Promise<{ a: CliResult; b: CliResult; runs: AdminRun[] }> {
  let b: CliResult | undefined;
  const proxy = await startProxy(sim, async () => {
    b = await runCli(deploy('staging'), { env: e2eEnv(sim) });
  });
  try {
    const a = await runCli(deploy('prod'), {
      env: e2eEnv(sim, { aztm_organization: proxy.organizationUrl }),
    });
    if (!b) throw new Error(`job B never ran; job A said:\n${a.stderr}`);
    return { a, b, runs: await adminRuns(sim) };
  } finally {
    await proxy.close();
  }
}

describe('job A’s create is lost; job B queues the same pipeline with other parameters', () => {
  it('lost before the service acted: A exits 5 naming B’s run, never 0; B exits by its run', async () => {
    // A's create never reaches the service; B runs to its end before A hears of the loss.
    const { a, b, runs } = await twoJobs(await startE2ESimulator(), startDropCreateProxy);
    recordRow(import.meta.url, {
      section: SECTION,
      fault:
        'A’s create is reset before the service acts; B (same identity) queues the pipeline with other template parameters meanwhile',
      expected:
        'A never takes B’s run: after every look it exits 5 naming B’s run and what differs, and does not send again; B exits 0 by its own run; one run',
      observed: `A exit ${String(a.code)}; B exit ${String(b.code)}; ${runs.length} run(s)`,
    });
    expect(runs).toHaveLength(1);
    const theirs = runs[0]?.id;
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(new RegExp(`^succeeded: pipeline run ${theirs} `));
    expect(a.code, a.stderr).toBe(5);
    expect(a.stderr).toMatch(
      new RegExp(
        `^aztm: the create request got no answer \\([^)]+\\) and aztm cannot tell whether it created a pipeline run of "infra\\\\deploy-gateway": 1 new run queued by Ada Admin was found in 4 looks over 10 s, none shown with what aztm asked for, yet its own may be among them: http://\\S+/_build/results\\?buildId=${theirs} \\(template parameter env has another value\\)\\. aztm did not send the request again; check http://\\S+/_build\\?definitionId=42 before you trigger it again\\n$`,
      ),
    );
    expect(a.stdout).toBe('');
    expect(a.stderr).not.toMatch(/found pipeline run|nothing was triggered/);
  }, 60_000);

  it('lost after the service acted: A finds its own run among both, B’s is not taken', async () => {
    const sim = await startE2ESimulator();
    sim.state.addFault(fault({ kind: 'resetAfterCommit', method: 'POST', path: RUN_POST }));
    const { a, b, runs } = await twoJobs(sim, startQueueAsideProxy);
    recordRow(import.meta.url, {
      section: SECTION,
      fault:
        'A’s create is reset after the service acted; B (same identity) queues the pipeline with other template parameters meanwhile',
      expected:
        'A finds its own run (the only one queued with its parameters) and follows it; B follows its own; each exits 0; two runs',
      observed: `A exit ${String(a.code)}; B exit ${String(b.code)}; ${runs.length} run(s)`,
    });
    expect(runs).toHaveLength(2);
    const [ours, theirs] = [...runs].sort((x, y) => x.id - y.id).map((run) => run.id);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toMatch(new RegExp(`found pipeline run ${ours} that aztm created`));
    expect(a.stdout).toMatch(new RegExp(`^succeeded: pipeline run ${ours} `));
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(new RegExp(`^succeeded: pipeline run ${theirs} `));
  }, 60_000);
});
