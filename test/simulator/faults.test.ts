import { describe, expect, it } from 'vitest';
import { pipeline, project, scenario } from '../helpers/scenario-builder.ts';
import { startTestSimulator } from '../helpers/simulator.ts';
import {
  fault,
  parseAnswer,
  plainRequest,
  READ_PATH,
  RUN_PATH,
  simulatorWith,
} from './faults-client.ts';

describe('fault injection, as a plain HTTP client sees it', () => {
  it('throttle: 429 with Retry-After, the X-RateLimit-* headers and the TF400733 body', async () => {
    const sim = await simulatorWith([fault({ kind: 'throttle', retryAfter: 17 })]);
    const answer = await plainRequest(sim, 'GET', READ_PATH);
    if ('error' in answer) throw new Error(answer.error);
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('17');
    expect(answer.headers['x-ratelimit-remaining']).toBe('0');
    expect(answer.headers['x-ratelimit-limit']).toBe('200');
    expect(answer.headers['x-ratelimit-resource']).toBeTruthy();
    expect(Number(answer.headers['x-ratelimit-reset'])).toBeGreaterThan(sim.clock.now() / 1000);
    expect(parseAnswer(answer.text)).toMatchObject({
      typeKey: 'RequestBlockedException',
      message: expect.stringMatching(/^TF400733/),
    });
    // count defaults to 1: the next request goes through.
    const next = await plainRequest(sim, 'GET', READ_PATH);
    expect('status' in next && next.status).toBe(200);
  });

  it('rateLimitDelay: a normal 200 that carries X-RateLimit-Delay and Remaining 0', async () => {
    const sim = await simulatorWith([fault({ kind: 'rateLimitDelay', delay: '2.5s' })]);
    const answer = await plainRequest(sim, 'GET', READ_PATH);
    if ('error' in answer) throw new Error(answer.error);
    expect(answer.status).toBe(200);
    expect(parseAnswer(answer.text)).toMatchObject({ id: 1, name: 'app' });
    expect(answer.headers['x-ratelimit-delay']).toBe('2.500');
    expect(answer.headers['x-ratelimit-remaining']).toBe('0');
    expect(answer.headers['retry-after']).toBeUndefined();
  });

  it.each([500, 502, 503, 504])(
    'serverError %i: that status in the service error shape',
    async (status) => {
      const sim = await simulatorWith([fault({ kind: 'serverError', status })]);
      const answer = await plainRequest(sim, 'GET', READ_PATH);
      if ('error' in answer) throw new Error(answer.error);
      expect(answer.status).toBe(status);
      expect(parseAnswer(answer.text)).toMatchObject({
        typeKey: expect.any(String),
        message: expect.stringMatching(/^TF400898/),
      });
    },
  );

  // cli-extension recordings/test_devops_team_createUpdateShowListDeleteListMember.yaml (503).
  it('puts a byte-order mark before an error body and its message in X-TFS-ServiceError', async () => {
    const sim = await simulatorWith([fault({ kind: 'serverError', status: 503 })]);
    const answer = await plainRequest(sim, 'GET', READ_PATH);
    if ('error' in answer) throw new Error(answer.error);
    expect(answer.text.startsWith('\uFEFF{"$id":"1"')).toBe(true);
    const { message } = parseAnswer(answer.text) as { message: string };
    const header = answer.headers['x-tfs-serviceerror'];
    expect(header).toMatch(/^TF400898%3A%20/);
    expect(decodeURIComponent(String(header))).toBe(message);
  });

  it('sends the same wire form for an error a route raises (404)', async () => {
    const sim = await simulatorWith([]);
    const answer = await plainRequest(
      sim,
      'GET',
      'Infrastructure/_apis/pipelines/99?api-version=7.1',
    );
    if ('error' in answer) throw new Error(answer.error);
    expect(answer.status).toBe(404);
    expect(answer.text.charCodeAt(0)).toBe(0xfeff);
    const { message } = parseAnswer(answer.text) as { message: string };
    expect(decodeURIComponent(String(answer.headers['x-tfs-serviceerror']))).toBe(message);
  });

  it('503 with Retry-After on a create: nothing is created, and the next create works', async () => {
    const sim = await simulatorWith([
      fault({ kind: 'serverError', status: 503, retryAfter: 5, method: 'POST', path: '/runs$' }),
    ]);
    const first = await plainRequest(sim, 'POST', RUN_PATH, {});
    if ('error' in first) throw new Error(first.error);
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBe('5');
    expect(sim.state.builds.size).toBe(0);
    const second = await plainRequest(sim, 'POST', RUN_PATH, {});
    expect('status' in second && second.status).toBe(200);
    expect(sim.state.builds.size).toBe(1);
  });

  it('resetBeforeHandling: the connection is reset and nothing is created', async () => {
    const sim = await simulatorWith([fault({ kind: 'resetBeforeHandling', method: 'POST' })]);
    const answer = await plainRequest(sim, 'POST', RUN_PATH, {});
    expect(answer).toEqual({ error: 'ECONNRESET' });
    expect(sim.state.builds.size).toBe(0);
  });

  it('resetAfterCommit: the connection is reset although the run was created', async () => {
    const sim = await simulatorWith([fault({ kind: 'resetAfterCommit', method: 'POST' })]);
    const answer = await plainRequest(sim, 'POST', RUN_PATH, {});
    expect(answer).toEqual({ error: 'ECONNRESET' });
    expect(sim.state.builds.size).toBe(1);
    const logged = sim.state.requests.find((entry) => entry.method === 'POST');
    expect(logged).toMatchObject({ fault: 'resetAfterCommit', status: null });
  });

  it('slow: the answer is held back, so a client with a shorter time-out gives up', async () => {
    const sim = await simulatorWith([fault({ kind: 'slow', delay: '20s' })]);
    const started = sim.api(READ_PATH, { signal: AbortSignal.timeout(200) });
    await expect(started).rejects.toThrow(/abort|timeout/i);
    expect(sim.state.requests[0]?.fault).toBe('slow');
  });

  it('emptyBody: 200 with nothing in it', async () => {
    const sim = await simulatorWith([fault({ kind: 'emptyBody' })]);
    const answer = await plainRequest(sim, 'GET', READ_PATH);
    expect(answer).toMatchObject({ status: 200, text: '' });
  });

  it('htmlBody: 200 with an HTML page instead of JSON', async () => {
    const sim = await simulatorWith([fault({ kind: 'htmlBody' })]);
    const answer = await plainRequest(sim, 'GET', READ_PATH);
    if ('error' in answer) throw new Error(answer.error);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/text\/html/);
    expect(answer.text).toMatch(/^<!DOCTYPE html>/);
  });

  it('skip and count: the fault hits only the requests it is told to, and only matching ones', async () => {
    const sim = await simulatorWith([
      fault({
        kind: 'serverError',
        status: 500,
        method: 'GET',
        path: '/pipelines/1$',
        skip: 1,
        count: 2,
      }),
    ]);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const answer = await plainRequest(sim, 'GET', READ_PATH);
      statuses.push('status' in answer ? answer.status : -1);
    }
    expect(statuses).toEqual([200, 500, 500, 200]);
    const other = await plainRequest(sim, 'POST', RUN_PATH, {});
    expect('status' in other && other.status).toBe(200);
  });

  it('faults can be added at run time through the admin API', async () => {
    const sim = await simulatorWith([]);
    const added = await fetch(`${sim.rootUrl}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'throttle', retryAfter: 3, count: 'unlimited' }),
    });
    expect(added.status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const answer = await plainRequest(sim, 'GET', READ_PATH);
      expect('status' in answer && answer.status).toBe(429);
    }
    const refused = await fetch(`${sim.rootUrl}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'meteorStrike' }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toMatch(
      /"kind" must be one of throttle/,
    );
  });

  it('a token that expires mid-run: signed in before, refused after', async () => {
    const sim = await startTestSimulator(
      scenario({
        projects: [project({ pipelines: [pipeline({ id: 1, name: 'app' })] })],
        tokens: [
          {
            name: 'short',
            kind: 'pat',
            value: 'b'.repeat(52),
            user: 'Short Lived',
            userId: 'short@contoso',
            scopes: ['vso.build', 'vso.build_execute'],
            projects: null,
            repositories: null,
            denied: [],
            expiresAt: Date.UTC(2026, 0, 1, 9, 10, 0),
          },
        ],
      }),
    );
    const before = await plainRequest(sim, 'GET', READ_PATH);
    expect('status' in before && before.status).toBe(200);
    sim.manualClock.advance(10 * 60_000);
    const after = await plainRequest(sim, 'GET', READ_PATH);
    if ('error' in after) throw new Error(after.error);
    expect(after.status).toBe(203);
    expect(after.text).toMatch(/Sign In/);
    const suppressed = await sim.api(READ_PATH, {
      headers: { 'X-TFS-FedAuthRedirect': 'Suppress' },
    });
    expect(suppressed.status).toBe(401);
  });
});
