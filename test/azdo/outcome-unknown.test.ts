/**
 * Whether a failed write may have been carried out (`AzureDevOpsError.outcomeUnknown`): the
 * trigger looks for what a create made exactly when this is set, and sends it again only when the
 * looks found nothing it made.
 */
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AzureDevOpsError, redactSecret } from '../../src/azdo/errors.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { startTestSimulator } from '../helpers/simulator.ts';
import { addFault, clientFor } from './client-helpers.ts';

const PROJECT = 'DevOps';

async function failure(promise: Promise<unknown>): Promise<AzureDevOpsError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AzureDevOpsError)) throw new Error('expected an AzureDevOpsError');
  return error;
}

describe('a failed write says whether the service may have acted', () => {
  it.each([
    ['reset after the service acted', { kind: 'resetAfterCommit' }, true],
    // The client cannot tell this from the case above: both are a reset after sending.
    ['reset before the service acted', { kind: 'resetBeforeHandling' }, true],
    ['an empty 200 (done, but unreadable)', { kind: 'emptyBody' }, true],
    // A 5xx or 429 may come from a gateway after the service acted: aztm cannot tell who sent it.
    ['500', { kind: 'serverError', status: 500 }, true],
    ['503 without Retry-After', { kind: 'serverError', status: 503 }, true],
    ['503 with Retry-After', { kind: 'serverError', status: 503, retryAfter: 1 }, true],
    ['429 with Retry-After', { kind: 'throttle', retryAfter: 1 }, true],
    ['a gateway’s 502 after the service acted', { kind: 'answerAfterCommit', status: 502 }, true],
    // The service's refusal: nothing was done.
    ['400', { kind: 'none' }, false],
  ])('POST, %s: outcomeUnknown is %s', async (_label, fault, unknown) => {
    const sim = await startTestSimulator(defaultScenario());
    if (fault.kind !== 'none') addFault(sim, { ...fault, method: 'POST' });
    const { client } = clientFor(sim);
    // Definition 7 takes no queue-time variable `nope`: the service refuses it (400).
    const body =
      fault.kind === 'none'
        ? { definition: { id: 7 }, parameters: JSON.stringify({ nope: '1' }) }
        : { definition: { id: 7 } };
    const error = await failure(client.builds.queue(PROJECT, body));
    expect(error.outcomeUnknown).toBe(unknown);
  });

  it('a PATCH answered 500 may have been carried out too', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const { client } = clientFor(sim, { retry: { maxAttempts: 1 } });
    const build = await client.builds.queue(PROJECT, { definition: { id: 7 } });
    addFault(sim, { kind: 'serverError', status: 500, method: 'PATCH' });
    const error = await failure(client.builds.cancel(PROJECT, build.id));
    expect(error).toMatchObject({ status: 500, outcomeUnknown: true });
  });

  it('POST that timed out: unknown', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'slow', method: 'POST', delay: '1s' });
    const { client } = clientFor(sim, { timeoutMs: 50 });
    const error = await failure(client.builds.queue(PROJECT, { definition: { id: 7 } }));
    expect(error).toMatchObject({ kind: 'network', outcomeUnknown: true });
  });

  it('POST whose connection was refused every time: nothing was sent, so known', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const sim = await startTestSimulator(defaultScenario());
    const { client } = clientFor(sim, {
      organizationUrl: `http://127.0.0.1:${port}/contoso`,
      retry: { maxAttempts: 1 },
    });
    const error = await failure(client.builds.queue(PROJECT, { definition: { id: 7 } }));
    expect(error).toMatchObject({ kind: 'network', outcomeUnknown: false });
  });

  it('a read never has an unknown outcome', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetBeforeHandling', method: 'GET', count: 'unlimited' });
    const { client } = clientFor(sim, { retry: { maxAttempts: 1 } });
    const error = await failure(client.builds.get(PROJECT, 1));
    expect(error).toMatchObject({ kind: 'network', outcomeUnknown: false });
  });

  it('masking a token keeps the mark', () => {
    const error = new AzureDevOpsError('no answer for secret-token-1', {
      kind: 'network',
      request: { method: 'POST', url: 'https://dev.azure.com/x' },
      status: null,
      outcomeUnknown: true,
    });
    const masked = redactSecret(error, 'secret-token-1');
    expect(masked.message).toBe('no answer for ***');
    expect(masked.outcomeUnknown).toBe(true);
  });
});
