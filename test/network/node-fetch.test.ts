import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createNodeFetch } from '../../src/net/node-fetch.ts';
import { closeAfterTest, closeTestServers } from '../helpers/servers.ts';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A loopback server that redirects `/go?to=URL&status=N` and answers anything else with 200. */
async function start(seen: Seen[]): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, body });
      if (url.pathname === '/go') {
        res.writeHead(Number(url.searchParams.get('status')), {
          Location: url.searchParams.get('to') ?? '/',
        });
        res.end();
        return;
      }
      if (url.pathname === '/empty') {
        res.writeHead(204);
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Seen': 'yes' });
      res.end(JSON.stringify({ path: url.pathname }));
    });
  });
  closeAfterTest(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const direct = createNodeFetch({ proxy: {}, certificateAuthorities: [] });

describe('the fetch used behind proxies and --ca-file', () => {
  it('answers with status, headers and body as fetch does', async () => {
    const base = await start([]);
    const response = await direct(`${base}/x`, { headers: { Accept: 'application/json' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-seen')).toBe('yes');
    expect(await response.json()).toEqual({ path: '/x' });
    expect(response.redirected).toBe(false);
    expect((await direct(`${base}/empty`)).status).toBe(204);
  });

  it('follows a same-origin redirect with the Authorization header, and says it redirected', async () => {
    const seen: Seen[] = [];
    const base = await start(seen);
    const response = await direct(`${base}/go?status=302&to=/signin`, {
      headers: { Authorization: 'Bearer abc' },
    });
    expect(response.redirected).toBe(true);
    expect(seen.map((entry) => [entry.path, entry.headers.authorization])).toEqual([
      ['/go', 'Bearer abc'],
      ['/signin', 'Bearer abc'],
    ]);
  });

  it('never carries the Authorization header to another origin', async () => {
    const seen: Seen[] = [];
    const other = await start(seen);
    const base = await start([]);
    await direct(`${base}/go?status=307&to=${encodeURIComponent(`${other}/elsewhere`)}`, {
      headers: { Authorization: 'Bearer abc' },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers.authorization).toBeUndefined();
  });

  it('a 303 after a POST goes on as a GET without the body; a 307 keeps both', async () => {
    const seen: Seen[] = [];
    const base = await start(seen);
    const init = {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'Content-Type': 'application/json' },
    };
    await direct(`${base}/go?status=303&to=/after303`, init);
    await direct(`${base}/go?status=307&to=/after307`, init);
    const after = seen.filter((entry) => entry.path.startsWith('/after'));
    expect(after.map((entry) => [entry.path, entry.method, entry.body])).toEqual([
      ['/after303', 'GET', ''],
      ['/after307', 'POST', '{"a":1}'],
    ]);
  });

  it('a refused connection rejects like fetch, with the code in the cause', async () => {
    const base = await start([]);
    const port = new URL(base).port;
    await closeTestServers();
    const error = await direct(`http://127.0.0.1:${port}/x`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });

  it('an aborted request rejects with the signal reason', async () => {
    const base = await start([]);
    const controller = new AbortController();
    controller.abort(new Error('stopped by the caller'));
    await expect(direct(`${base}/x`, { signal: controller.signal })).rejects.toThrow(
      'stopped by the caller',
    );
  });
});
