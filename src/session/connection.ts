/**
 * How a command signs in and reaches Azure DevOps, read from its options and the environment
 * (the only place that reads the `AZURE_*`, proxy and CA variables, docs/design/style.md rule 3).
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { readAuthMethod, type EntraSettings } from '../auth/methods.ts';
import { credentialFromInputs, type Credential, type CredentialInputs } from '../azdo/auth.ts';
import type { Exchange } from '../azdo/exchange.ts';
import { UsageError } from '../errors.ts';
import { networkFetch, type NetworkSettings } from '../net/network.ts';
import type { Redactor } from '../redact.ts';
import { setSecret } from '../report/logging-commands.ts';
import { createRequestBudget, type RequestBudget } from '../azdo/request-budget.ts';
import { readInputFile } from '../inputs/file.ts';
import { readCount } from '../inputs/values.ts';
import type { SessionContext } from './context.ts';
import { text } from '../inputs/requests.ts';
import { openTrace } from './trace-option.ts';

type Context = Pick<SessionContext, 'values' | 'env'>;

/**
 * The sign-in inputs every command that talks to Azure DevOps reads (docs/design/cli-contract.md,
 * "common"): `--pat`, `--token`, the SYSTEM_ACCESSTOKEN fallback, `--auth` with the `AZURE_*`
 * variables, plus every secret among them, so the caller can register them with its redactor before
 * anything could print them.
 */
export function readTokenInputs(context: Context): {
  readonly inputs: CredentialInputs;
  readonly secrets: readonly string[];
} {
  const { env } = context;
  const given = [
    text(context.values, 'pat'),
    text(context.values, 'token'),
    env.SYSTEM_ACCESSTOKEN,
  ];
  // Trimmed here, where they are read (a token from a CRLF file ends in `\r`); the redactor
  // gets them as given and registers the trimmed form too.
  const [pat, token, systemAccessToken] = given.map((value) => value?.trim() || undefined);
  const auth = readAuthMethod(text(context.values, 'auth'));
  const entra = readEntraSettings(context, auth === 'auto' && !pat && !token && !systemAccessToken);
  return {
    inputs: {
      ...(pat ? { pat } : {}),
      ...(token ? { token } : {}),
      ...(systemAccessToken ? { systemAccessToken } : {}),
      auth,
      entra,
    },
    secrets: [
      ...given,
      entra.clientSecret,
      entra.clientCertificatePassword,
      env.IDENTITY_HEADER,
    ].filter((secret): secret is string => !!secret),
  };
}

/** The process's one request budget, from `--max-rps` / `aztm_max_rps` (default 10 a second). */
export function readRequestBudget(context: Pick<SessionContext, 'values'>): RequestBudget {
  const given = text(context.values, 'max-rps');
  return createRequestBudget(
    given === undefined ? {} : { maxPerSecond: readCount(given, '--max-rps', 1) },
  );
}

/** The `AZURE_*` variables `@azure/identity` documents; `az` on the PATH only when `auto` may use it. */
function readEntraSettings(context: Context, lookForAzureCli: boolean): EntraSettings {
  const { env } = context;
  const value = (...names: string[]): string | undefined =>
    names.map((name) => env[name]?.trim()).find((found) => !!found);
  const serviceConnectionId =
    text(context.values, 'service-connection')?.trim() ||
    value('AZURESUBSCRIPTION_SERVICE_CONNECTION_ID');
  return {
    // Inside Azure Pipelines the AzureCLI task names them AZURESUBSCRIPTION_*.
    tenantId: value('AZURE_TENANT_ID', 'AZURESUBSCRIPTION_TENANT_ID'),
    clientId: value('AZURE_CLIENT_ID', 'AZURESUBSCRIPTION_CLIENT_ID'),
    clientSecret: value('AZURE_CLIENT_SECRET'),
    clientCertificatePath: value('AZURE_CLIENT_CERTIFICATE_PATH'),
    clientCertificatePassword: value('AZURE_CLIENT_CERTIFICATE_PASSWORD'),
    federatedTokenFile: value('AZURE_FEDERATED_TOKEN_FILE'),
    authorityHost: value('AZURE_AUTHORITY_HOST'),
    serviceConnectionId,
    oidcRequestUri: value('SYSTEM_OIDCREQUESTURI'),
    managedIdentityEndpoint: Boolean(value('IDENTITY_ENDPOINT', 'MSI_ENDPOINT')),
    azureCliOnPath: lookForAzureCli && onPath(value('PATH', 'Path') ?? '', 'az'),
  };
}

function onPath(path: string, command: string): boolean {
  const names = process.platform === 'win32' ? [`${command}.cmd`, `${command}.exe`] : [command];
  return path
    .split(delimiter)
    .filter((dir) => dir.length > 0)
    .some((dir) => names.some((name) => existsSync(join(dir, name))));
}

/**
 * The proxy variables (lower case wins, as in curl) and the extra certificate authorities of
 * `--ca-file`, checked before anything is sent. Proxy passwords are returned as secrets.
 */
