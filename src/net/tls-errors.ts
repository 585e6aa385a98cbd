/**
 * Failures that trying again cannot fix: the server's certificate is not trusted, or the proxy
 * refused aztm. They are reported at once with what to do; TLS verification is never switched off.
 */
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** What the proxy fetch (node-fetch.ts) throws when the proxy answers CONNECT with 407. */
export const PROXY_AUTH_CODE = 'AZTM_PROXY_AUTH_REFUSED';

/** Whether a failure to get an answer is one a retry cannot cure. */
export function isPermanentNetworkError(error: unknown): boolean {
  return networkErrorCodes(error).some(
    (code) => CERTIFICATE_CODES.has(code) || code === PROXY_AUTH_CODE,
  );
}

/** Words for such a failure, or `null` for any other. */
export function describePermanentNetworkError(error: unknown): string | null {
  const codes = networkErrorCodes(error);
  const certificate = codes.find((code) => CERTIFICATE_CODES.has(code));
  if (certificate) {
    return `the server's certificate is not trusted (${certificate}): give its certificate authority with --ca-file, or in NODE_EXTRA_CA_CERTS`;
  }
  if (codes.includes(PROXY_AUTH_CODE)) {
    const message = findMessage(error);
    return message ?? 'the proxy refused the credentials (HTTP 407)';
  }
  return null;
}

/** Every `code` along an error's causes (fetch wraps the socket's error). */
function networkErrorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let value: unknown = error, depth = 0; value && depth < 5; depth++) {
    const { code, cause } = value as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') codes.push(code);
    value = cause;
  }
  return codes;
}

function findMessage(error: unknown): string | null {
  for (let value: unknown = error, depth = 0; value && depth < 5; depth++) {
    const { code, message, cause } = value as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (code === PROXY_AUTH_CODE && typeof message === 'string') return message;
    value = cause;
  }
  return null;
}
