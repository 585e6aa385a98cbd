/**
 * Every bad answer Azure DevOps (or something in its place) can give, and what the built CLI does
 * with it (issue items 1 and 5): a clear message, the right exit code, never a stack trace.
 * Transient ones during a follow end with the run's own result; refusals after the trigger end
 * with exit 1 and the run's URL; bad answers before the trigger end with exit 5, nothing created.
 * Waits are on output and on exit, never on the clock.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli-wait.ts';
import { runCli } from '../helpers/cli.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import {
  adminCall,
  BACK,
  count,
  expectTidy,
  LOST,
  observed,
  withFaults,
} from './bad-answer-run.ts';
import { markFileComplete, recordRow } from './reliability-table.ts';

const BUILD_READ = String.raw`/_apis/build/builds/\d+$`;
const TIMELINE_READ = String.raw`/_apis/build/builds/\d+/timeline$`;
const RELEASE_READ = String.raw`/_apis/release/releases/\d+$`;

afterAll(() => markFileComplete(import.meta.url));

interface TransientCase {
  readonly what: string;
  readonly fault: Record<string, unknown>;
  readonly args?: readonly string[];
  readonly code?: number;
  readonly stdout?: RegExp;
  /** How many lost/back notice pairs: 0 when the client's own retries absorb the fault. */
  readonly notices?: 0 | 1;
  /** Also on stderr. */
  readonly says?: RegExp;
  /** For docs/reliability.md: what aztm does. */
  readonly expected?: string;
}

const SURVIVES = "one lost and one back notice; exit with the run's own result; one run";

const PIPELINE = ['pipeline', '--pipeline', 'deploy-gateway'];
const SUCCEEDED = /^succeeded: pipeline run \d+ \(infra\\deploy-gateway\)/;

