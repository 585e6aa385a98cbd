/**
 * Creates never double (issue 15). When the answer to the request that creates a run, build or
 * release is lost, aztm looks for what it created and follows it; it stops with exit 5 naming each
 * candidate when it cannot tell; it sends the same request again only when the looks found
 * nothing it made. Each case runs the built CLI against the simulator with a fault injected into
 * the create.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { adminRuns } from '../helpers/e2e-runs.ts';
import { adminReleases, releaseApi } from '../helpers/e2e-releases.ts';
import { describeObserved, fault, runWithFaults, type FaultRun } from './fault-run.ts';
import { startQueueAsideProxy } from './queue-aside-proxy.ts';
import { markFileComplete, recordRow } from './reliability-table.ts';

const RUN_POST = String.raw`/_apis/pipelines/\d+/runs$`;
const BUILD_POST = String.raw`/_apis/build/builds$`;
const RELEASE_POST = String.raw`/_apis/release/releases$`;
const SECTION = 'Creating the run: an answer lost';
const FOUND =
  /warning: the create request got no answer \([^)]+\): found (pipeline run|build|release) .+ that aztm created \(.+\); the request was not sent again/;
const NO_STACK = /\n\s+at /;

afterAll(() => markFileComplete(import.meta.url));

/** Every POST that reached the simulator's create routes. */
function expectOneCreate(run: FaultRun): void {
  expect(run.createPosts, run.result.stderr).toBe(1);
}

describe('the service acted, then the connection was reset (resetAfterCommit)', () => {
  it('pipeline: the run aztm queued is found and followed; exactly one run exists', async () => {
    const run = await runWithFaults(
      ['pipeline', '--pipeline-id', '42'],
      [fault({ kind: 'resetAfterCommit', method: 'POST', path: RUN_POST })],
    );
    recordRow(import.meta.url, {
      section: SECTION,
      fault: 'connection reset after the service queued the pipeline run',
      expected:
        'not sent again; aztm finds the run it queued (new since the create, same pipeline and identity, queued with all aztm sent) and follows it; exit 0; exactly one run',
      observed: describeObserved(run, [`${run.createPosts} create request`]),
    });
    expect(run.result.code, run.result.stderr).toBe(0);
    expect(run.result.stderr).toMatch(FOUND);
    const runs = await adminRuns(run.sim);
    expect(runs).toHaveLength(1);
    expect(run.result.stdout).toMatch(new RegExp(`^succeeded: pipeline run ${runs[0]?.id} `));
    expectOneCreate(run);
    expect(run.injected).toEqual({ resetAfterCommit: 1 });
  });

  it('classic build: the same through the Build API', async () => {
    const run = await runWithFaults(
      ['build', '--definition-id', '7'],
      [fault({ kind: 'resetAfterCommit', method: 'POST', path: BUILD_POST })],
    );
    recordRow(import.meta.url, {
      section: SECTION,
      fault: 'connection reset after the service queued the classic build',
      expected: 'not sent again; aztm finds the build it queued and follows it; exit 0; one build',
      observed: describeObserved(run, [`${run.createPosts} create request`]),
    });
    expect(run.result.code, run.result.stderr).toBe(0);
    expect(run.result.stderr).toMatch(FOUND);
    const runs = await adminRuns(run.sim);
    expect(runs).toHaveLength(1);
    expect(run.result.stdout).toMatch(new RegExp(`^succeeded: build ${runs[0]?.id} `));
    expectOneCreate(run);
  });

  it('release: found by the mark in its description; exactly one release', async () => {
    const run = await runWithFaults(
      ['release', '--release-id', '13', '--description', 'Nightly scan'],
      [fault({ kind: 'resetAfterCommit', method: 'POST', path: RELEASE_POST })],
    );
    recordRow(import.meta.url, {
      section: SECTION,
      fault: 'connection reset after the service created the release',
      expected:
        'not sent again; aztm finds the release whose description carries its mark and follows it; exit 0; one release',
      observed: describeObserved(run, [`${run.createPosts} create request`]),
    });
    expect(run.result.code, run.result.stderr).toBe(0);
    expect(run.result.stderr).toMatch(FOUND);
    const releases = await adminReleases(run.sim);
    expect(releases).toHaveLength(1);
    const release = await releaseApi<{ description: string }>(
      run.sim,
      'GET',
      `releases/${releases[0]?.id}`,
    );
    expect(release.description).toMatch(/^Nightly scan \(aztm [0-9a-f-]{36}\)$/);
    expect(run.result.stderr).toContain(`"${release.description.slice(14, -1)}"`);
    expectOneCreate(run);
  });
});

