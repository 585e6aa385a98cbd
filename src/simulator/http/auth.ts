import type { IncomingHttpHeaders } from 'node:http';
import type { TokenSpec } from '../scenario/model.ts';
import type { SimState } from '../state.ts';

export type AuthOutcome =
  | { readonly kind: 'ok'; readonly token: TokenSpec }
  /** No credentials, unknown credentials, or a token that expired or was revoked. */
  | { readonly kind: 'refused'; readonly token: TokenSpec | null; readonly scheme: string | null };

/**
 * Reads `Authorization`: a PAT as HTTP Basic with any user name (docs/design/azure-devops.md §7),
 * or a bearer token. A PAT sent as Bearer or a bearer token sent as Basic is not accepted, as on
 * the service.
 */
export function authenticate(state: SimState, headers: IncomingHttpHeaders): AuthOutcome {
  const header = headers.authorization;
  if (!header) return { kind: 'refused', token: null, scheme: null };
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const credential = space < 0 ? '' : header.slice(space + 1).trim();
  let token: TokenSpec | undefined;
  if (scheme === 'basic') {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const secret = colon < 0 ? decoded : decoded.slice(colon + 1);
    token = state.scenario.tokens.find((t) => t.kind === 'pat' && t.value === secret);
  } else if (scheme === 'bearer') {
    token = state.scenario.tokens.find((t) => t.kind === 'bearer' && t.value === credential);
  }
  if (!token) return { kind: 'refused', token: null, scheme };
  if (!state.isTokenValid(token)) return { kind: 'refused', token, scheme };
  return { kind: 'ok', token };
}

/** Redacts `Authorization` for the request log: the scheme and the token's name, never the value. */
export function describeAuthorization(state: SimState, headers: IncomingHttpHeaders): string {
  const header = headers.authorization;
  if (!header) return '';
  const outcome = authenticate(state, headers);
  const scheme = header.split(' ')[0] ?? '';
  if (outcome.kind === 'ok') return `${scheme} <${outcome.token.name}>`;
  return outcome.token ? `${scheme} <${outcome.token.name}: expired>` : `${scheme} <unknown>`;
}

/**
 * The page the service returns, with 203 Non-Authoritative Information, to a request that is not
 * signed in and did not ask for `X-TFS-FedAuthRedirect: Suppress` (docs/design/azure-devops.md §5).
 */
export const SIGN_IN_PAGE = `<!DOCTYPE html>
<html lang="en-US">
<head><title>Azure DevOps Services | Sign In</title><meta charset="utf-8"></head>
<body><div id="signin">Sign in to your account to continue to Azure DevOps.</div></body>
</html>
`;
