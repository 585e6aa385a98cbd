/**
 * The ways aztm signs in (`--auth`), and what each Entra ID way needs. The adapters read the usual
 * `AZURE_*` variables into `EntraSettings`; nothing here reads the environment
 * (docs/design/style.md rule 3).
 */
import { UsageError } from '../errors.ts';

const AUTH_METHODS = [
  'auto',
  'pat',
  'token',
  'azure-cli',
  'service-principal',
  'managed-identity',
  'workload-identity',
] as const;

export type AuthMethod = (typeof AUTH_METHODS)[number];

/**
 * The methods that get their token from Entra ID (docs/design/azure-devops.md §7) rather than from
 * an input.
 */
export type EntraMethod = Exclude<AuthMethod, 'auto' | 'pat' | 'token'>;

/** What the Entra ID methods read, from the variables `@azure/identity` documents. */
export interface EntraSettings {
  /** `AZURE_TENANT_ID`. */
  readonly tenantId?: string | undefined;
  /** `AZURE_CLIENT_ID`: the app registration, or a user-assigned managed identity. */
  readonly clientId?: string | undefined;
  /** `AZURE_CLIENT_SECRET`. */
  readonly clientSecret?: string | undefined;
  /** `AZURE_CLIENT_CERTIFICATE_PATH`: a PEM (key and certificate) or PFX file. */
  readonly clientCertificatePath?: string | undefined;
  /** `AZURE_CLIENT_CERTIFICATE_PASSWORD`. */
  readonly clientCertificatePassword?: string | undefined;
  /** `AZURE_FEDERATED_TOKEN_FILE`: the federated token a workload identity presents. */
  readonly federatedTokenFile?: string | undefined;
  /** `AZURE_AUTHORITY_HOST`; the public cloud when unset. */
  readonly authorityHost?: string | undefined;
  /** `--service-connection`: an Azure Resource Manager service connection using workload identity. */
  readonly serviceConnectionId?: string | undefined;
  /** `SYSTEM_OIDCREQUESTURI`: set in Azure Pipelines jobs; the service connection's tokens come from it. */
  readonly oidcRequestUri?: string | undefined;
  /** `IDENTITY_ENDPOINT` or `MSI_ENDPOINT` is set: a managed identity endpoint is at hand. */
  readonly managedIdentityEndpoint?: boolean | undefined;
  /** An `az` executable is on the PATH. */
  readonly azureCliOnPath?: boolean | undefined;
}

/**
 * The Azure DevOps application id: the audience of every Entra ID token it accepts, as a v2
 * scope (docs/design/azure-devops.md §7).
 */
export const AZURE_DEVOPS_SCOPE = '499b84ac-1321-427f-aa17-267ca6975798/.default';

/** `--auth` as given; `auto` when not. */
export function readAuthMethod(value: string | undefined): AuthMethod {
  const given = value?.trim().toLowerCase();
  if (!given) return 'auto';
  const method = AUTH_METHODS.find((name) => name === given);
  if (method) return method;
  throw new UsageError(
    '--auth',
    `--auth must be one of ${AUTH_METHODS.join(', ')}; got "${value?.trim() ?? ''}"`,
  );
}

/**
 * The Entra ID method `auto` falls back to when no token was given: the first whose settings
 * are present, in the order a job most likely means (a secret or certificate, a federated token,
 * a service connection, a managed identity endpoint, then a signed-in Azure CLI). `null`: none.
 */
export function detectEntraMethod(settings: EntraSettings): EntraMethod | null {
  if (settings.clientSecret || settings.clientCertificatePath) return 'service-principal';
  if (settings.federatedTokenFile) return 'workload-identity';
  if (settings.serviceConnectionId && settings.oidcRequestUri) return 'workload-identity';
  if (settings.managedIdentityEndpoint) return 'managed-identity';
  if (settings.azureCliOnPath) return 'azure-cli';
  return null;
}

/**
 * Checks that a method has what it needs, before anything is sent.
 * @throws UsageError naming the missing variable.
 */
export function checkEntraSettings(
  method: EntraMethod,
  settings: EntraSettings,
  systemAccessToken: string | undefined,
): void {
  const missing = (variable: string, why: string): UsageError =>
    new UsageError(variable, `--auth ${method} needs ${variable}: ${why}`);
  if (method === 'service-principal') {
    if (!settings.tenantId) throw missing('AZURE_TENANT_ID', "the service principal's tenant");
    if (!settings.clientId) throw missing('AZURE_CLIENT_ID', "the service principal's client id");
    if (!settings.clientSecret && !settings.clientCertificatePath) {
      throw missing(
        'AZURE_CLIENT_SECRET',
        'a client secret, or a certificate file in AZURE_CLIENT_CERTIFICATE_PATH',
      );
    }
  }
  if (method === 'workload-identity') {
    if (!settings.tenantId) throw missing('AZURE_TENANT_ID', "the identity's tenant");
    if (!settings.clientId) throw missing('AZURE_CLIENT_ID', "the identity's client id");
    if (settings.federatedTokenFile) return;
    if (!settings.serviceConnectionId) {
      throw missing(
        'AZURE_FEDERATED_TOKEN_FILE',
        'the federated token file, or --service-connection inside Azure Pipelines',
      );
    }
    if (!settings.oidcRequestUri) {
      throw missing('SYSTEM_OIDCREQUESTURI', 'it is set in Azure Pipelines jobs only');
    }
    if (!systemAccessToken) {
      throw missing(
        'SYSTEM_ACCESSTOKEN',
        "the job token asks Azure Pipelines for the service connection's federated token (map it with env: SYSTEM_ACCESSTOKEN: $(System.AccessToken))",
      );
    }
  }
}

/** How a method is named in messages: what was used, never a secret. */
export function describeEntraMethod(method: EntraMethod, settings: EntraSettings): string {
  switch (method) {
    case 'service-principal':
      return settings.clientSecret
        ? 'Entra ID service principal (AZURE_CLIENT_ID with AZURE_CLIENT_SECRET)'
        : 'Entra ID service principal (AZURE_CLIENT_ID with the certificate in AZURE_CLIENT_CERTIFICATE_PATH)';
    case 'workload-identity':
      return settings.federatedTokenFile
        ? 'Entra ID workload identity (the federated token in AZURE_FEDERATED_TOKEN_FILE)'
        : `Entra ID workload identity (service connection ${settings.serviceConnectionId ?? ''})`;
    case 'managed-identity':
      return 'Entra ID managed identity';
    case 'azure-cli':
      return 'the Azure CLI (az account get-access-token)';
  }
}

/** What to check when a method could not get a token. */
export function entraMethodHint(method: EntraMethod): string {
  switch (method) {
    case 'service-principal':
      return 'check AZURE_TENANT_ID, AZURE_CLIENT_ID and the secret or certificate (it may have expired), and that the service principal was added to the Azure DevOps organization';
    case 'workload-identity':
      return "check AZURE_TENANT_ID, AZURE_CLIENT_ID, the federated credential's issuer and subject, and that the token file (or the service connection) holds a current token";
    case 'managed-identity':
      return 'check that this machine has a managed identity (AZURE_CLIENT_ID for a user-assigned one) and that it was added to the Azure DevOps organization';
    case 'azure-cli':
      return "check that 'az login' was run and 'az account get-access-token --resource 499b84ac-1321-427f-aa17-267ca6975798' works, or give a token (--pat, --token or SYSTEM_ACCESSTOKEN)";
  }
}
