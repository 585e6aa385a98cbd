import { describe, expect, it } from 'vitest';
import { scenario, TEST_PAT } from '../helpers/scenario-builder.ts';
import { startTestSimulator } from '../helpers/simulator.ts';
import { startRecordingProxy } from './recording-proxy.ts';
import { checkExchange, checkExchanges, checkRequestLog, type Exchange } from './requests.ts';

const RUN = '/contoso/Infrastructure/_apis/pipelines/7/runs/1000';

function exchange(overrides: Partial<Exchange> & { json?: unknown }): Exchange {
  const { json, ...rest } = overrides;
  return {
    method: 'GET',
    url: RUN,
    requestBody: undefined,
    status: 200,
    response: {
      contentType: 'application/json; charset=utf-8',
      text: JSON.stringify(json ?? { id: 1000, state: 'inProgress' }),
    },
    ...rest,
  };
}

describe('checkExchange', () => {
  it('passes a spec-valid answer', () => {
    expect(checkExchange(exchange({}))).toEqual([]);
  });

  it('fails an answer with an invented field', () => {
    expect(checkExchange(exchange({ json: { id: 1000, stage: 'Build' } }))).toEqual([
      "(root) has a field the spec does not define: 'stage'",
    ]);
  });

  it('fails a request body of the wrong type', () => {
    const queue = exchange({
      method: 'POST',
      url: '/contoso/Infrastructure/_apis/pipelines/7/runs',
      requestBody: { templateParameters: { env: 3 }, stagesToSkip: 'Deploy' },
    });
    expect(checkExchange(queue)).toEqual([
      '/stagesToSkip is "Deploy", but must be array or null',
      '/templateParameters/env is 3, but must be string',
    ]);
  });

  it('fails a request for no operation of the specs', () => {
    expect(
      checkExchange(exchange({ url: '/contoso/Infrastructure/_apis/pipelines/7/jobs' })),
    ).toEqual(['no operation of the specs is GET /contoso/Infrastructure/_apis/pipelines/7/jobs']);
  });

  it('fails text where the spec promises JSON', () => {
    const html = exchange({ response: { contentType: 'text/html', text: '<html></html>' } });
    expect(checkExchange(html)).toEqual(['(root) the response has no JSON body']);
  });

  it('fails a discovery answer of the wrong shape (§8.2)', () => {
    const options = exchange({
      method: 'OPTIONS',
      url: '/contoso/_apis/build',
      json: { count: 1, value: [{ id: 'x', area: 'build' }] },
    });
    expect(checkExchange(options)).toEqual(
      expect.arrayContaining([
        '/value/0/id must match format "uuid"',
        "/value/0 must have required property 'routeTemplate'",
      ]),
    );
  });

  it.each([
    ['the admin API', exchange({ url: '/_sim/requests', json: { anything: true } })],
    ['an injected fault', exchange({ fault: 'htmlBody', json: { stage: 1 } })],
    ['an unanswered request', exchange({ status: null, response: null })],
    [
      'the 203 sign-in page (§5)',
      exchange({ status: 203, response: { contentType: 'text/html', text: '<html/>' } }),
    ],
  ])('skips %s', (_label, skipped) => {
    expect(checkExchange(skipped)).toEqual([]);
  });

  it('names the exchange of each problem in a session', () => {
    const bad = exchange({ json: { id: '1000' } });
    expect(checkExchanges([exchange({}), bad])).toEqual([
      `GET ${RUN}: /id is "1000", but must be integer or null`,
    ]);
  });
});

describe('checkRequestLog', () => {
  it('fails a request body the spec refuses, from the simulator’s own log', async () => {
    const sim = await startTestSimulator(scenario());
    await sim.api('Infrastructure/_apis/build/builds/1000?api-version=7.1', {
      method: 'PATCH',
      json: { status: 'stopping' },
    });
    expect(checkRequestLog(sim)).toEqual([
      expect.stringMatching(
        /^PATCH \/contoso\/Infrastructure\/_apis\/build\/builds\/1000\?api-version=7\.1: \/status is "stopping", not one of the spec's values/,
      ),
    ]);
  });

  it('passes a session of valid requests', async () => {
    const sim = await startTestSimulator(scenario());
    await sim.api('_apis/connectionData');
    await sim.api('Infrastructure/_apis/build/builds?api-version=7.1');
    expect(sim.state.requests).toHaveLength(2);
    expect(checkRequestLog(sim)).toEqual([]);
  });
});

describe('startRecordingProxy', () => {
  it('records both directions and keeps the client on the proxy', async () => {
    const sim = await startTestSimulator(scenario());
    const proxy = await startRecordingProxy(sim);
    try {
      const authorization = `Basic ${Buffer.from(`:${TEST_PAT}`).toString('base64')}`;
      const response = await fetch(`${proxy.organizationUrl}/_apis/ResourceAreas`, {
        headers: { authorization },
      });
      const areas = (await response.json()) as { value: { name: string; locationUrl: string }[] };
      const release = areas.value.find((area) => area.name === 'Release');
      // The simulator's own URLs come back rewritten to the proxy's.
      expect(release?.locationUrl).toBe(`${proxy.releaseUrl}/`);
      expect(proxy.exchanges).toHaveLength(1);
      const recorded = proxy.exchanges[0];
      expect(recorded).toMatchObject({
        method: 'GET',
        url: '/contoso/_apis/ResourceAreas',
        status: 200,
      });
      // Recorded as the simulator sent it, before the rewrite.
      expect(recorded?.response?.text).toContain(`"locationUrl":"${sim.releaseUrl}/"`);
      expect(checkExchanges(proxy.exchanges)).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
