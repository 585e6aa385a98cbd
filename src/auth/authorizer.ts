/**
 * The `Authorization` header of every request: fixed for a given token, fresh from Entra ID for
 * the `--auth` methods, whose code (and `@azure/identity`) is loaded only when first needed.
 */
import type { Now } from '../clock.ts';
import { authorizationHeader, type Credential, type EntraCredential } from '../azdo/auth.ts';
import { describeEntraMethod, entraMethodHint } from './methods.ts';
import { SignInError, summaryOf } from './sign-in-error.ts';
import { createTokenCache, type IssuedToken, type TokenCache } from './token-cache.ts';

export interface Authorizer {
  /** The header value for the next request. @throws SignInError when Entra ID gives no token. */
  header(): Promise<string>;
  /** Forgets an obtained token the service refused; `false` when there is none to renew. */
  renew(): boolean;
  /** Every secret this credential has put in a header so far, to mask in messages. */
  secrets(): readonly string[];
  /** The Entra ID method's name for messages; `null` for a token given as it is. */
  readonly method: string | null;
}

interface AuthorizerOptions {
  /** The fetch of the Azure DevOps requests, when it is not Node's own (proxy, --ca-file). */
  readonly fetch?: typeof fetch | undefined;
  readonly now?: Now;
}

export function createAuthorizer(
  credential: Credential,
  options: AuthorizerOptions = {},
): Authorizer {
  if (credential.scheme !== 'entra') {
    const header = authorizationHeader(credential);
    return {
      header: () => Promise.resolve(header),
      renew: () => false,
      secrets: () => [credential.secret],
      method: null,
    };
  }
  return entraAuthorizer(credential, options);
}

function entraAuthorizer(credential: EntraCredential, options: AuthorizerOptions): Authorizer {
  const obtained: string[] = [];
  let source: (() => Promise<IssuedToken>) | undefined;
  const method = describeEntraMethod(credential.method, credential.settings);
  const hint = entraMethodHint(credential.method);
  const cache: TokenCache = createTokenCache(async () => {
    let issued: IssuedToken;
    try {
      const { createEntraTokenSource } = await import('./entra.ts');
      source ??= createEntraTokenSource(credential, { fetch: options.fetch });
      issued = await source();
    } catch (error) {
      throw new SignInError(method, summaryOf(error), hint, error);
    }
    credential.onToken?.(issued.token);
    obtained.push(issued.token);
    // Older tokens stay masked: a message about a request made with one may still be printed.
    if (obtained.length > 16) obtained.shift();
    return issued;
  }, options.now);
  const secrets = [credential.settings.clientSecret, credential.systemAccessToken].filter(
    (secret): secret is string => !!secret,
  );
  return {
    header: async () => `Bearer ${await cache.get()}`,
    renew: () => {
      cache.invalidate();
      return true;
    },
    secrets: () => [...secrets, ...obtained],
    method,
  };
}
