/**
 * A loopback HTTP proxy in front of a running simulator that records every request and answer,
 * so that a whole session (the Node client, fetch, or the CLI as a child process) can be checked
 * against the specs with `checkExchanges`. The simulator itself keeps no response bodies.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import type { Exchange } from './requests.ts';

export interface RecordingProxy {
  /** Use these instead of the simulator's: requests sent there are recorded. */
  readonly organizationUrl: string;
  readonly releaseUrl: string;
  /** In the order the answers completed. */
  readonly exchanges: readonly Exchange[];
  close(): Promise<void>;
}

/** Headers that describe one hop's connection, not the message: not forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/**
 * Starts the proxy. The simulator writes absolute URLs into its answers (the release host's
 * `locationUrl`, `_links`, `url`); the proxy rewrites its root to the proxy's own in what the
 * client receives, so that a client following them stays on the recorded path.
 */
export async function startRecordingProxy(
  sim: Pick<RunningSimulator, 'rootUrl' | 'organizationUrl' | 'releaseUrl'>,
): Promise<RecordingProxy> {
  const target = new URL(sim.rootUrl);
  const exchanges: Exchange[] = [];
  let proxyRoot = '';
  const server = createServer((req, res) => {
    void (async () => {
      const requestText = await readAll(req);
      const forwarded = await forward(target, req, requestText).catch(() => null);
      const method = (req.method ?? 'GET').toUpperCase();
      const url = req.url ?? '/';
      if (!forwarded) {
        exchanges.push({
          method,
          url,
          requestBody: parse(requestText),
          status: null,
          response: null,
        });
        res.destroy();
        return;
      }
      const contentType = String(forwarded.headers['content-type'] ?? '');
      exchanges.push({
        method,
        url,
        requestBody: parse(requestText),
        status: forwarded.status,
        response: { contentType, text: forwarded.text },
      });
      const text = forwarded.text.split(sim.rootUrl).join(proxyRoot);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(forwarded.headers)) {
        if (value === undefined || HOP_BY_HOP.has(name)) continue;
        headers[name] = (Array.isArray(value) ? value.join(', ') : value)
          .split(sim.rootUrl)
          .join(proxyRoot);
      }
      headers['content-length'] = String(Buffer.byteLength(text));
      res.writeHead(forwarded.status, headers);
      res.end(text);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxyRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    organizationUrl: sim.organizationUrl.replace(sim.rootUrl, proxyRoot),
    releaseUrl: sim.releaseUrl.replace(sim.rootUrl, proxyRoot),
    exchanges,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

interface ForwardedResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

function forward(target: URL, req: IncomingMessage, body: string): Promise<ForwardedResponse> {
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!HOP_BY_HOP.has(name) && name !== 'host') headers[name] = value;
  }
  if (body.length > 0) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers,
      },
      (answer) => {
        readAll(answer).then(
          (text) => resolve({ status: answer.statusCode ?? 0, headers: answer.headers, text }),
          reject,
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function readAll(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

/** The request body as JSON, the raw text when it is not JSON, `undefined` for none. */
function parse(text: string): unknown {
  if (text.trim().length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
