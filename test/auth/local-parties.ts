/**
 * The other places an Entra ID token comes from, as local stand-ins: an App Service style managed
 * identity endpoint on loopback, and an `az` executable on the PATH.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { closeAfterTest } from '../helpers/servers.ts';

export interface ManagedIdentityEndpoint {
  /** IDENTITY_ENDPOINT */
  readonly endpoint: string;
  /** The resources asked for, in order. */
  readonly resources: string[];
}

/** Answers `GET ?api-version=2019-08-01&resource=...` with `X-IDENTITY-HEADER: header`. */
export async function startManagedIdentityEndpoint(
  header: string,
  token: string,
): Promise<ManagedIdentityEndpoint> {
  const resources: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.headers['x-identity-header'] !== header) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          statusCode: 401,
          message: 'Unauthorized: the X-IDENTITY-HEADER is not valid',
        }),
      );
      return;
    }
    resources.push(url.searchParams.get('resource') ?? '');
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        access_token: token,
        expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        resource: url.searchParams.get('resource'),
        token_type: 'Bearer',
      }),
    );
  });
  closeAfterTest(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}/msi/token`, resources };
}

/**
 * A directory holding a stand-in `az` that answers `az account get-access-token --output json
 * --resource R` with `token` (or, without one, as az does when nobody signed in), and writes the
 * arguments it got to `args.json` beside itself. Returns the PATH to run the CLI with.
 */
export function azureCliOnPath(token: string | null): { path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aztm-az-'));
  const script = `#!/usr/bin/env node
const { writeFileSync } = require('node:fs');
writeFileSync(${JSON.stringify(join(dir, 'args.json'))}, JSON.stringify(process.argv.slice(2)));
const token = ${JSON.stringify(token)};
if (token === null) {
  process.stderr.write("ERROR: Please run 'az login' to setup account.\\n");
  process.exit(1);
}
const expires = Math.floor(Date.now() / 1000) + 3600;
process.stdout.write(JSON.stringify({
  accessToken: token,
  expiresOn: new Date(expires * 1000).toISOString().replace('T', ' ').replace('Z', '000'),
  expires_on: expires,
  subscription: '00000000-0000-0000-0000-000000000000',
  tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  tokenType: 'Bearer',
}, null, 2));
`;
  const az = join(dir, 'az');
  writeFileSync(az, script);
  chmodSync(az, 0o755);
  return { path: `${dir}${delimiter}${process.env.PATH ?? ''}`, dir };
}
