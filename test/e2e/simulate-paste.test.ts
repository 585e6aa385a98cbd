/**
 * `aztm simulate` for a newcomer: the lines it prints can be pasted into another terminal to point
 * aztm at it, and a port in use is a sentence about `--port`, not a bug report.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCli, startCli } from '../helpers/cli.ts';
import { runInProcess } from '../helpers/run-in-process.ts';

/** The `export NAME=VALUE` lines of `text`, as an environment (single quotes undone). */
function exportedVariables(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of text.matchAll(/^ {2}export (\w+)=(.*?)(?: {3}#.*)?$/gm)) {
    const [, name = '', raw = ''] = match;
    env[name] = raw.startsWith("'") ? raw.slice(1, -1).replace(/'\\''/g, "'") : raw;
  }
  return env;
}

describe('aztm simulate', () => {
  it('prints the project and export lines that point aztm at it as pasted', async () => {
    const cli = await startCli(['simulate', '--port', '0'], /Press Ctrl\+C/);
    try {
      const printed = cli.stdout();
      expect(printed).toMatch(/^ {2}project\s+DevOps$/m);
      const env = exportedVariables(printed);
      expect(Object.keys(env).sort()).toEqual(['aztm_organization', 'aztm_pat', 'aztm_project']);
      expect(env.aztm_organization).toBe(/organization URL\s+(\S+)/.exec(printed)?.[1]);

      // Nothing but the pasted lines: the dry run reads the pipeline with them.
      const result = await runCli(['pipeline', '--pipeline', 'deploy-gateway', '--dry-run'], {
        env: cleanEnv(env),
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('Dry run: nothing was triggered.');
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });

  it('a port in use: exit 2 naming --port and what to do, no stack trace', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const address = holder.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const result = await runInProcess(['simulate', '--port', String(port)], cleanEnv());

      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `aztm: --port ${port} is in use by another program; choose another port, or 0 for any free one\n`,
      );
      expect(result.stdout).toBe('');
    } finally {
      holder.close();
    }
  });
});
