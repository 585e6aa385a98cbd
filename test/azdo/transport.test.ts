import { describe, expect, it } from 'vitest';
import { createAzureDevOpsClient } from '../../src/azdo/client.ts';
import { AzureDevOpsError } from '../../src/azdo/errors.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { checkRequestLog } from '../contract/requests.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';
import { clientFor, fakeTime, requestsTo } from './client-helpers.ts';

const PROJECT = 'DevOps';
const BEARER = defaultScenario().tokens.find((token) => token.name === 'job')?.value ?? '';

/** A fetch that records each request's headers and passes it on. */
function recordingFetch(): { fetch: typeof fetch; headers: Headers[] } {
  const headers: Headers[] = [];
  return {
    headers,
    fetch: (input, init) => {
      headers.push(new Headers(init?.headers));
      return fetch(input, init);
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<AzureDevOpsError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AzureDevOpsError))
    throw new Error(`expected an AzureDevOpsError, got ${String(error)}`);
  return error;
}

describe('transport: what every request carries', () => {
  it('a PAT goes out as Basic with an empty user name, a bearer token as Bearer', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const basic = recordingFetch();
    await clientFor(sim, { fetch: basic.fetch }).client.builds.getDefinition(PROJECT, 7);
    const encoded = Buffer.from(`:${sim.token.value}`).toString('base64');
    expect(basic.headers[0]?.get('authorization')).toBe(`Basic ${encoded}`);

    const bearer = recordingFetch();
    await clientFor(sim, {
      fetch: bearer.fetch,
      credential: { scheme: 'bearer', secret: BEARER },
    }).client.builds.getDefinition(PROJECT, 7);
    expect(bearer.headers[0]?.get('authorization')).toBe(`Bearer ${BEARER}`);
    // The simulator accepted both: signed in as the admin PAT, then as the job token.
    expect(sim.state.requests.map((entry) => entry.identity)).toEqual(['admin', 'job']);
  });

  it('sends the Suppress header, the api-version in Accept, a User-Agent and JSON bodies', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { client } = clientFor(sim);
    await client.builds.queue(PROJECT, { definition: { id: 7 } });
    const [post] = requestsTo(sim, 'POST', /_apis\/build\/builds$/);
    expect(post?.headers).toMatchObject({
      'x-tfs-fedauthredirect': 'Suppress',
      accept: 'application/json;api-version=7.1',
      'content-type': 'application/json',
      'user-agent': expect.stringMatching(/^aztm\/\S+$/),
    });
    expect(post?.body).toEqual({ definition: { id: 7 } });
  });

  it('uses the api-version the client was created with, for older servers', async () => {
    const sim = await startTestSimulator(defaultScenario());
    await clientFor(sim, { apiVersion: '7.0' })
      .client.builds.get(PROJECT, 1)
      .catch(() => null);
    expect(sim.state.requests[0]?.headers.accept).toBe('application/json;api-version=7.0');
  });
});

describe('transport: errors', () => {
  it('a token the service does not know is a sign-in failure that never shows the token', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const secret = 'x'.repeat(52);
    const { client, retries } = clientFor(sim, { credential: { scheme: 'basic', secret } });
    const error = await rejection(client.builds.getDefinition(PROJECT, 7));
    expect(error).toMatchObject({ kind: 'signIn', status: 401 });
    expect(error.message).toMatch(/wrong, has expired, or lacks access/);
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
    expect(retries).toEqual([]);
  });

  it('a 203 with the HTML sign-in page is a sign-in failure, never a success', async () => {
    const page = '<html><body>Sign in to your account</body></html>';
    const client = createAzureDevOpsClient({
      organizationUrl: 'https://dev.azure.com/contoso',
      credential: { scheme: 'basic', secret: 'p'.repeat(52) },
      fetch: () =>
        Promise.resolve(
          new Response(page, { status: 203, headers: { 'content-type': 'text/html' } }),
        ),
      retry: fakeTime().retry,
    });
    const error = await rejection(client.builds.get(PROJECT, 1));
    expect(error).toMatchObject({ kind: 'signIn', status: 203 });
    expect(error.request).toEqual({
      method: 'GET',
      url: 'https://dev.azure.com/contoso/DevOps/_apis/build/builds/1',
    });
  });

  it("a refused queue carries the service's typeKey, message and ValidationResults", async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { client } = clientFor(sim);
    const error = await rejection(
      client.builds.queue(PROJECT, {
        definition: { id: 7 },
        parameters: JSON.stringify({ notDefined: 'x' }),
      }),
    );
    expect(error).toMatchObject({
      kind: 'validation',
      status: 400,
      typeKey: 'BuildRequestValidationFailedException',
      serviceMessage: 'Could not queue the build because there were validation errors or warnings.',
    });
    expect(error.validationResults).toEqual([
      {
        result: 'error',
        message: expect.stringContaining("can't set the following variables (notDefined)"),
      },
    ]);
    // The detail is in the message too: it is what the user reads.
    expect(error.message).toContain('notDefined');
  });

  it.each([
    [403, 'permission'],
    [404, 'notFound'],
    [409, 'validation'],
  ] as const)('HTTP %i is a %s error', async (status, kind) => {
    const body = JSON.stringify({ message: 'refused', typeKey: 'SomeException' });
    const client = createAzureDevOpsClient({
      organizationUrl: 'contoso',
      credential: { scheme: 'basic', secret: 'p'.repeat(52) },
      fetch: () => Promise.resolve(new Response(body, { status })),
      retry: fakeTime().retry,
    });
    expect(await rejection(client.builds.get(PROJECT, 1))).toMatchObject({
      kind,
      status,
      typeKey: 'SomeException',
      message: 'refused',
    });
  });

  it('masks the token when a service message happens to contain it', async () => {
    const secret = 'secret-token-value-0123456789';
    const client = createAzureDevOpsClient({
      organizationUrl: 'contoso',
      credential: { scheme: 'bearer', secret },
      fetch: () =>
        Promise.resolve(
          new Response(JSON.stringify({ message: `bad token ${secret}` }), { status: 400 }),
        ),
    });
    const error = await rejection(client.builds.get(PROJECT, 1));
    expect(error.message).toBe('bad token ***');
    expect(error.serviceMessage).not.toContain(secret);
  });

  it.each([
    ['emptyBody', /an empty body/],
    ['htmlBody', /an HTML page/],
  ])('a 200 with %s where JSON was expected is a bad answer', async (kind, message) => {
    const sim = await startTestSimulator(defaultScenario());
    sim.state.addFault({
      kind: kind as 'emptyBody' | 'htmlBody',
      match: { method: 'GET', path: null },
      skip: 0,
      count: 1,
      status: 503,
      retryAfterSeconds: null,
      delayMs: 0,
    });
    const error = await rejection(clientFor(sim).client.builds.getDefinition(PROJECT, 7));
    expect(error.kind).toBe('badAnswer');
    expect(error.message).toMatch(message);
  });

  it("honours the caller's abort signal: no request is retried", async () => {
    const sim: TestSimulator = await startTestSimulator(defaultScenario());
    const { client, retries } = clientFor(sim);
    const aborted = client.builds.getDefinition(PROJECT, 7, { signal: AbortSignal.abort() });
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect(retries).toEqual([]);
    expect(checkRequestLog(sim)).toEqual([]);
  });
});
