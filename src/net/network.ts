/**
 * How aztm reaches Azure DevOps on a corporate network: through the proxy the environment names
 * (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`), trusting extra certificate authorities (`--ca-file`;
 * `NODE_EXTRA_CA_CERTS` works on its own). TLS verification is never switched off. Without a
 * proxy or `--ca-file`, Node's own fetch is used and none of this code is loaded.
 */
import type { NetworkSettings } from './network-settings.ts';
import { hasProxy } from './proxy.ts';

export type { NetworkSettings } from './network-settings.ts';

/**
 * The fetch for these settings: `undefined` (Node's own) when there is nothing to do, else one
 * that loads the proxy-aware fetch (node-fetch.ts) on its first call.
 */
export function networkFetch(settings: NetworkSettings): typeof fetch | undefined {
  if (!hasProxy(settings.proxy) && settings.certificateAuthorities.length === 0) return undefined;
  let loaded: Promise<typeof fetch> | undefined;
  return async (input, init) => {
    loaded ??= import('./node-fetch.ts').then((module) => module.createNodeFetch(settings));
    return (await loaded)(input, init);
  };
}
