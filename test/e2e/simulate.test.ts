import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.ts';
import { runAztm } from '../helpers/run-in-process.ts';

describe('aztm simulate', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'prints the organization URL and a token, serves the REST API, and exits 0 on %s',
    async (signal) => {
      const cli = await startCli(['simulate', '--port', '0'], /Press Ctrl\+C/);
      const organizationUrl = /organization URL\s+(\S+)/.exec(cli.stdout())?.[1];
      const token = /token \(PAT\)\s+(\S+)/.exec(cli.stdout())?.[1];
      expect(organizationUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/contoso$/);
      expect(token).toMatch(/^[a-z0-9]{52}$/);

      const authorization = `Basic ${Buffer.from(`:${token}`).toString('base64')}`;
      const answer = await fetch(`${organizationUrl}/DevOps/_apis/pipelines?api-version=7.1`, {
        headers: { authorization },
      });
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { count: number; value: { name: string }[] };
      expect(body.count).toBeGreaterThan(0);
      expect(body.value.map((pipeline) => pipeline.name)).toContain('deploy-gateway');

      cli.child.kill(signal);
      const result = await cli.exited;
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`${signal} received`);
    },
  );

  it('stops at once on SIGTERM while a slow fault holds a request open', async () => {
    const cli = await startCli(['simulate', '--json'], /\}\n/);
    const info = JSON.parse(cli.stdout()) as Record<string, string>;
    const fault = await fetch(`${info.adminUrl}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'slow', path: '/_apis/pipelines', delay: '5m' }),
    });
    expect(fault.ok).toBe(true);
    const authorization = `Basic ${Buffer.from(`:${info.token}`).toString('base64')}`;
    const held = fetch(`${info.organizationUrl}/DevOps/_apis/pipelines?api-version=7.1`, {
      headers: { authorization },
    }).catch(() => 'reset');
    // The request is in the simulator once the fault has met it.
    for (let tries = 0; tries < 500; tries++) {
      const faults = (await (await fetch(`${info.adminUrl}/faults`)).json()) as {
        value: { matched: number }[];
      };
      if ((faults.value[0]?.matched ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const sent = Date.now();
    cli.child.kill('SIGTERM');
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(Date.now() - sent).toBeLessThan(2_000);
    expect(await held).toBe('reset');
  });

  it('--json prints the URLs and the token as one JSON object', async () => {
    const cli = await startCli(['simulate', '--json'], /\}\n/);
    const info = JSON.parse(cli.stdout()) as Record<string, string>;
    expect(Object.keys(info).sort()).toEqual(
      ['adminUrl', 'organizationUrl', 'releaseUrl', 'token', 'tokenKind'].sort(),
    );
    const health = await fetch(`${info.adminUrl}/health`);
    expect(((await health.json()) as { organization: string }).organization).toBe('contoso');
    cli.child.kill('SIGINT');
    expect((await cli.exited).code).toBe(0);
  });

  it('refuses a bad scenario file with its file, line and column, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aztm-scenario-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      'organization: contoso\ntokens:\n  - name: admin\n    pat: abc\nprojects:\n  - name: DevOps\n    pipelinez: []\n',
    );
    const result = await runAztm(['simulate', '--scenario', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:7:5`);
    expect(result.stderr).toMatch(/pipelinez/);
    expect(result.stdout).toBe('');
  });

  it.each([
    [['--port', '70000'], '--port must be a whole number from 0 to 65535'],
    [['--port', 'abc'], '--port must be a whole number'],
    [['--speed', '0'], '--speed must be a number greater than 0'],
    [['--speed', 'fast'], '--speed must be a number greater than 0'],
    [['--prot', '1'], 'unknown option --prot; did you mean --port?'],
  ])('refuses %j with a message naming the input, exit 2', async (args, message) => {
    const result = await runAztm(['simulate', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('reads its options from aztm_* variables in any letter case, and a flag wins', async () => {
    const fromEnv = await runAztm(['simulate'], {
      env: { ...process.env, AZTM_SPEED: 'nope' },
    });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain('--speed must be');
    const flagWins = await startCli(['simulate', '--speed', '2', '--json'], /\}\n/, {
      env: { ...process.env, aztm_Speed: 'nope' },
    });
    flagWins.child.kill('SIGTERM');
    expect((await flagWins.exited).code).toBe(0);
  });

  it('prints the built-in scenario so a user can start from it', async () => {
    const result = await runAztm(['simulate', '--print-scenario']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Scan Pre Prod/);
    expect(result.stdout).toMatch(/deploy-gateway/);
  });
});
