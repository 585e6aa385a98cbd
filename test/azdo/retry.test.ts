import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createAzureDevOpsClient } from '../../src/azdo/client.ts';
import { AzureDevOpsError } from '../../src/azdo/errors.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { startTestSimulator } from '../helpers/simulator.ts';
import { addFault, clientFor, fakeTime, requestsTo } from './client-helpers.ts';

const PROJECT = 'DevOps';
const DEFINITION = /_apis\/build\/definitions\/7$/;
const QUEUE = /_apis\/build\/builds$/;

/** A loopback URL nothing listens on: connecting to it is refused. */
async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/contoso`;
}

async function failure(promise: Promise<unknown>): Promise<AzureDevOpsError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AzureDevOpsError)) throw new Error(`expected an AzureDevOpsError`);
  return error;
}

describe('reads are retried', () => {
  it('on 429, waiting what Retry-After says, and tells onRetry each time', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'throttle', method: 'GET', retryAfter: 7, count: 2 });
    const { client, time, retries } = clientFor(sim);
    const definition = await client.builds.getDefinition(PROJECT, 7);
    expect(definition.name).toBe('nightly');
    expect(time.delays).toEqual([7000, 7000]);
    expect(retries.map(({ attempt, delayMs, reason }) => ({ attempt, delayMs, reason }))).toEqual([
      { attempt: 1, delayMs: 7000, reason: 'HTTP 429' },
      { attempt: 2, delayMs: 7000, reason: 'HTTP 429' },
    ]);
    expect(requestsTo(sim, 'GET', DEFINITION)).toHaveLength(3);
  });

  it('on 5xx without Retry-After, with exponential backoff and full jitter', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'serverError', method: 'GET', status: 503, count: 3 });
    const { client, time } = clientFor(sim);
    await client.builds.getDefinition(PROJECT, 7);
    // random() = 0.5 of 1 s, 2 s, 4 s.
    expect(time.delays).toEqual([500, 1000, 2000]);
  });

  it('the backoff ceiling stops at 30 s', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'serverError', method: 'GET', status: 500, count: 7 });
    const time = fakeTime(0.999);
    const { client } = clientFor(sim, {
      retry: { ...time.retry, maxAttempts: 10, maxElapsedMs: 600_000 },
    });
    await client.builds.getDefinition(PROJECT, 7);
    expect(time.delays.map((ms) => Math.round(ms / 1000))).toEqual([1, 2, 4, 8, 16, 30, 30]);
  });

  it('when the connection is reset before an answer', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetBeforeHandling', method: 'GET' });
    const { client, retries } = clientFor(sim);
    await client.builds.getDefinition(PROJECT, 7);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.reason).toMatch(/^network: /);
  });

  it('Retry-After as an HTTP date is the time left until then', async () => {
    const time = fakeTime();
    let calls = 0;
    const client = createAzureDevOpsClient({
      organizationUrl: 'contoso',
      credential: { scheme: 'basic', secret: 'p'.repeat(52) },
      retry: time.retry,
      fetch: () => {
        calls += 1;
        const at = new Date(time.retry.now() + 5_000).toUTCString();
        return Promise.resolve(
          calls === 1
            ? new Response('', { status: 429, headers: { 'Retry-After': at } })
            : Response.json({ id: 1 }),
        );
      },
    });
    await client.builds.get(PROJECT, 1);
    expect(time.delays).toEqual([5000]);
  });

  it('gives up after the last attempt with a throttled error', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'throttle', method: 'GET', retryAfter: 1, count: 'unlimited' });
    const time = fakeTime();
    const { client } = clientFor(sim, { retry: { ...time.retry, maxAttempts: 3 } });
    const error = await failure(client.builds.getDefinition(PROJECT, 7));
    expect(error).toMatchObject({ kind: 'throttled', status: 429 });
    expect(error.message).toMatch(/^TF400733/);
    expect(requestsTo(sim, 'GET', DEFINITION)).toHaveLength(3);
    expect(time.delays).toEqual([1000, 1000]);
  });

  it('does not wait past the deadline: a Retry-After beyond it fails at once', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'throttle', method: 'GET', retryAfter: 600 });
    const { client, time } = clientFor(sim);
    expect((await failure(client.builds.getDefinition(PROJECT, 7))).kind).toBe('throttled');
    expect(time.delays).toEqual([]);
  });

  it('a GET that times out is tried again', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'slow', method: 'GET', delay: '1s' });
    const { client, retries } = clientFor(sim, { timeoutMs: 50 });
    expect((await client.builds.getDefinition(PROJECT, 7)).id).toBe(7);
    expect(retries.map((event) => event.reason)).toEqual(['time-out after 0.05 s']);
  });
});

describe('retry listeners', () => {
  it('client.onRetry adds a listener until its unsubscribe is called', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'serverError', method: 'GET', status: 502, count: 2 });
    const { client } = clientFor(sim);
    const heard: string[] = [];
    const unsubscribe = client.onRetry((event) => heard.push(`${event.method} ${event.reason}`));
    await client.builds.getDefinition(PROJECT, 7);
    unsubscribe();
    addFault(sim, { kind: 'serverError', method: 'GET', status: 502 });
    await client.builds.getDefinition(PROJECT, 7);
    expect(heard).toEqual(['GET HTTP 502', 'GET HTTP 502']);
  });
});

describe('the service asking to slow down', () => {
  it('X-RateLimit-Delay on a 200 delays the next request by as much', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'rateLimitDelay', method: 'GET', delay: '2.5s' });
    const { client, time, retries } = clientFor(sim);
    await client.builds.getDefinition(PROJECT, 7);
    expect(time.delays).toEqual([]);
    await client.builds.getDefinition(PROJECT, 7);
    expect(time.delays).toEqual([2500]);
    expect(retries).toEqual([]);
  });
});

describe('writes are not repeated unless the service certainly did not act', () => {
  it('a POST answered 500 is not retried', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'serverError', method: 'POST', status: 500 });
    const { client, retries } = clientFor(sim);
    const error = await failure(client.builds.queue(PROJECT, { definition: { id: 7 } }));
    expect(error).toMatchObject({ kind: 'server', status: 500 });
    expect(requestsTo(sim, 'POST', QUEUE)).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('a POST whose connection is reset after the service acted is not retried: one build', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST' });
    const { client } = clientFor(sim);
    const error = await failure(client.builds.queue(PROJECT, { definition: { id: 7 } }));
    expect(error.kind).toBe('network');
    expect(error.status).toBeNull();
    expect(sim.state.builds.size).toBe(1);
    expect(requestsTo(sim, 'POST', QUEUE)).toHaveLength(1);
  });

  it('a POST that times out is not retried', async () => {
    const sim = await startTestSimulator(defaultScenario());
    // Long enough that the request reaches the simulator even on a busy machine.
    addFault(sim, { kind: 'slow', method: 'POST', delay: '3s' });
    const { client } = clientFor(sim, { timeoutMs: 400 });
    const error = await failure(client.builds.queue(PROJECT, { definition: { id: 7 } }));
    expect(error).toMatchObject({ kind: 'network' });
    expect(error.message).toMatch(/no answer within 0.4 s/);
    expect(requestsTo(sim, 'POST', QUEUE)).toHaveLength(1);
  });

  it.each([
    ['serverError', 503],
    ['throttle', 429],
    ['answerAfterCommit', 503],
    ['answerAfterCommit', 429],
  ])(
    'a POST answered %s %i with Retry-After is not retried: a gateway may send it after the service acted',
    async (kind, status) => {
      const sim = await startTestSimulator(defaultScenario());
      addFault(sim, {
        kind,
        method: 'POST',
        status: kind === 'throttle' ? undefined : status,
        retryAfter: 2,
      });
      const { client, retries } = clientFor(sim);
      const error = await failure(client.builds.queue(PROJECT, { definition: { id: 7 } }));
      expect(error).toMatchObject({ status, outcomeUnknown: true });
      expect(retries).toEqual([]);
      expect(requestsTo(sim, 'POST', QUEUE)).toHaveLength(1);
      expect(sim.state.builds.size).toBe(kind === 'answerAfterCommit' ? 1 : 0);
    },
  );

  it('the Retry-After of a POST’s answer still holds back the next request', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'serverError', method: 'POST', status: 503, retryAfter: 2 });
    const { client, time } = clientFor(sim);
    await failure(client.builds.queue(PROJECT, { definition: { id: 7 } }));
    await client.builds.listRecent(PROJECT, { definitionId: 7, top: 1, continuationToken: null });
    expect(time.delays).toEqual([2000]);
  });

  it('a POST answered 503 without Retry-After is not retried', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'serverError', method: 'POST', status: 503 });
    const error = await failure(
      clientFor(sim).client.builds.queue(PROJECT, { definition: { id: 7 } }),
    );
    expect(error.kind).toBe('server');
    expect(requestsTo(sim, 'POST', QUEUE)).toHaveLength(1);
  });

  it('a POST whose connection was refused (nothing sent) is retried', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const refused = await refusedUrl();
    let calls = 0;
    const { client, retries } = clientFor(sim, {
      fetch: (input, init) => {
        calls += 1;
        // The first attempt goes to a port nobody listens on.
        const url = calls === 1 ? `${refused}/DevOps/_apis/build/builds` : input;
        return fetch(url, init);
      },
    });
    const build = await client.builds.queue(PROJECT, { definition: { id: 7 } });
    expect(build.id).toBeGreaterThan(0);
    expect(retries.map((event) => event.reason)).toEqual(['network: ECONNREFUSED']);
    expect(sim.state.builds.size).toBe(1);
  });
});
