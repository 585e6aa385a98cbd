import type { Server } from 'node:http';
import type { Server as TlsServer } from 'node:https';
import { afterEach } from 'vitest';

const servers: (Server | TlsServer)[] = [];
afterEach(closeTestServers);

/** Closes every server `closeAfterTest` was given, now. */
export async function closeTestServers(): Promise<void> {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
}

/** Closes `server` (a local party of a test: token endpoint, proxy, ...) after the test. */
export function closeAfterTest<T extends Server | TlsServer>(server: T): T {
  servers.push(server);
  return server;
}
