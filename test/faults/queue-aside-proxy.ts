/**
 * A loopback proxy in front of the simulator that plays a second client of the same identity at
 * the moment a create's answer is lost, so that "another run appeared while the answer was lost"
 * happens every time, with no timing involved:
 * - `startQueueAsideProxy`: when the answer to a create it forwards is lost (the simulator reset
 *   the connection after acting), it has `aside` run before it passes the loss on;
 * - `startDropCreateProxy`: the first create never reaches the simulator (a reset before the
 *   service acted); `aside` runs, then the connection is reset.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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

const CREATE = /\/_apis\/(pipelines\/\d+\/runs|build\/builds|release\/releases)(\?|$)/i;

export interface QueueAsideProxy {
  /** The organization URL to give the CLI instead of the simulator's. */
  readonly organizationUrl: string;
  close(): Promise<void>;
}

type Sim = Pick<RunningSimulator, 'rootUrl' | 'organizationUrl'>;

export function startQueueAsideProxy(
  sim: Sim,
  aside: () => Promise<void>,
): Promise<QueueAsideProxy> {
  return startProxy(sim, async (req, res, body) => {
    try {
      await forward(sim, req, res, body);
    } catch {
      if (req.method === 'POST') await aside();
      res.destroy();
    }
  });
}

export function startDropCreateProxy(
  sim: Sim,
  aside: () => Promise<void>,
): Promise<QueueAsideProxy> {
  let dropped = false;
  return startProxy(sim, async (req, res, body) => {
    if (!dropped && req.method === 'POST' && CREATE.test(req.url ?? '')) {
      dropped = true;
      await aside();
      res.destroy();
      return;
    }
    await forward(sim, req, res, body).catch(() => res.destroy());
  });
}

async function startProxy(
  sim: Sim,
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => Promise<void>,
): Promise<QueueAsideProxy> {
  const server = createServer((req, res) => {
    void readAll(req).then((body) => handle(req, res, body));
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

/** Sends the request on to the simulator and its answer back; rejects when none comes. */
async function forward(
  sim: Sim,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string' && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  const answer = await fetch(`${sim.rootUrl}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
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
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
