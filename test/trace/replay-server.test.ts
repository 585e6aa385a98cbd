import { afterEach, describe, expect, it } from 'vitest';
import {
  startReplayServer,
  type RunningReplayServer,
} from '../../src/simulator/replay/replay-server.ts';
import type { TraceRecord } from '../../src/trace/trace-record.ts';

const OLD = 'http://127.0.0.1:41793';

function record(method: string, url: string, status: number | null, body = '{}'): TraceRecord {
  return {
    t: '2026-01-01T00:00:00.000Z',
    method,
    url,
    status,
    requestHeaders: { Authorization: '***' },
    requestBody: null,
    responseHeaders:
      status === null
        ? null
        : {
            'content-type': 'application/json; charset=utf-8',
            'content-length': String(body.length),
          },
    responseBody: status === null ? null : body,
  };
}

const running: RunningReplayServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function replay(records: TraceRecord[], misses: string[] = []): Promise<RunningReplayServer> {
  const server = await startReplayServer({
    records,
    onMiss: (method, pathAndQuery) => misses.push(`${method} ${pathAndQuery}`),
  });
  running.push(server);
  return server;
}

describe('aztm simulate --replay: the replay server', () => {
  it('answers a request made several times in the order recorded, then the last answer again', async () => {
    const build = `${OLD}/contoso/DevOps/_apis/build/builds/7?api-version=7.1`;
    const server = await replay([
      record('GET', build, 200, '{"status":"inProgress"}'),
      record('GET', `${OLD}/contoso/DevOps/_apis/build/builds/7/timeline`, 200),
      record('GET', build, 200, '{"status":"completed"}'),
    ]);
    const read = async (): Promise<unknown> =>
      (await fetch(`${server.rootUrl}/contoso/DevOps/_apis/build/builds/7?api-version=7.1`)).json();

    expect(await read()).toEqual({ status: 'inProgress' });
    expect(await read()).toEqual({ status: 'completed' });
    expect(await read()).toEqual({ status: 'completed' });
  });

  it('matches on the method and the query too', async () => {
    const misses: string[] = [];
    const server = await replay(
      [record('POST', `${OLD}/contoso/DevOps/_apis/pipelines/42/runs?api-version=7.1`, 200)],
      misses,
    );
    const get = await fetch(
      `${server.rootUrl}/contoso/DevOps/_apis/pipelines/42/runs?api-version=7.1`,
    );
    const otherQuery = await fetch(
      `${server.rootUrl}/contoso/DevOps/_apis/pipelines/42/runs?api-version=7.0`,
      { method: 'POST', body: '{}' },
    );
    expect([get.status, otherQuery.status]).toEqual([404, 404]);
    expect(misses).toEqual([
      'GET /contoso/DevOps/_apis/pipelines/42/runs?api-version=7.1',
      'POST /contoso/DevOps/_apis/pipelines/42/runs?api-version=7.0',
    ]);
  });

  it('answers a request the trace does not hold with a 404 in the service error shape that says so', async () => {
    const server = await replay([record('GET', `${OLD}/contoso/_apis/connectionData`, 200)]);
    const answer = await fetch(`${server.rootUrl}/contoso/DevOps/_apis/build/builds/99`);

    expect(answer.status).toBe(404);
    const body = (await answer.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      '$id',
      'innerException',
      'message',
      'typeName',
      'typeKey',
      'errorCode',
      'eventId',
    ]);
    expect(body).toMatchObject({ $id: '1', innerException: null, errorCode: 0, eventId: 3000 });
    expect(body.message).toContain(
      'The trace holds no answer for GET /contoso/DevOps/_apis/build/builds/99',
    );
  });

  it('points the links of the traced host at itself, in bodies and headers, and leaves other hosts', async () => {
    const url = `${OLD}/contoso/DevOps/_apis/build/builds/7`;
    const traced = record(
      'GET',
      url,
      200,
      JSON.stringify({
        url,
        web: `${OLD}/contoso/_build?buildId=7`,
        other: 'http://127.0.0.1:417930/x',
      }),
    );
    const server = await replay([
      {
        ...traced,
        responseHeaders: { ...traced.responseHeaders, location: `${OLD}/contoso/next` },
      },
    ]);
    const answer = await fetch(`${server.rootUrl}/contoso/DevOps/_apis/build/builds/7`);

    expect(await answer.json()).toEqual({
      url: `${server.rootUrl}/contoso/DevOps/_apis/build/builds/7`,
      web: `${server.rootUrl}/contoso/_build?buildId=7`,
      other: 'http://127.0.0.1:417930/x',
    });
    expect(answer.headers.get('location')).toBe(`${server.rootUrl}/contoso/next`);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it.each([
    {
      what: 'the simulator (releases under /vsrm/)',
      urls: [
        `${OLD}/contoso/DevOps/_apis/build/definitions/42`,
        `${OLD}/contoso/_apis/ResourceAreas`,
        `${OLD}/vsrm/contoso/DevOps/_apis/release/releases`,
      ],
      organization: '/contoso',
      release: '/vsrm/contoso',
    },
    {
      what: 'dev.azure.com (releases on vsrm.dev.azure.com, the same path)',
      urls: [
        'https://dev.azure.com/contoso/DevOps/_apis/pipelines/42/runs',
        'https://vsrm.dev.azure.com/contoso/DevOps/_apis/release/releases/5',
      ],
      organization: '/contoso',
      release: null,
    },
    {
      what: 'a Server collection',
      urls: ['https://tfs.example.com/tfs/DefaultCollection/Infra/_apis/build/builds/3'],
      organization: '/tfs/DefaultCollection',
      release: null,
    },
  ])('finds the organization and release URLs of a trace of $what', async (row) => {
    const server = await replay(row.urls.map((url) => record('GET', url, 200)));
    expect(server.organizationUrl).toBe(`${server.rootUrl}${row.organization}`);
    expect(server.releaseUrl).toBe(row.release === null ? null : `${server.rootUrl}${row.release}`);
  });

  it('closes the connection where the trace recorded no answer', async () => {
    const server = await replay([
      record('GET', `${OLD}/contoso/DevOps/_apis/build/builds/7`, null),
    ]);
    await expect(fetch(`${server.rootUrl}/contoso/DevOps/_apis/build/builds/7`)).rejects.toThrow(
      'fetch failed',
    );
  });
});
