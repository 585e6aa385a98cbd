import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.ts';

describe('the shipped CLI file (built by the test setup)', () => {
  it('is one file under 1 MB', () => {
    expect(statSync(CLI).size).toBeLessThan(1_000_000);
  });

  it('holds Entra ID sign-in only as packed text, so starting aztm does not parse it', () => {
    const code = readFileSync(CLI, 'utf8');
    // Names only @azure/identity and MSAL define: absent from the code V8 scans at start.
    for (const name of ['ClientSecretCredential', 'ManagedIdentityApplication', 'msal-node']) {
      expect(code).not.toContain(name);
    }
    expect(code).toContain('createEntraTokenSource');
  });
});
