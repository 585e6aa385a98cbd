import type { ProxySettings } from './proxy.ts';

/** Everything the adapter read: the proxy variables, and the PEM text of the extra authorities. */
export interface NetworkSettings {
  readonly proxy: ProxySettings;
  /**
   * PEM certificates to trust besides Node's own store: the `--ca-file`, and with it the
   * `NODE_EXTRA_CA_CERTS` file, which an explicit list would otherwise replace.
   */
  readonly certificateAuthorities: readonly string[];
}
