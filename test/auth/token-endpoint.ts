/**
 * A stand-in Entra ID on loopback, served over HTTPS with the test CA: the OpenID metadata MSAL
 * reads and the v2 token endpoint, for client credentials with a secret, with a certificate-signed
 * assertion, or with a federated token (workload identity). It checks what it is sent, as Entra
 * ID does, and records it.
 */
import { createPublicKey, verify, constants } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { TLS } from '../helpers/tls-fixtures.ts';
import { closeAfterTest } from '../helpers/servers.ts';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const CLIENT_ID = '3c1d2a10-6d3a-4c39-9d42-0c8d6f8e1b27';
export const DEVOPS_SCOPE = '499b84ac-1321-427f-aa17-267ca6975798/.default';

export interface TokenRequest {
  readonly grant: 'secret' | 'certificate' | 'federated';
  readonly clientId: string;
  readonly scope: string;
}

export interface TokenEndpointOptions {
  /** The secret a `client_secret` must match. */
  readonly secret?: string;
  /** The federated token a workload identity's `client_assertion` must be. */
  readonly federatedToken?: string;
  /** The access tokens to hand out, one per request (the last one again when they run out). */
  readonly tokens: readonly string[];
  /** `expires_in` of each token, in seconds. */
  readonly expiresIn?: number;
  /** Called when a token is handed out, with its index. */
  readonly onIssue?: (index: number) => void;
  /**
   * Also play Azure Pipelines' OIDC endpoint (SYSTEM_OIDCREQUESTURI = `${authorityHost}/oidc`):
   * hand `federatedToken` to a POST with this job token for this service connection.
   */
  readonly oidc?: { readonly jobToken: string; readonly serviceConnectionId: string };
}

export interface TokenEndpoint {
  /** What AZURE_AUTHORITY_HOST should be. */
  readonly authorityHost: string;
  readonly requests: TokenRequest[];
  /** The service connection ids the OIDC endpoint was asked for. */
  readonly oidcRequests: string[];
}

export async function startTokenEndpoint(options: TokenEndpointOptions): Promise<TokenEndpoint> {
  const requests: TokenRequest[] = [];
  const oidcRequests: string[] = [];
  let issued = 0;
  let base = '';
  const server = createServer({ key: TLS.serverKey, cert: TLS.serverCert }, (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      const path = url.pathname;
      const reply = (status: number, value: unknown): void => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.method === 'GET' && path === `/${TENANT}/v2.0/.well-known/openid-configuration`) {
        return reply(200, {
          issuer: `${base}/${TENANT}/v2.0`,
          token_endpoint: `${base}/${TENANT}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/${TENANT}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${base}/${TENANT}/oauth2/v2.0/logout`,
          jwks_uri: `${base}/${TENANT}/discovery/v2.0/keys`,
        });
      }
      if (req.method === 'POST' && path === '/oidc' && options.oidc) {
        const connection = url.searchParams.get('serviceConnectionId') ?? '';
        oidcRequests.push(connection);
        const allowed =
          req.headers.authorization === `Bearer ${options.oidc.jobToken}` &&
          connection === options.oidc.serviceConnectionId;
        return allowed
          ? reply(200, { oidcToken: options.federatedToken })
          : reply(401, { message: 'TF400813: not authorized' });
      }
      if (req.method !== 'POST' || path !== `/${TENANT}/oauth2/v2.0/token`) {
        return reply(404, { error: 'not_found' });
      }
      const form = new URLSearchParams(body);
      const clientId = form.get('client_id') ?? '';
      const scope = form.get('scope') ?? '';
      const refuse = (description: string): void =>
        reply(401, { error: 'invalid_client', error_description: description });
      let grant: TokenRequest['grant'];
      const assertion = form.get('client_assertion');
      if (form.has('client_secret')) {
        grant = 'secret';
        if (form.get('client_secret') !== options.secret) {
          return refuse(
            `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.\r\nTrace ID: 0b6b2e0e-1234\r\nCorrelation ID: 5d0c\r\nTimestamp: 2026-11-26 08:00:00Z`,
          );
        }
      } else if (assertion && assertion === options.federatedToken) {
        grant = 'federated';
      } else if (
        assertion &&
        signedByClientCertificate(assertion, `${base}/${TENANT}/oauth2/v2.0/token`)
      ) {
        grant = 'certificate';
      } else {
        return refuse(
          'AADSTS700024: Client assertion is not within its valid time range or was not signed by a registered certificate.',
        );
      }
      requests.push({ grant, clientId, scope });
      if (clientId !== CLIENT_ID) {
        return reply(400, {
          error: 'unauthorized_client',
          error_description: `AADSTS700016: Application with identifier '${clientId}' was not found in the directory.`,
        });
      }
      const index = Math.min(issued, options.tokens.length - 1);
      issued++;
      options.onIssue?.(index);
      return reply(200, {
        token_type: 'Bearer',
        expires_in: options.expiresIn ?? 3600,
        ext_expires_in: options.expiresIn ?? 3600,
        access_token: options.tokens[index],
      });
    });
  });
  closeAfterTest(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { authorityHost: base, requests, oidcRequests };
}

/**
 * A client assertion (RFC 7523) signed with the test client certificate's key, for this token
 * endpoint: RS256 or PS256, as MSAL signs it.
 */
function signedByClientCertificate(assertion: string, audience: string): boolean {
  const [header, payload, signature] = assertion.split('.');
  if (!header || !payload || !signature) return false;
  const head = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string };
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
    aud?: string;
    iss?: string;
    exp?: number;
  };
  if (claims.aud !== audience || claims.iss !== CLIENT_ID) return false;
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return false;
  const key = createPublicKey(TLS.clientCert);
  const data = Buffer.from(`${header}.${payload}`);
  const sig = Buffer.from(signature, 'base64url');
  if (head.alg === 'RS256') return verify('sha256', data, key, sig);
  if (head.alg === 'PS256') {
    return verify(
      'sha256',
      data,
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
      sig,
    );
  }
  return false;
}

/** A JWT-shaped access token (never a real one): what the simulator is told to accept. */
export function fakeAccessToken(label: string): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'RS256' })}.${part({ aud: '499b84ac-1321-427f-aa17-267ca6975798', sub: label })}.${Buffer.from(`signature of ${label}`).toString('base64url')}`;
}
