/**
 * A proxy or gateway between aztm and Azure DevOps forwards the create, the service acts on it,
 * and the gateway answers with an error of its own (the simulator's `answerAfterCommit`): an HTML
 * page with 500, 502, 503, 504, or 429/503 with Retry-After. aztm cannot tell who answered, so it
 * never sends the create again on that answer: it looks for what it made and follows it, or, when
 * it cannot tell, exits 5 naming it. Never "nothing was triggered", and always exactly one run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { adminRuns } from '../helpers/e2e-runs.ts';
import { adminReleases } from '../helpers/e2e-releases.ts';
import { describeObserved, fault, runWithFaults, type FaultRun } from './fault-run.ts';
import { markFileComplete, recordRow } from './reliability-table.ts';

const RUN_POST = String.raw`/_apis/pipelines/\d+/runs$`;
const BUILD_POST = String.raw`/_apis/build/builds$`;
const RELEASE_POST = String.raw`/_apis/release/releases$`;
const SECTION = 'Creating the run: a gateway’s error after the service acted';
const NO_STACK = /\n\s+at /;

afterAll(() => markFileComplete(import.meta.url));

/**
 * `aztm <args>` with a gateway answering `status` (and Retry-After) after the service carried out
 * the create matching `path`; records the row, and checks what every case shares: one create
 * request, exactly one run or release, never "nothing was triggered".
 */
async function throughGateway(
  args: readonly string[],
  answer: { readonly path: string; readonly status: number; readonly retryAfter?: number },
  row: { readonly fault: string; readonly expected: string },
): Promise<{ readonly run: FaultRun; readonly createdId: number | undefined }> {
  const run = await runWithFaults(args, [
    fault({ kind: 'answerAfterCommit', method: 'POST', ...answer }),
  ]);
  recordRow(import.meta.url, {
    section: SECTION,
    ...row,
    observed: describeObserved(run, [`${run.createPosts} create request`]),
  });
  const created =
    answer.path === RELEASE_POST ? await adminReleases(run.sim) : await adminRuns(run.sim);
  expect(created).toHaveLength(1);
  expect(run.createPosts).toBe(1);
  expect(run.result.stderr).not.toMatch(/nothing was triggered/);
  expect(run.result.stderr).not.toMatch(NO_STACK);
  return { run, createdId: created[0]?.id };
}

describe('a pipeline run: the run the service made is found and followed', () => {
  it.each<[string, number, number | undefined]>([
    ['500', 500, undefined],
    ['502', 502, undefined],
    ['503', 503, undefined],
    ['504', 504, undefined],
    ['503 with Retry-After', 503, 1],
    ['429 with Retry-After', 429, 1],
  ])('%s after forwarding the create', async (label, status, retryAfter) => {
    const { run, createdId } = await throughGateway(
      ['pipeline', '--pipeline-id', '42'],
      { path: RUN_POST, status, ...(retryAfter === undefined ? {} : { retryAfter }) },
      {
        fault: `a gateway answers ${label} after the service queued the pipeline run`,
        expected:
          'not sent again on that answer; aztm finds the run it queued (same pipeline, identity, branch and request) and follows it; exit 0; exactly one run',
      },
    );
    expect(run.result.code, run.result.stderr).toBe(0);
    expect(run.result.stderr).toMatch(
      new RegExp(
        `warning: the create request got HTTP ${status}: found pipeline run ${createdId} that aztm created \\(queued by Ada Admin at \\S+, with what aztm asked for\\); the request was not sent again`,
      ),
    );
    expect(run.result.stdout).toMatch(new RegExp(`^succeeded: pipeline run ${createdId} `));
  });
});

describe('a build and a release: the same', () => {
  it('502 after the service queued the classic build', async () => {
    const { run, createdId } = await throughGateway(
      ['build', '--definition-id', '7', '--variables', '{"suite": "full"}'],
      { path: BUILD_POST, status: 502 },
      {
        fault: 'a gateway answers 502 after the service queued the classic build',
        expected:
          'not sent again; aztm finds the build it queued (its queue-time variables too) and follows it; exit 0; one build',
      },
    );
    expect(run.result.code, run.result.stderr).toBe(0);
    expect(run.result.stdout).toMatch(new RegExp(`^succeeded: build ${createdId} `));
  });

  it('504 after the service created the release', async () => {
    const { run } = await throughGateway(
      ['release', '--release-id', '13'],
      { path: RELEASE_POST, status: 504 },
      {
        fault: 'a gateway answers 504 after the service created the release',
        expected:
          'not sent again; aztm finds the release carrying its mark and follows it; exit 0; one release',
      },
    );
    expect(run.result.code, run.result.stderr).toBe(0);
    expect(run.result.stderr).toMatch(/the create request got HTTP 504: found release /);
  });
});

describe('aztm cannot tell: exit 5 naming the run, never "nothing was triggered"', () => {
  it('502 after the service queued a run asked to skip a stage (no run shows that)', async () => {
    const { run, createdId } = await throughGateway(
      ['pipeline', '--pipeline-id', '42', '--stages-to-skip', 'Deploy'],
      { path: RUN_POST, status: 502 },
      {
        fault:
          'a gateway answers 502 after the service queued a run with stages to skip (which no run shows)',
        expected:
          'not sent again; the run found cannot be compared in full: exit 5 naming its URL and what to check; exactly one run',
      },
    );
    expect(run.result.code, run.result.stderr).toBe(5);
    expect(run.result.stderr).toMatch(
      new RegExp(
        `^aztm: the create request got HTTP 502 and aztm cannot tell whether it created a pipeline run of "infra\\\\deploy-gateway": 1 new run queued by Ada Admin could be it: http://\\S+/_build/results\\?buildId=${createdId} \\(cannot be compared: the stages a run was asked to skip are not shown\\)\\. aztm did not send the request again; check http://\\S+/_build\\?definitionId=42 before you trigger it again\\n$`,
      ),
    );
  });
});
