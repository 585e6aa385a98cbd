/**
 * Entra ID tokens through `@azure/identity`. Reached only through `await import()` (see
 * authorizer.ts), so that signing in with a token costs nothing for this library's ~400 KB.
 */
import {
  AzureCliCredential,
  AzurePipelinesCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
  type TokenCredential,
  type TokenCredentialOptions,
} from '@azure/identity';
import type { EntraCredential } from '../azdo/auth.ts';
import { AZURE_DEVOPS_SCOPE } from './methods.ts';
import { identityHttpClient } from './identity-http.ts';
import type { IssuedToken } from './token-cache.ts';

/** Authority hosts MSAL knows; any other needs instance discovery switched off. */
const KNOWN_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoft.com',
  'login.windows.net',
  'sts.windows.net',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.microsoftonline.de',
]);

/** How long getting one token may take, retries included, before the sign-in counts as failed. */
const TOKEN_TIMEOUT_MS = 90_000;

/** How long `az account get-access-token` may take before it counts as failed. */
const AZURE_CLI_TIMEOUT_MS = 30_000;

export interface EntraTokenOptions {
  /** The fetch the Azure DevOps requests use, when it is not Node's own (a proxy, --ca-file). */
  readonly fetch?: typeof fetch | undefined;
}

/**
 * A function that asks Entra ID for an Azure DevOps token (docs/design/azure-devops.md §7) each
 * time it is called.
 */
export function createEntraTokenSource(
  credential: EntraCredential,
  options: EntraTokenOptions = {},
): () => Promise<IssuedToken> {
  const identity = identityCredential(credential, clientOptions(credential, options));
  return async () => {
    // aztm never hangs: an endpoint that does not answer (a managed identity probed off Azure, a
    // proxy swallowing the request) ends the sign-in, not the job's time budget.
    const signal = AbortSignal.timeout(TOKEN_TIMEOUT_MS);
    let token;
    try {
      token = await identity.getToken(AZURE_DEVOPS_SCOPE, { abortSignal: signal });
    } catch (error) {
      if (signal.aborted) throw new Error(`no token within ${TOKEN_TIMEOUT_MS / 1000} s`);
      throw error;
    }
    if (!token) throw new Error('no token was returned');
    return {
      token: token.token,
      expiresOnTimestamp: token.expiresOnTimestamp,
      refreshAfterTimestamp: token.refreshAfterTimestamp,
    };
  };
}

function clientOptions(
  credential: EntraCredential,
  options: EntraTokenOptions,
): TokenCredentialOptions & { disableInstanceDiscovery?: boolean } {
  const host = credential.settings.authorityHost;
  let custom = false;
  if (host) {
    try {
      custom = !KNOWN_AUTHORITY_HOSTS.has(new URL(host).hostname.toLowerCase());
    } catch {
      custom = true;
    }
  }
  return {
    ...(host ? { authorityHost: host } : {}),
    // Instance discovery asks the public cloud about the authority: behind a corporate network,
    // or for a private authority (ADFS, a test stand-in), that question has no useful answer.
    ...(custom ? { disableInstanceDiscovery: true } : {}),
    ...(options.fetch ? { httpClient: identityHttpClient(options.fetch) } : {}),
  };
}

function identityCredential(
  credential: EntraCredential,
  options: TokenCredentialOptions & { disableInstanceDiscovery?: boolean },
): TokenCredential {
  const settings = credential.settings;
  // checkEntraSettings (methods.ts) made sure these are present for the method that needs them.
  const tenantId = settings.tenantId ?? '';
  const clientId = settings.clientId ?? '';
  switch (credential.method) {
    case 'service-principal':
      if (settings.clientSecret) {
        return new ClientSecretCredential(tenantId, clientId, settings.clientSecret, options);
      }
      return new ClientCertificateCredential(
        tenantId,
        clientId,
        {
          certificatePath: settings.clientCertificatePath ?? '',
          ...(settings.clientCertificatePassword
            ? { certificatePassword: settings.clientCertificatePassword }
            : {}),
        },
        options,
      );
    case 'workload-identity':
      if (settings.federatedTokenFile) {
        return new WorkloadIdentityCredential({
          ...options,
          tenantId,
          clientId,
          tokenFilePath: settings.federatedTokenFile,
        });
      }
      return new AzurePipelinesCredential(
        tenantId,
        clientId,
        settings.serviceConnectionId ?? '',
        credential.systemAccessToken ?? '',
        options,
      );
    case 'managed-identity':
      return settings.clientId
        ? new ManagedIdentityCredential({ ...options, clientId: settings.clientId })
        : new ManagedIdentityCredential(options);
    case 'azure-cli':
      return new AzureCliCredential({
        ...options,
        ...(settings.tenantId ? { tenantId: settings.tenantId } : {}),
        processTimeoutInMs: AZURE_CLI_TIMEOUT_MS,
      });
  }
}
