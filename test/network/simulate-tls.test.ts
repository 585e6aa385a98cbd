import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCli, startCli } from '../helpers/cli.ts';
import { TLS } from '../helpers/tls-fixtures.ts';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/tls/${name}`, import.meta.url));

describe('aztm simulate --tls-cert --tls-key', () => {
  it('serves HTTPS that aztm reaches when it trusts the authority (--ca-file)', async () => {
    const cli = await startCli(
      [
        'simulate',
        '--json',
        '--tls-cert',
        fixture('server.pem'),
        '--tls-key',
        fixture('server.key'),
        '--speed',
        '600',
      ],
      /\}\n/,
    );
    try {
      const info = JSON.parse(cli.stdout()) as Record<string, string>;
      expect(info.organizationUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/contoso$/);
      const env = cleanEnv({
        aztm_organization: info.organizationUrl ?? '',
        aztm_project: 'DevOps',
        aztm_pat: info.token ?? '',
        aztm_poll_interval: '0.1s',
      });
      const untrusted = await runCli(['build', '--definition-id', '7', '--no-wait'], { env });
      expect(untrusted.code).toBe(5);
      const trusted = await runCli(
        ['build', '--definition-id', '7', '--no-wait', '--ca-file', TLS.caPath],
        { env },
      );
      expect(trusted.code).toBe(0);
      expect(trusted.stdout).toMatch(/^\d+ https:\/\/127\.0\.0\.1:\d+\/contoso\//m);
    } finally {
      cli.child.kill('SIGINT');
      await cli.exited;
    }
  });

  it('--tls-cert without --tls-key is a usage error', async () => {
    const result = await runCli(['simulate', '--tls-cert', fixture('server.pem')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--tls-cert and --tls-key go together: --tls-key is missing/);
  });
});
