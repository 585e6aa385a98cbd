import { describe, expect, it } from 'vitest';
import { bypassed, proxyFor } from '../../src/net/proxy.ts';

describe('NO_PROXY', () => {
  it.each<[string, string, boolean]>([
    ['https://dev.azure.com/contoso', '*', true],
    ['https://dev.azure.com/contoso', 'dev.azure.com', true],
    ['https://vsrm.dev.azure.com/contoso', 'dev.azure.com', true],
    ['https://vsrm.dev.azure.com/contoso', '.azure.com', true],
    ['https://vsrm.dev.azure.com/contoso', '*.azure.com', true],
    ['https://notdev.azure.com/contoso', 'dev.azure.com', false],
    ['https://tfs.corp:8443/tfs/Default', 'tfs.corp:8443', true],
    ['https://tfs.corp/tfs/Default', 'tfs.corp:8443', false],
    ['https://tfs.corp/tfs/Default', 'tfs.corp:443', true],
    ['https://127.0.0.1:9000/x', 'localhost, 127.0.0.1', true],
    ['https://[::1]:9000/x', '[::1]:9000', true],
    ['https://dev.azure.com/contoso', '', false],
  ])('%s with NO_PROXY=%j → bypassed %s', (url, noProxy, expected) => {
    expect(bypassed(new URL(url), noProxy)).toBe(expected);
  });

  it('https goes to HTTPS_PROXY and http to HTTP_PROXY', () => {
    const settings = { httpsProxy: 'http://secure:3128', httpProxy: 'http://plain:3128' };
    expect(proxyFor(new URL('https://dev.azure.com/x'), settings)?.host).toBe('secure:3128');
    expect(proxyFor(new URL('http://127.0.0.1:8080/x'), settings)?.host).toBe('plain:3128');
    expect(
      proxyFor(new URL('https://dev.azure.com/x'), { httpProxy: 'http://plain:3128' }),
    ).toBeNull();
  });
});