const transient: readonly TransientCase[] = [
  {
    what: '503 (Retry-After: 0) on eight reads of the run: more than one read’s retries',
    fault: { kind: 'serverError', status: 503, retryAfter: 0, path: BUILD_READ, count: 8 },
  },
  {
    what: '429 (Retry-After: 0) on eight reads of the run',
    fault: { kind: 'throttle', retryAfter: 0, path: BUILD_READ, count: 8 },
  },
  {
    what: 'a connection reset on one read',
    fault: { kind: 'resetBeforeHandling', path: BUILD_READ, count: 1 },
    notices: 0,
    expected: 'retried by the client unseen: no notice; exit 0; one run',
  },
  { what: 'an empty 200 on three reads', fault: { kind: 'emptyBody', path: BUILD_READ, count: 3 } },
  {
    what: 'an HTML page with 200 on three reads of the timeline',
    fault: { kind: 'htmlBody', path: TIMELINE_READ, count: 3 },
  },
  {
    what: 'truncated JSON with 200 on three reads',
    fault: { kind: 'invalidJson', path: BUILD_READ, count: 3 },
  },
  {
    what: 'an enum value no client knows on three reads of the run',
    fault: { kind: 'unknownEnum', path: BUILD_READ, count: 3 },
    notices: 0,
    says: /warning: Azure DevOps answered with a value aztm does not know, "somethingNew" \(build status(, build result)?\); aztm counts pipeline run \d+ as not finished yet/,
    expected: 'one warning naming the value; not finished yet, never success or failure; exit 0',
  },
  {
    what: 'the 203 sign-in page on two reads, then good answers again',
    fault: { kind: 'signInPage', path: BUILD_READ, count: 2 },
    notices: 0,
    says: /warning: Azure DevOps refused to show pipeline run \d+: .*HTTP 203[^]*back in contact with Azure DevOps/,
    expected: 'one refused warning (fewer than three reads), one back notice; exit 0',
  },
  {
    what: 'an empty 200 on three reads of a run that fails',
    args: ['pipeline', '--pipeline', 'Please Fail'],
    fault: { kind: 'emptyBody', path: BUILD_READ, count: 3 },
    code: 1,
    stdout: /^failed: pipeline run \d+ \(Please Fail\)/,
    expected: "one lost and one back notice; exit 1, the run's own failure",
  },
  {
    what: 'truncated JSON on three reads of a release',
    args: ['release', '--release-id', '13'],
    fault: { kind: 'invalidJson', path: RELEASE_READ, count: 3 },
    stdout: /^succeeded: release \d+ \(Scan Pre Prod\)/,
  },
  {
    what: 'an enum value no client knows on three reads of a release',
    args: ['release', '--release-id', '13'],
    fault: { kind: 'unknownEnum', path: RELEASE_READ, count: 3 },
    notices: 0,
    stdout: /^succeeded: release \d+ \(Scan Pre Prod\)/,
    says: /aztm does not know, "somethingNew" \(release status, stage status/,
    expected: 'one warning naming the value; not finished yet, never success or failure; exit 0',
  },
];

describe('transient bad answers during a follow: the run’s own result', () => {
  it.each(transient)('$what', async (row) => {
    const sim = await startE2ESimulator({ scenario: withFaults({ method: 'GET', ...row.fault }) });
    const result = await runCli(row.args ?? PIPELINE, { env: e2eEnv(sim) });

    expect(result.code, result.stderr).toBe(row.code ?? 0);
    expect(result.stdout).toMatch(row.stdout ?? SUCCEEDED);
    const notices = row.notices ?? 1;
    expect(count(result.stderr, LOST)).toBe(notices);
    expect(count(result.stderr, BACK)).toBe(row.fault.kind === 'signInPage' ? 1 : notices);
    if (row.says) expect(result.stderr).toMatch(row.says);
    expect(result.stderr).not.toContain('nothing was triggered');
    expectTidy(sim, result, 1);
    // The fault did strike: the test proves nothing otherwise.
    expect(sim.state.faults[0]?.injected).toBeGreaterThan(0);
    recordRow(import.meta.url, {
      section: 'Bad answers while following',
      fault: row.what,
      expected: row.expected ?? SURVIVES,
      observed: observed(sim, result),
    });
  });

  it('an outage several seconds long: one lost and one back notice, then the right result', async () => {
    // Thirty reads in a row answered with an empty 200: three seconds at --poll-interval 0.1s.
    const sim = await startE2ESimulator({
      scenario: withFaults({ kind: 'emptyBody', method: 'GET', path: BUILD_READ, count: 30 }),
    });
    const result = await runCli(['pipeline', '--pipeline', 'smoke-tests'], { env: e2eEnv(sim) });

    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^partially succeeded: pipeline run \d+ \(smoke-tests\)/);
    expect(count(result.stderr, LOST)).toBe(1);
    expect(count(result.stderr, BACK)).toBe(1);
    expect(sim.state.faults[0]?.injected).toBe(30);
    expectTidy(sim, result, 1);
    recordRow(import.meta.url, {
      section: 'Bad answers while following',
      fault: 'an outage: an empty 200 on thirty reads in a row (seconds of polling)',
      expected:
        "one lost and one back notice; exit with the run's own result (partial: 1); one run",
      observed: observed(sim, result),
    });
  });
});

const WAITING = /stage Production: waiting for approval by Release Managers.* — approve at (\S+)\n/;

interface RefusalCase {
  readonly what: string;
  readonly args: readonly string[];
  /** Done through the admin API once the run waits for approval; `{id}` is the run's id. */
  readonly act: readonly ['DELETE' | 'POST', string];
  readonly says: (id: string, url: string) => string;
}

const refusals: readonly RefusalCase[] = [
  {
    what: 'a pipeline run deleted while it waits for approval',
    args: ['pipeline', '--pipeline', 'deploy-production'],
    act: ['DELETE', 'runs/{id}'],
    says: (id, url) =>
      `aztm: pipeline run ${id} can no longer be read: it was deleted, or the token lost access (HTTP 404) — it may still be running: ${url}\n`,
  },
  {
    what: 'a release deleted while it waits for approval',
    args: ['release', '--definition', 'Infrastructure'],
    act: ['DELETE', 'releases/{id}'],
    says: (id, url) =>
      `aztm: release ${id} can no longer be read: it was deleted, or the token lost access (HTTP 404) — it may still be running: ${url}\n`,
  },
  {
    what: 'the token revoked while the run waits for approval',
    args: ['pipeline', '--pipeline', 'deploy-production'],
    act: ['POST', 'tokens/admin/revoke'],
    says: (id, url) =>
      `aztm: the token stopped working (expired or revoked) while following pipeline run ${id}: ${url}\n`,
  },
];

