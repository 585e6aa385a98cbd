/**
 * A forward proxy on loopback, as a corporate network has: it tunnels https with CONNECT and, when
 * given credentials, refuses any request without them with 407. It records every tunnel asked for.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach } from 'vitest';

export interface ConnectRecord {
  /** `host:port` asked for. */
  readonly target: string;
  /** The `Proxy-Authorization` header, decoded (`user:password`), or `null`. */
  readonly credentials: string | null;
  readonly allowed: boolean;
}

export interface ConnectProxy {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly connects: ConnectRecord[];
}

const running: { server: Server; sockets: Set<Socket> }[] = [];
afterEach(async () => {
  await Promise.all(
    running.splice(0).map(
      ({ server, sockets }) =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

export async function startConnectProxy(
  options: { user?: string; password?: string } = {},
): Promise<ConnectProxy> {
  const connects: ConnectRecord[] = [];
  const sockets = new Set<Socket>();
  const expected = options.user !== undefined ? `${options.user}:${options.password ?? ''}` : null;
  const server = createServer((_req, res) => {
    res.writeHead(501);
    res.end('only CONNECT');
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    sockets.add(client);
    const header = req.headers['proxy-authorization'];
    const credentials =
      typeof header === 'string' && /^basic /i.test(header)
        ? Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')
        : null;
    const allowed = expected === null || credentials === expected;
    const target = req.url ?? '';
    connects.push({ target, credentials, allowed });
    if (!allowed) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    const [host, port] = [
      target.slice(0, target.lastIndexOf(':')),
      target.slice(target.lastIndexOf(':') + 1),
    ];
    const upstream = connect(Number(port), host.replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  running.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connects };
}
