import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Listens on `host` (loopback by default) and `port` (any free one by default); resolves with the
 * root URL once listening, or rejects with the listen error (a port in use).
 */
export async function listenOn(
  server: Server,
  options: { readonly host?: string; readonly port?: number; readonly tls: boolean },
): Promise<string> {
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
