/**
 * An https Agent that reaches its servers through an HTTP proxy's CONNECT tunnel, then verifies
 * the server's certificate end to end as a direct connection would. Loaded only when a proxy is
 * configured (network.ts).
 */
import { request as httpRequest } from 'node:http';
import { Agent, type AgentOptions, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { describeProxy } from './proxy.ts';
import { PROXY_AUTH_CODE } from './tls-errors.ts';

/** The `Proxy-Authorization` header for credentials in the proxy URL, if any. */
export function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username && !proxy.password) return {};
  const user = decodeURIComponent(proxy.username);
  const password = decodeURIComponent(proxy.password);
  return {
    'Proxy-Authorization': `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  };
}

/** Raised when the proxy will not open the tunnel; its message never holds the credentials. */
class ProxyRefusedError extends Error {
  readonly code: string;
  constructor(proxy: URL, status: number | undefined, target: string) {
    const refused =
      status === 407
        ? `the proxy ${describeProxy(proxy)} refused the credentials (HTTP 407): check the user name and password in HTTPS_PROXY`
        : `the proxy ${describeProxy(proxy)} would not connect to ${target} (HTTP ${status ?? '?'})`;
    super(refused);
    this.name = 'ProxyRefusedError';
    this.code = status === 407 ? PROXY_AUTH_CODE : 'AZTM_PROXY_REFUSED';
  }
}

export class TunnelAgent extends Agent {
  readonly #proxy: URL;

  constructor(proxy: URL, options: AgentOptions) {
    super(options);
    this.#proxy = proxy;
  }

  override createConnection(
    options: RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const done = callback ?? (() => undefined);
    const fail = (error: Error): void => (done as (err: Error) => void)(error);
    const host = String(options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '');
    const target = `${host.includes(':') ? `[${host}]` : host}:${options.port ?? 443}`;
    const proxy = this.#proxy;
    const connect = httpRequest({
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: proxy.port || 80,
      method: 'CONNECT',
      path: target,
      headers: { Host: target, ...proxyAuthorization(proxy) },
      agent: false,
      ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
    });
    connect.once('connect', (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        fail(new ProxyRefusedError(proxy, response.statusCode, target));
        return;
      }
      const secure = tlsConnect({
        ...(options as Record<string, unknown>),
        socket,
        servername: isIp(host) ? '' : host,
      });
      done(null, secure);
    });
    connect.once('error', fail);
    connect.end();
    return undefined;
  }
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
