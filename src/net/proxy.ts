/**
 * Which proxy, if any, a request goes through: `HTTPS_PROXY` for https URLs, `HTTP_PROXY` for
 * http ones, unless `NO_PROXY` names the host (Node's fetch reads none of them on its own).
 */

/** The proxy variables as the adapter read them (either letter case; lower case wins, as in curl). */
export interface ProxySettings {
  readonly httpsProxy?: string | undefined;
  readonly httpProxy?: string | undefined;
  readonly noProxy?: string | undefined;
}

/** Whether any proxy is configured at all: without one, Node's own fetch is used as it is. */
export function hasProxy(settings: ProxySettings): boolean {
  return Boolean(settings.httpsProxy || settings.httpProxy);
}

/** The proxy for `target`, or `null` to connect directly. */
export function proxyFor(target: URL, settings: ProxySettings): URL | null {
  const raw = target.protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
  if (!raw || bypassed(target, settings.noProxy ?? '')) return null;
  return new URL(raw);
}

/**
 * `NO_PROXY`: entries separated by commas or spaces; `*` bypasses every host; `example.com`,
 * `.example.com` and `*.example.com` bypass that domain and everything under it; an entry with a
 * `:port` applies to that port only; IP addresses match exactly.
 */
export function bypassed(target: URL, noProxy: string): boolean {
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const { name, entryPort } = splitPort(entry);
    if (entryPort !== null && entryPort !== port) continue;
    const domain = name.replace(/^\*?\./, '');
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function splitPort(entry: string): { name: string; entryPort: string | null } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1] ?? '', entryPort: bracketed[2] ?? null };
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  if (withPort) return { name: withPort[1] ?? '', entryPort: withPort[2] ?? null };
  return { name: entry, entryPort: null };
}

/** A proxy URL fit for messages: its origin, never the user name or password in it. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}
