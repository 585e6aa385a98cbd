import { describe, expect, it } from 'vitest';
import {
  authorizationHeader,
  credentialFromInputs,
  looksLikeJwt,
  type CredentialInputs,
} from '../../src/azdo/auth.ts';
import { UsageError } from '../../src/errors.ts';

const PAT = 'ozdtop3zsyec5mdvi6n2tbhz4g7esglgvpsv24qak6gfbem3ztbq';
const JWT = 'eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl';
const ENTRA = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiI0OTliODRhYyJ9.sig-_part';

describe('credentialFromInputs', () => {
  it.each<[string, CredentialInputs, 'basic' | 'bearer', string]>([
    ['--pat with a PAT: Basic', { pat: PAT }, 'basic', PAT],
    ['--pat with a JWT ($(System.AccessToken)): Bearer', { pat: JWT }, 'bearer', JWT],
    ['--token: always Bearer, even a PAT-looking one', { token: PAT }, 'bearer', PAT],
    ['--token wins over --pat', { token: JWT, pat: PAT }, 'bearer', JWT],
    ['--pat wins over SYSTEM_ACCESSTOKEN', { pat: PAT, systemAccessToken: JWT }, 'basic', PAT],
    ['SYSTEM_ACCESSTOKEN alone: Bearer', { systemAccessToken: ENTRA }, 'bearer', ENTRA],
    [
      'empty values count as unset',
      { pat: '  ', token: '', systemAccessToken: JWT },
      'bearer',
      JWT,
    ],
  ])('%s', (_name, inputs, scheme, secret) => {
    expect(credentialFromInputs(inputs)).toEqual({ scheme, secret });
  });

  it('without any credential, a UsageError names every way to give one', () => {
    let error: unknown;
    try {
      credentialFromInputs({});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as UsageError).message;
    for (const name of ['--pat', 'aztm_pat', '--token', 'SYSTEM_ACCESSTOKEN']) {
      expect(message).toContain(name);
    }
  });
});

describe('looksLikeJwt', () => {
  it.each([
    [JWT, true],
    [ENTRA, true],
    [PAT, false],
    ['eyJhbGciOiJub25lIn0.', false],
    ['abc.def.ghi', false],
    ['a'.repeat(84), false],
  ])('%s → %s', (token, expected) => {
    expect(looksLikeJwt(token)).toBe(expected);
  });
});

describe('authorizationHeader', () => {
  it('sends a PAT as Basic base64(":" + pat), a bearer token as is', () => {
    expect(authorizationHeader({ scheme: 'basic', secret: 'abc' })).toBe(
      `Basic ${Buffer.from(':abc').toString('base64')}`,
    );
    expect(authorizationHeader({ scheme: 'bearer', secret: JWT })).toBe(`Bearer ${JWT}`);
  });
});
