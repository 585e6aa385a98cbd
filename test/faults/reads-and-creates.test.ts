/**
 * Reads survive faults; creates are repeated only when the server certainly did not act. Each
 * case runs the built CLI against the simulator with faults injected into its answers.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { describeObserved, fault, runWithFaults } from './fault-run.ts';
import { markFileComplete, recordRow } from './reliability-table.ts';

const BUILD_GET = String.raw`/_apis/build/builds/\d+$`;
const TIMELINE_GET = String.raw`/_apis/build/builds/\d+/timeline$`;
const RUN_POST = String.raw`/_apis/pipelines/\d+/runs$`;
const RUN = ['pipeline', '--pipeline-id', '42'];

afterAll(() => markFileComplete(import.meta.url));

describe('reads survive: the run is followed to its true result', () => {
  it.each([
    [
      '429 with Retry-After on three reads of the run',
      { kind: 'throttle', retryAfter: 1, method: 'GET', path: BUILD_GET, skip: 1, count: 3 },
    ],
    [
      'rate-limit delay headers on a 200 (slow down before a 429)',
      {
        kind: 'rateLimitDelay',
        delay: '1.5s',
        retryAfter: 1,
        method: 'GET',
        path: BUILD_GET,
        count: 3,
      },
    ],
    [
      '503 on four reads of the run',
      { kind: 'serverError', status: 503, method: 'GET', path: BUILD_GET, skip: 1, count: 4 },
    ],
    [
      '500 on two reads of the timeline',
      { kind: 'serverError', status: 500, method: 'GET', path: TIMELINE_GET, count: 2 },
    ],
    [
      'connection reset on three reads',
      { kind: 'resetBeforeHandling', method: 'GET', path: BUILD_GET, skip: 1, count: 3 },
    ],
    [
      'slow answers (1.5 s) on three reads',
      { kind: 'slow', delay: '1.5s', method: 'GET', path: BUILD_GET, count: 3 },
    ],
    [
      'an empty 200 on two reads',
      { kind: 'emptyBody', method: 'GET', path: BUILD_GET, skip: 1, count: 2 },
    ],
    [
      'an HTML page with 200 on two reads',
      { kind: 'htmlBody', method: 'GET', path: TIMELINE_GET, count: 2 },
    ],
  ])('%s', async (name, spec) => {
    const run = await runWithFaults(RUN, [fault(spec)]);
    recordRow(import.meta.url, {
      section: 'Reads while following a run',
      fault: name,
      expected: "exit 0 with the run's own result (succeeded); never a failed run; one run",
      observed: describeObserved(run),
    });
    expect(run.result.stderr).not.toMatch(/\n\s+at /);
    expect(run.result.code).toBe(0);
    expect(run.result.stdout).toMatch(/^succeeded: pipeline run \d+/m);
    expect(run.runsCreated).toBe(1);
    expect(Object.values(run.injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});

describe('creates: an answer that may follow the service’s action is looked behind first', () => {
  // The service refused each of these before acting, but a gateway between aztm and the service
  // can send the same answers after it forwarded the create (gateway-after-commit.test.ts): aztm
  // looks for a run it made for about 10 s, finds none, and only then sends the request again.
  it.each([
    [
      '503 with Retry-After on the create (nothing was created)',
      { kind: 'serverError', status: 503, retryAfter: 1 },
    ],
    ['429 with Retry-After on the create', { kind: 'throttle', retryAfter: 1 }],
    [
      '500 without Retry-After on the create (nothing was created)',
      { kind: 'serverError', status: 500 },
    ],
  ])(
    '%s: looked for, none found, sent again, one run',
    async (label, spec) => {
      const run = await runWithFaults(RUN, [fault({ ...spec, method: 'POST', path: RUN_POST })]);
      recordRow(import.meta.url, {
        section: 'Creating the run',
        fault: label,
        expected:
          'not repeated at once (a gateway may send it after the service acted): aztm looks for its run for about 10 s, finds none, and sends the request again; exit 0; exactly one run',
        observed: describeObserved(run, [`${run.createPosts} create requests`]),
      });
      expect(run.result.code, run.result.stderr).toBe(0);
      expect(run.createPosts).toBe(2);
      expect(run.runsCreated).toBe(1);
      expect(run.result.stderr).toMatch(
        /warning: the create request got HTTP (503|429|500) and no new run queued by Ada Admin was found in 4 looks over 10 s: aztm takes it that no pipeline run was created and sends the request again \(2 of at most 3\)/,
      );
      expect(run.result.stderr).not.toMatch(/\n\s+at /);
    },
    40_000,
  );
});