describe('aztm cannot tell: exit 5, what to check, and no second create', () => {
  it('another run of the pipeline queued by the same identity while the answer was lost', async () => {
    const sim = await startE2ESimulator();
    sim.state.addFault(fault({ kind: 'resetAfterCommit', method: 'POST', path: RUN_POST }));
    const proxy = await startQueueAsideProxy(sim, async () => {
      const answer = await fetch(`${sim.organizationUrl}/DevOps/_apis/pipelines/42/runs`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`:${sim.token.value}`).toString('base64')}`,
          'content-type': 'application/json',
          accept: 'application/json;api-version=7.1',
        },
        body: '{}',
      });
      expect(answer.status).toBe(200);
    });
    try {
      const result = await runCli(['pipeline', '--pipeline-id', '42'], {
        env: e2eEnv(sim, { aztm_organization: proxy.organizationUrl }),
      });
      const runs = await adminRuns(sim);
      const ids = runs.map((item) => item.id).sort((a, b) => b - a);
      recordRow(import.meta.url, {
        section: SECTION,
        fault:
          'connection reset after the service queued the run, while the same identity queued another run of the pipeline',
        expected:
          'not sent again; two runs could each be aztm’s: exit 5 naming each one’s URL and the pipeline’s runs page',
        observed: `exit ${String(result.code)}; ${runs.length} runs exist, 1 queued by aztm`,
      });
      expect(result.code, result.stderr).toBe(5);
      const urls = ids.map((id) => `http://\\S+/_build/results\\?buildId=${id}`).join(', ');
      expect(result.stderr).toMatch(
        new RegExp(
          `^aztm: the create request got no answer \\([^)]+\\) and aztm cannot tell whether it created a pipeline run of "infra\\\\deploy-gateway": 2 new runs queued by Ada Admin could each be it: ${urls}\\. aztm did not send the request again; check http://\\S+/DevOps/_build\\?definitionId=42 before you trigger it again\\n$`,
        ),
      );
      expect(result.stderr).not.toMatch(/nothing was triggered/);
      expect(result.stdout).toBe('');
      // The CLI's one create, and the second client's.
      const posts = sim.state.requests.filter((entry) => entry.method === 'POST');
      expect(posts.map((entry) => entry.headers['user-agent']?.split('/')[0])).toEqual([
        'aztm',
        'node',
      ]);
    } finally {
      await proxy.close();
    }
  });
});

describe('nothing was made: the create is sent again, the same, after every look', () => {
  it('reset before the service acted (resetBeforeHandling): no run found, sent again, one run', async () => {
    // aztm cannot tell this reset from one after the service acted: it looks for about 10 s
    // (the time the service may take to list a new run), finds none, and only then sends again.
    const run = await runWithFaults(
      ['pipeline', '--pipeline-id', '42'],
      [fault({ kind: 'resetBeforeHandling', method: 'POST', path: RUN_POST })],
    );
    recordRow(import.meta.url, {
      section: SECTION,
      fault: 'connection reset before the service handled the create',
      expected:
        'aztm looks for its run for about 10 s first (a client cannot tell this from a lost answer), finds no new run of its identity, and sends the same request again; exit 0; exactly one run',
      observed: describeObserved(run, [`${run.createPosts} create requests`]),
    });
    expect(run.result.code, run.result.stderr).toBe(0);
    expect(run.result.stderr).toMatch(
      /warning: the create request got no answer \([^)]+\) and no new run queued by Ada Admin was found in 4 looks over 10 s: aztm takes it that no pipeline run was created and sends the request again \(2 of at most 3\)/,
    );
    const runs = await adminRuns(run.sim);
    expect(runs).toHaveLength(1);
    expect(run.result.stdout).toMatch(new RegExp(`^succeeded: pipeline run ${runs[0]?.id} `));
    expect(run.createPosts).toBe(2);
    expect(run.result.stderr).not.toMatch(/nothing was triggered/);
    expect(run.result.stderr).not.toMatch(NO_STACK);
  }, 40_000);
});
