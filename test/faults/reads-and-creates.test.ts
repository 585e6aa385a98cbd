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

describe('creates: repeated only when the server certainly did not act', () => {
  it('503 with Retry-After on the create: sent again, one run', async () => {
    const run = await runWithFaults(RUN, [
      fault({ kind: 'serverError', status: 503, retryAfter: 1, method: 'POST', path: RUN_POST }),
    ]);
    recordRow(import.meta.url, {
      section: 'Creating the run',
      fault: '503 with Retry-After on the create (nothing was created)',
      expected: 'the create is sent again after Retry-After; exit 0; exactly one run',
      observed: describeObserved(run, [`${run.createPosts} create requests`]),
    });
    expect(run.result.code).toBe(0);
    expect(run.createPosts).toBe(2);
    expect(run.runsCreated).toBe(1);
  });

  it('429 with Retry-After on the create: sent again, one run', async () => {
    const run = await runWithFaults(RUN, [
      fault({ kind: 'throttle', retryAfter: 1, method: 'POST', path: RUN_POST }),
    ]);
    recordRow(import.meta.url, {
      section: 'Creating the run',
      fault: '429 with Retry-After on the create',
      expected: 'the create is sent again after Retry-After; exit 0; exactly one run',
      observed: describeObserved(run, [`${run.createPosts} create requests`]),
    });
    expect(run.result.code).toBe(0);
    expect(run.createPosts).toBe(2);
    expect(run.runsCreated).toBe(1);
  });

  it('500 on the create: not repeated, exit 5, nothing created', async () => {
    const run = await runWithFaults(RUN, [
      fault({ kind: 'serverError', status: 500, method: 'POST', path: RUN_POST }),
    ]);
    recordRow(import.meta.url, {
      section: 'Creating the run',
      fault: '500 without Retry-After on the create',
      expected:
        "not repeated (the server may have acted); exit 5 with the service's message; no run",
      observed: describeObserved(run, [`${run.createPosts} create request`]),
    });
    expect(run.result.code).toBe(5);
    expect(run.createPosts).toBe(1);
    expect(run.runsCreated).toBe(0);
    expect(run.result.stderr).toMatch(/TF400898/);
    expect(run.result.stderr).not.toMatch(/\n\s+at /);
  });
});
