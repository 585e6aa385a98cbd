/**
 * How aztm signs in: a personal access token goes out as HTTP Basic, anything else (a pipeline's
 * System.AccessToken, an Entra ID token) as Bearer (docs/design/azure-devops.md §7). With `--auth`
 * (or when no token is given) the token comes from Entra ID instead: see src/auth/.
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
interface StaticCredential {
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
  /** Where `pat` and `token` came from, for messages; `--pat` and `--token` when not given. */
  readonly names?: { readonly pat?: string; readonly token?: string } | undefined;
}

/**
 * A token that cannot go in an `Authorization` header: a header value is bytes without CR, LF or
 * NUL, and every Azure DevOps or Entra ID token is printable ASCII. Sent anyway, fetch refuses it
 * before it leaves, which looks like a network fault and is retried.
 */
export class UnsendableTokenError extends UsageError {
  constructor(input: string, label: string, position: number) {
    super(
      input,
      // Never the token, nor the character: either could give away part of a secret.
      `${label} holds a character that cannot be sent in an HTTP header (character ${position} is not printable ASCII): a token is letters, digits and punctuation only`,
    );
    this.name = 'UnsendableTokenError';
  }
}

/** Refuses a token with a character outside printable ASCII (space to `~`). */
function sendable(token: string, input: string, label: string): string {
  for (let index = 0; index < token.length; index++) {
    const code = token.charCodeAt(index);
    if (code < 0x20 || code > 0x7e) throw new UnsendableTokenError(input, label, index + 1);
  }
  return token;
}

interface CredentialOptions {
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
 * unless it is a JWT (users pass `$(System.AccessToken)` as `aztm_pat`,
 * docs/design/cli-contract.md), then SYSTEM_ACCESSTOKEN as Bearer, then the first Entra ID method
 * whose settings are present. `--auth pat|token` insist on that input; an Entra ID method insists
 * on its settings. Every token given is checked to be one an HTTP header can carry.
 * @throws UsageError when what the method needs is missing; UnsendableTokenError when a token
 *   holds a character no header can carry.
 */
export function credentialFromInputs(
  inputs: CredentialInputs,
  options: CredentialOptions = {},
): Credential {
  const method = inputs.auth ?? 'auto';
  // Each checked only when it is the one used: a stray variable beside it does no harm.
  const token = inputs.token?.trim() || undefined;
  const pat = inputs.pat?.trim() || undefined;
  const system = inputs.systemAccessToken?.trim() || undefined;
  const bearer = (secret: string, input: string, label: string): StaticCredential => ({
    scheme: 'bearer',
    secret: sendable(secret, input, label),
  });
  const fromPat = (secret: string): StaticCredential =>
    looksLikeJwt(secret)
      ? { scheme: 'bearer', secret }
      : { scheme: 'basic', secret: sendable(secret, '--pat', patLabel) };
  const patLabel = inputs.names?.pat ?? '--pat (or aztm_pat)';
  const tokenLabel = inputs.names?.token ?? '--token (or aztm_token)';
  if (method === 'pat') {
    if (pat) return fromPat(pat);
    throw new UsageError(
      '--pat',
      '--auth pat needs a personal access token: give --pat or set aztm_pat',
    );
  }
  if (method === 'token') {
    if (token) return bearer(token, '--token', tokenLabel);
    if (system) return bearer(system, 'SYSTEM_ACCESSTOKEN', 'SYSTEM_ACCESSTOKEN');
    throw new UsageError(
      '--token',
      '--auth token needs a bearer token: give --token, set aztm_token, or run inside Azure Pipelines with SYSTEM_ACCESSTOKEN set',
    );
  }
  if (method === 'auto') {
    if (token) return bearer(token, '--token', tokenLabel);
    if (pat) return fromPat(pat);
    if (system) return bearer(system, 'SYSTEM_ACCESSTOKEN', 'SYSTEM_ACCESSTOKEN');
  }
  const settings = inputs.entra ?? {};
  const entraMethod = method === 'auto' ? detectEntraMethod(settings) : method;
  if (entraMethod === null) {
    throw new UsageError(
      '--pat',
      'no credentials: give a personal access token with --pat (or aztm_pat), a bearer token with --token (or aztm_token), run inside Azure Pipelines with SYSTEM_ACCESSTOKEN set, or sign in with Entra ID with --auth (azure-cli, service-principal, managed-identity, workload-identity)',
    );
  }
  // The job's token asks the OIDC endpoint for a federated token (workload identity).
  if (system) sendable(system, 'SYSTEM_ACCESSTOKEN', 'SYSTEM_ACCESSTOKEN');
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
