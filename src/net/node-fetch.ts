/**
 * A `fetch` over `node:http`/`node:https` for the cases Node's own fetch cannot serve without the
 * `undici` package (too big for the one-file CLI): a proxy from the environment, and certificate
 * authorities from `--ca-file`. Loaded only in those cases (network.ts). It does what the
 * transport needs: method, headers, a text body, redirects, an abort signal.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { NetworkSettings } from './network-settings.ts';
import { proxyFor } from './proxy.ts';
import { proxyAuthorization, TunnelAgent } from './tunnel-agent.ts';

const MAX_REDIRECTS = 10;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function createNodeFetch(settings: NetworkSettings): typeof fetch {
  // A `ca` option replaces Node's store, so the default authorities go along with the extra ones.
  const ca =
    settings.certificateAuthorities.length > 0
      ? [...rootCertificates, ...settings.certificateAuthorities]
      : undefined;
  const direct = new HttpsAgent({ keepAlive: true, ...(ca ? { ca } : {}) });
  const plain = new HttpAgent({ keepAlive: true });
  const tunnels = new Map<string, TunnelAgent>();
  const tunnelFor = (proxy: URL): TunnelAgent => {
    let agent = tunnels.get(proxy.href);
    if (!agent) {
      agent = new TunnelAgent(proxy, { keepAlive: true, ...(ca ? { ca } : {}) });
      tunnels.set(proxy.href, agent);
    }
    return agent;
  };

  const once = (url: URL, init: RequestInit, headers: Headers): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const proxy = proxyFor(url, settings.proxy);
      const secure = url.protocol === 'https:';
      const outgoing: Record<string, string> = Object.fromEntries(headers.entries());
      let request;
      if (secure) {
        request = httpsRequest(url, {
          method: init.method ?? 'GET',
          headers: outgoing,
          agent: proxy ? tunnelFor(proxy) : direct,
          ...(init.signal ? { signal: init.signal } : {}),
        });
      } else if (proxy) {
        // Plain http through a proxy: the absolute URL on the request line (RFC 9112 §3.2.2).
        request = httpRequest({
          host: proxy.hostname.replace(/^\[|\]$/g, ''),
          port: proxy.port || 80,
          method: init.method ?? 'GET',
          path: url.href,
          headers: { ...outgoing, Host: url.host, ...proxyAuthorization(proxy) },
          agent: plain,
          ...(init.signal ? { signal: init.signal } : {}),
        });
      } else {
        request = httpRequest(url, {
          method: init.method ?? 'GET',
          headers: outgoing,
          agent: plain,
          ...(init.signal ? { signal: init.signal } : {}),
        });
      }
      request.once('response', resolve);
      request.once('error', reject);
      if (typeof init.body === 'string') request.end(init.body);
      else request.end();
    });

  return async function nodeFetch(input, init = {}) {
    let url = new URL(input instanceof Request ? input.url : String(input));
    let method = init.method ?? 'GET';
    let body = init.body;
    const headers = new Headers(init.headers);
    try {
      for (let hops = 0; ; hops++) {
        const response = await once(url, { ...init, method, body: body ?? null }, headers);
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if ([301, 302, 303, 307, 308].includes(status) && location && hops < MAX_REDIRECTS) {
          response.resume();
          const next = new URL(location, url);
          // As fetch does: a 303 (and a 301/302 after a POST) goes on as a GET without a body,
          // and the credentials never follow to another origin.
          if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
            method = 'GET';
            body = undefined;
            headers.delete('content-type');
          }
          if (next.origin !== url.origin) headers.delete('authorization');
          url = next;
          continue;
        }
        return await toResponse(response, hops > 0);
      }
    } catch (error) {
      if (init.signal?.aborted) throw init.signal.reason;
      // The shape of Node's own fetch errors, so that the transport reads the codes the same way.
      throw new TypeError('fetch failed', { cause: error });
    }
  };
}

async function toResponse(message: IncomingMessage, redirected: boolean): Promise<Response> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  const status = message.statusCode ?? 0;
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i] ?? '', raw[i + 1] ?? '');
    } catch {
      // A header fetch's Headers refuses (malformed name) is left out, as fetch would.
    }
  }
  const response = new Response(NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks), {
    status,
    statusText: message.statusMessage ?? '',
    headers,
  });
  // `redirected` is read-only on Response; the transport needs it to spot a sign-in redirect.
  if (redirected) Object.defineProperty(response, 'redirected', { value: true });
  return response;
}