describe('refusals after the trigger: exit 1, what happened, the run’s URL', () => {
  it.each(refusals)('$what', async (row) => {
    const sim = await startE2ESimulator();
    const cli = spawnCli(row.args, { env: e2eEnv(sim) });
    const [, url = ''] = await cli.waitFor('stderr', WAITING);
    const id = /(?:buildId|releaseId)=(\d+)/.exec(url)?.[1] ?? '';
    await adminCall(sim, row.act[0], row.act[1].replace('{id}', id));
    const result = await cli.exited;

    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(row.says(id, url));
    expect(result.stderr).toMatch(/aztm: Azure DevOps refused 3 reads in a row \(HTTP 40[14]\)/);
    expect(result.stderr).not.toContain('nothing was triggered');
    expect(result.stdout).toBe('');
    expectTidy(sim, result, 1);
    recordRow(import.meta.url, {
      section: 'Refusals while following',
      fault: row.what,
      expected: 'three refused reads, then exit 1 saying what happened, with the URL; one run',
      observed: observed(sim, result, id),
    });
  });

  it('watch: a run deleted after aztm attached is the same exit 1, not a refusal before (5)', async () => {
    const sim = await startE2ESimulator();
    const started = await runCli(['pipeline', '--pipeline', 'deploy-production', '--no-wait'], {
      env: e2eEnv(sim),
    });
    const id = /^(\d+) /.exec(started.stdout)?.[1] ?? '';
    const cli = spawnCli(['watch', '--run-id', id], { env: e2eEnv(sim) });
    const [, url = ''] = await cli.waitFor('stderr', WAITING);
    await adminCall(sim, 'DELETE', `runs/${id}`);
    const result = await cli.exited;

    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(`aztm: pipeline run ${id} can no longer be read`);
    expect(result.stderr).toContain(url);
    expect(result.stderr).not.toContain('nothing was triggered');
    expectTidy(sim, result, 1);
    recordRow(import.meta.url, {
      section: 'Refusals while following',
      fault: 'aztm watch: the run deleted after attaching',
      expected: 'exit 1 as after a trigger (5 is for refusals before attaching)',
      observed: observed(sim, result, id),
    });
  });

  it('the sign-in page on every read, as a proxy in the way gives it: the token stopped working', async () => {
    const sim = await startE2ESimulator({
      scenario: withFaults({
        kind: 'signInPage',
        method: 'GET',
        path: BUILD_READ,
        count: 'unlimited',
      }),
    });
    const result = await runCli(PIPELINE, { env: e2eEnv(sim) });

    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(
      /aztm: the token stopped working \(expired or revoked\) while following pipeline run \d+: http\S+buildId=\d+\n/,
    );
    expect(result.stderr).toMatch(/refused 3 reads in a row \(HTTP 203\)/);
    expectTidy(sim, result, 1);
    const id = /buildId=(\d+)/.exec(result.stderr)?.[1];
    recordRow(import.meta.url, {
      section: 'Refusals while following',
      fault: 'the 203 sign-in page on every read (a proxy, a token revoked server-side)',
      expected: 'three refused reads, then exit 1: the token stopped working, with the URL',
      observed: observed(sim, result, id),
    });
  });
});

describe('a bad answer to the first request, before anything is triggered: exit 5', () => {
  it.each([
    ['the sign-in page (203)', 'signInPage', /did not accept the credentials \(HTTP 203 on GET /],
    ['an empty 200', 'emptyBody', /answered GET \S+ with an empty body where JSON was expected/],
    ['truncated JSON', 'invalidJson', /answered GET \S+ with a body that is not JSON/],
    ['an HTML page with 200', 'htmlBody', /answered GET \S+ with an HTML page/],
  ])('%s', async (name, kind, says) => {
    for (const args of [PIPELINE, ['release', '--release-id', '13']]) {
      const sim = await startE2ESimulator({ scenario: withFaults({ kind }) });
      const result = await runCli(args, { env: e2eEnv(sim) });

      expect(result.code, result.stderr).toBe(5);
      expect(result.stderr).toMatch(new RegExp(`^aztm: .*${says.source}`));
      expect(result.stderr).toMatch(/\naztm: nothing was triggered\n$/);
      expect(result.stdout).toBe('');
      expect(sim.state.requests[0]?.fault).toBe(kind);
      expectTidy(sim, result, 0);
      recordRow(import.meta.url, {
        section: 'Bad answers before anything is triggered',
        fault: `${name}, on the first request of aztm ${args[0] ?? ''}`,
        expected: "exit 5 with a clear message and 'nothing was triggered'; no create",
        observed: observed(sim, result),
      });
    }
  });
});
