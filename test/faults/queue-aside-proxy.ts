/**
 * A loopback proxy in front of the simulator that plays a second client of the same identity:
 * when the answer to a create it forwards is lost (the simulator reset the connection after
 * acting), it has `aside` run (queue another run) before it passes the loss on. So "another run
 * appeared while the answer was lost" happens every time, with no timing involved.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningSimulator } from '../../src/simulator/index.ts';

/** Headers that describe one hop's connection, not the message. */
const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
]);

export interface QueueAsideProxy {
  /** The organization URL to give the CLI instead of the simulator's. */
  readonly organizationUrl: string;
  close(): Promise<void>;
}

export async function startQueueAsideProxy(
  sim: Pick<RunningSimulator, 'rootUrl' | 'organizationUrl'>,
  aside: () => Promise<void>,
): Promise<QueueAsideProxy> {
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && !HOP_BY_HOP.has(name)) headers[name] = value;
      }
      const method = req.method ?? 'GET';
      try {
        const answer = await fetch(`${sim.rootUrl}${req.url ?? '/'}`, {
          method,
          headers,
          ...(body.length > 0 ? { body } : {}),
        });
        const text = await answer.text();
        const sent: Record<string, string> = {};
        answer.headers.forEach((value, name) => {
          if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') sent[name] = value;
        });
        sent['content-length'] = String(Buffer.byteLength(text));
        res.writeHead(answer.status, sent);
        res.end(text);
      } catch {
        if (method === 'POST') await aside();
        res.destroy();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    organizationUrl: sim.organizationUrl.replace(sim.rootUrl, root),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
