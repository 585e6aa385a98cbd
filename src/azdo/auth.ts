/**
 * How aztm signs in: a personal access token goes out as HTTP Basic, anything else (a pipeline's
 * System.AccessToken, an Entra ID token) as Bearer (fact sheet §7).
 */
import { UsageError } from '../errors.ts';

export interface Credential {
  readonly scheme: 'basic' | 'bearer';
  readonly secret: string;
}

/** What the adapters read from `--pat`, `--token` and `SYSTEM_ACCESSTOKEN`; empty means unset. */
export interface CredentialInputs {
  readonly pat?: string | undefined;
  readonly token?: string | undefined;
  readonly systemAccessToken?: string | undefined;
}

/** Three base64url segments, the first one a JSON header (`eyJ` is `{"` in base64). */
const JWT = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Whether a token is a JWT, such as `$(System.AccessToken)` or an Entra ID access token. */
export function looksLikeJwt(token: string): boolean {
  return JWT.test(token);
}

/**
 * Picks the credential: `--token` is always Bearer; `--pat` is Basic unless it is a JWT (users pass
 * `$(System.AccessToken)` as `aztm_pat`, cli-contract.md), then SYSTEM_ACCESSTOKEN as Bearer.
 * @throws UsageError when none is given.
 */
export function credentialFromInputs(inputs: CredentialInputs): Credential {
  const token = inputs.token?.trim();
  if (token) return { scheme: 'bearer', secret: token };
  const pat = inputs.pat?.trim();
  if (pat) return { scheme: looksLikeJwt(pat) ? 'bearer' : 'basic', secret: pat };
  const system = inputs.systemAccessToken?.trim();
  if (system) return { scheme: 'bearer', secret: system };
  throw new UsageError(
    '--pat',
    'no credentials: give a personal access token with --pat (or aztm_pat), a bearer token with --token (or aztm_token), or run inside Azure Pipelines with SYSTEM_ACCESSTOKEN set',
  );
}

/** The `Authorization` header value. A PAT goes with an empty user name (fact sheet §7). */
export function authorizationHeader(credential: Credential): string {
  return credential.scheme === 'basic'
    ? `Basic ${Buffer.from(`:${credential.secret}`).toString('base64')}`
    : `Bearer ${credential.secret}`;
}
