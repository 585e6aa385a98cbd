/**
 * How aztm signs in: a personal access token goes out as HTTP Basic, anything else (a pipeline's
 * System.AccessToken, an Entra ID token) as Bearer (fact sheet §7). With `--auth` (or when no
 * token is given) the token comes from Entra ID instead: see src/auth/.
 */
import {
  checkEntraSettings,
  detectEntraMethod,
  type AuthMethod,
  type EntraMethod,
  type EntraSettings,
} from '../auth/methods.ts';
import { UsageError } from '../errors.ts';

/** A token given as it is: `--pat`, `--token` or SYSTEM_ACCESSTOKEN. */
export interface StaticCredential {
  readonly scheme: 'basic' | 'bearer';
  readonly secret: string;
}

/** A token obtained from Entra ID when needed, and again before it expires. */
export interface EntraCredential {
  readonly scheme: 'entra';
  readonly method: EntraMethod;
  readonly settings: EntraSettings;
  /** The job token, for a workload identity through an Azure Pipelines service connection. */
  readonly systemAccessToken?: string | undefined;
  /** Hears every token obtained, so that it can be redacted before anything could print it. */
  readonly onToken?: ((token: string) => void) | undefined;
}

export type Credential = StaticCredential | EntraCredential;

/** What the adapters read from `--pat`, `--token`, `--auth`, `AZURE_*` and `SYSTEM_ACCESSTOKEN`. */
export interface CredentialInputs {
  readonly pat?: string | undefined;
  readonly token?: string | undefined;
  readonly systemAccessToken?: string | undefined;
  /** `auto` when not given. */
  readonly auth?: AuthMethod | undefined;
  readonly entra?: EntraSettings | undefined;
}

export interface CredentialOptions {
  /** Called with every Entra ID token obtained (the adapters add it to their Redactor). */
  readonly onToken?: (token: string) => void;
}

/** Three base64url segments, the first one a JSON header (`eyJ` is `{"` in base64). */
const JWT = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Whether a token is a JWT, such as `$(System.AccessToken)` or an Entra ID access token. */
export function looksLikeJwt(token: string): boolean {
  return JWT.test(token);
}

/**
 * Picks the credential, the one place typed inputs become one (the flow command calls it once
 * per organization). `--auth auto` (the default): `--token` is always Bearer; `--pat` is Basic
 * unless it is a JWT (users pass `$(System.AccessToken)` as `aztm_pat`, cli-contract.md), then
 * SYSTEM_ACCESSTOKEN as Bearer, then the first Entra ID method whose settings are present.
 * `--auth pat|token` insist on that input; an Entra ID method insists on its settings.
 * @throws UsageError when what the method needs is missing.
 */
export function credentialFromInputs(
  inputs: CredentialInputs,
  options: CredentialOptions = {},
): Credential {
  const method = inputs.auth ?? 'auto';
  const token = inputs.token?.trim();
  const pat = inputs.pat?.trim();
  const system = inputs.systemAccessToken?.trim();
  if (method === 'pat') {
    if (pat) return { scheme: looksLikeJwt(pat) ? 'bearer' : 'basic', secret: pat };
    throw new UsageError(
      '--pat',
      '--auth pat needs a personal access token: give --pat or set aztm_pat',
    );
  }
  if (method === 'token') {
    const bearer = token ?? system;
    if (bearer) return { scheme: 'bearer', secret: bearer };
    throw new UsageError(
      '--token',
      '--auth token needs a bearer token: give --token, set aztm_token, or run inside Azure Pipelines with SYSTEM_ACCESSTOKEN set',
    );
  }
  if (method === 'auto') {
    if (token) return { scheme: 'bearer', secret: token };
    if (pat) return { scheme: looksLikeJwt(pat) ? 'bearer' : 'basic', secret: pat };
    if (system) return { scheme: 'bearer', secret: system };
  }
  const settings = inputs.entra ?? {};
  const entraMethod = method === 'auto' ? detectEntraMethod(settings) : method;
  if (entraMethod === null) {
    throw new UsageError(
      '--pat',
      'no credentials: give a personal access token with --pat (or aztm_pat), a bearer token with --token (or aztm_token), run inside Azure Pipelines with SYSTEM_ACCESSTOKEN set, or sign in with Entra ID with --auth (azure-cli, service-principal, managed-identity, workload-identity)',
    );
  }
  checkEntraSettings(entraMethod, settings, system);
  return {
    scheme: 'entra',
    method: entraMethod,
    settings,
    ...(system ? { systemAccessToken: system } : {}),
    ...(options.onToken ? { onToken: options.onToken } : {}),
  };
}

/** The `Authorization` header value of a given token. A PAT goes with an empty user name (§7). */
export function authorizationHeader(credential: StaticCredential): string {
  return credential.scheme === 'basic'
    ? `Basic ${Buffer.from(`:${credential.secret}`).toString('base64')}`
    : `Bearer ${credential.secret}`;
}
