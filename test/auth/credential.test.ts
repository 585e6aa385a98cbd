import { describe, expect, it } from 'vitest';
import { detectEntraMethod, readAuthMethod, type EntraSettings } from '../../src/auth/methods.ts';
import { credentialFromInputs, type CredentialInputs } from '../../src/azdo/auth.ts';
import { UsageError } from '../../src/errors.ts';

const PAT = 'ozdtop3zsyec5mdvi6n2tbhz4g7esglgvpsv24qak6gfbem3ztbq';
const SP: EntraSettings = { tenantId: 't', clientId: 'c', clientSecret: 's' };

function usageMessage(inputs: CredentialInputs): string {
  try {
    credentialFromInputs(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected a UsageError');
}

describe('credentialFromInputs with --auth', () => {
  it.each<[string, CredentialInputs, string]>([
    ['auto: a given token wins over Entra ID settings', { pat: PAT, entra: SP }, 'basic'],
    [
      'auto: SYSTEM_ACCESSTOKEN wins over Entra ID settings',
      { systemAccessToken: 'x.y', entra: SP },
      'bearer',
    ],
    ['auto: without a token, the Entra ID settings', { entra: SP }, 'entra'],
    [
      'service-principal even with a PAT given',
      { auth: 'service-principal', pat: PAT, entra: SP },
      'entra',
    ],
    ['token: SYSTEM_ACCESSTOKEN as Bearer', { auth: 'token', systemAccessToken: PAT }, 'bearer'],
  ])('%s', (_name, inputs, scheme) => {
    expect(credentialFromInputs(inputs).scheme).toBe(scheme);
  });

  it.each<[string, CredentialInputs, RegExp]>([
    ['pat without --pat', { auth: 'pat', token: 'x' }, /--auth pat needs a personal access token/],
    ['token without one', { auth: 'token', pat: PAT }, /--auth token needs a bearer token/],
    [
      'service-principal without a tenant',
      { auth: 'service-principal', entra: { clientId: 'c', clientSecret: 's' } },
      /needs AZURE_TENANT_ID/,
    ],
    [
      'service-principal without secret or certificate',
      { auth: 'service-principal', entra: { tenantId: 't', clientId: 'c' } },
      /needs AZURE_CLIENT_SECRET: .*AZURE_CLIENT_CERTIFICATE_PATH/,
    ],
    [
      'workload-identity without a token file or service connection',
      { auth: 'workload-identity', entra: { tenantId: 't', clientId: 'c' } },
      /needs AZURE_FEDERATED_TOKEN_FILE/,
    ],
    [
      'a service connection outside Azure Pipelines',
      {
        auth: 'workload-identity',
        entra: { tenantId: 't', clientId: 'c', serviceConnectionId: 'sc' },
      },
      /needs SYSTEM_OIDCREQUESTURI/,
    ],
    [
      'a service connection without the job token',
      {
        auth: 'workload-identity',
        entra: {
          tenantId: 't',
          clientId: 'c',
          serviceConnectionId: 'sc',
          oidcRequestUri: 'https://x',
        },
      },
      /needs SYSTEM_ACCESSTOKEN/,
    ],
    ['auto with nothing at all names every way', {}, /--pat.*--token.*SYSTEM_ACCESSTOKEN.*--auth/],
  ])('%s is a usage error', (_name, inputs, message) => {
    expect(usageMessage(inputs)).toMatch(message);
  });

  it('an Entra ID credential tells every token it gets to onToken (the redactor)', () => {
    const heard: string[] = [];
    const credential = credentialFromInputs({ entra: SP }, { onToken: (t) => heard.push(t) });
    expect(credential.scheme === 'entra' && credential.onToken).toBeTruthy();
    if (credential.scheme === 'entra') credential.onToken?.('abc');
    expect(heard).toEqual(['abc']);
  });
});

describe('--auth auto chooses among the Entra ID methods by what is set', () => {
  it.each<[EntraSettings, string | null]>([
    [{ clientCertificatePath: '/c.pem', federatedTokenFile: '/f' }, 'service-principal'],
    [{ federatedTokenFile: '/f', managedIdentityEndpoint: true }, 'workload-identity'],
    [{ serviceConnectionId: 'sc', oidcRequestUri: 'https://x' }, 'workload-identity'],
    [{ serviceConnectionId: 'sc' }, null],
    [{ managedIdentityEndpoint: true, azureCliOnPath: true }, 'managed-identity'],
    [{ azureCliOnPath: true }, 'azure-cli'],
    [{}, null],
  ])('%j → %s', (settings, method) => {
    expect(detectEntraMethod(settings)).toBe(method);
  });

  it('--auth takes only the names it documents', () => {
    expect(readAuthMethod(' Managed-Identity ')).toBe('managed-identity');
    expect(readAuthMethod(undefined)).toBe('auto');
    expect(() => readAuthMethod('msi')).toThrow(
      /--auth must be one of auto, pat, token, azure-cli/,
    );
  });
});