function readNetworkSettings(context: Context): {
  readonly settings: NetworkSettings;
  readonly secrets: readonly string[];
} {
  const { env } = context;
  const variable = (name: string): { name: string; value: string } | undefined => {
    for (const candidate of [name.toLowerCase(), name]) {
      const value = env[candidate]?.trim();
      if (value) return { name: candidate, value };
    }
    return undefined;
  };
  const secrets: string[] = [];
  const proxyUrl = (name: string): string | undefined => {
    const found = variable(name);
    if (!found) return undefined;
    const url = checkProxyUrl(found.name, found.value);
    if (url.password) secrets.push(decodeURIComponent(url.password), url.password);
    return url.href;
  };
  const httpsProxy = proxyUrl('HTTPS_PROXY');
  const httpProxy = proxyUrl('HTTP_PROXY');
  const noProxy = variable('NO_PROXY')?.value;
  const caFile = text(context.values, 'ca-file')?.trim();
  const certificateAuthorities: string[] = [];
  if (caFile) {
    certificateAuthorities.push(readCertificates(caFile, '--ca-file'));
    // An explicit list replaces Node's store, NODE_EXTRA_CA_CERTS included: keep it too.
    const extra = env.NODE_EXTRA_CA_CERTS?.trim();
    if (extra) certificateAuthorities.push(readCertificates(extra, 'NODE_EXTRA_CA_CERTS'));
  }
  return {
    settings: {
      proxy: {
        ...(httpsProxy ? { httpsProxy } : {}),
        ...(httpProxy ? { httpProxy } : {}),
        ...(noProxy ? { noProxy } : {}),
      },
      certificateAuthorities,
    },
    secrets,
  };
}

/** Never echoes the value: it may hold a password. */
function checkProxyUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    throw new UsageError(
      name,
      `${name} is not a valid URL (expected http://[user:password@]host:port)`,
    );
  }
  if (url.protocol !== 'http:') {
    throw new UsageError(
      name,
      `${name} must be an http:// proxy URL (https is tunnelled through it with CONNECT); got ${url.protocol}//`,
    );
  }
  return url;
}

function readCertificates(path: string, input: string): string {
  const pem = readInputFile(path, input, 'a PEM file of certificate authorities');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new UsageError(
      input,
      `${input}: ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
    );
  }
  return pem;
}

/**
 * The credential, the fetch and the `--trace` writer of a command's Azure DevOps client, with
 * every secret (given, or obtained later from Entra ID) added to `redactor`.
 * @throws UsageError when an input is missing or malformed, or the trace file cannot be written;
 * nothing has been sent then.
 */
export function readConnection(
  context: Context & Pick<SessionContext, 'stdout' | 'stderr'>,
  redactor: Redactor,
): {
  readonly credential: Credential;
  readonly fetch?: typeof fetch;
  readonly onExchange?: (exchange: Exchange) => void;
} {
  const tokens = readTokenInputs(context);
  for (const secret of tokens.secrets) redactor.add(secret);
  const fetch = readNetworkFetch(context, redactor);
  const credential = credentialFromTokenInputs(context, tokens.inputs, redactor);
  const onExchange = openTrace(context, redactor);
  return { credential, ...(fetch ? { fetch } : {}), ...(onExchange ? { onExchange } : {}) };
}

/**
 * The fetch that goes through the proxy and trusts `--ca-file` when either is set; `undefined`:
 * Node's own. Proxy passwords are added to `redactor`.
 */
export function readNetworkFetch(context: Context, redactor: Redactor): typeof fetch | undefined {
  const network = readNetworkSettings(context);
  for (const secret of network.secrets) redactor.add(secret);
  return networkFetch(network.settings);
}

/**
 * The credential for token inputs (`--auth` and the `AZURE_*` variables apply as for the
 * command's own), every token later obtained from Entra ID added to `redactor`.
 */
export function credentialFromTokenInputs(
  context: Context & Pick<SessionContext, 'stdout'>,
  inputs: CredentialInputs,
  redactor: Redactor,
): Credential {
  const credential = makeCredential(context, inputs, redactor);
  checkEntraFiles(credential);
  return credential;
}

/**
 * The files an Entra ID sign-in reads (@azure/identity reads them when it first asks for a
 * token), checked up front as every file a user names is (src/inputs/file.ts): a FIFO or a device
 * there would hang the first request, a missing file would look like a refusal.
 */
function checkEntraFiles(credential: Credential): void {
  if (credential.scheme !== 'entra') return;
  const { settings } = credential;
  if (credential.method === 'service-principal' && !settings.clientSecret) {
    const path = settings.clientCertificatePath;
    if (path)
      readInputFile(path, 'AZURE_CLIENT_CERTIFICATE_PATH', 'a PEM certificate with its key');
  }
  if (credential.method === 'workload-identity' && settings.federatedTokenFile) {
    readInputFile(settings.federatedTokenFile, 'AZURE_FEDERATED_TOKEN_FILE', 'a federated token');
  }
}

function makeCredential(
  context: Context & Pick<SessionContext, 'stdout'>,
  inputs: CredentialInputs,
  redactor: Redactor,
): Credential {
  return credentialFromInputs(inputs, {
    onToken: (token) => {
      redactor.add(token);
      // Inside Azure Pipelines the agent masks every token aztm holds
      // (docs/design/cli-contract.md), also those it gets from Entra ID along the way; the agent
      // reads them on stdout (§10.1).
      if (context.env.TF_BUILD) context.stdout.write(`${setSecret(token).join('\n')}\n`);
    },
  });
}
