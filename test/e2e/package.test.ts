/**
 * The package works where users install it: packed as `npm publish` would ship it, installed in
 * an empty folder (and under a global prefix), `npx aztm --version`, `npx aztm demo` and the
 * README's library example run from there, far from the repository's own files.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../helpers/cli.ts';
import { startE2ESimulator } from '../helpers/e2e.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/**
 * Runs `command` in `cwd` without the network: its stdout, or the error with its output. Not
 * synchronous: the simulator answering the library example runs in this process.
 */
async function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env = cleanEnv(),
): Promise<string> {
  const { stdout } = await promisify(execFile)(command, args, {
    cwd,
    env: {
      ...env,
      npm_config_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    },
    encoding: 'utf8',
  });
  return stdout;
}

let tarball = '';

beforeAll(async () => {
  const packDir = mkdtempSync(join(tmpdir(), 'aztm-pack-'));
  // dist/ as the test command built it (scripts/bootstrap.mjs), as `npm pack` would build it.
  await run(npm, ['pack', '--ignore-scripts', '--pack-destination', packDir], ROOT);
  const [file] = readdirSync(packDir).filter((name) => name.endsWith('.tgz'));
  if (!file) throw new Error(`npm pack wrote no tarball to ${packDir}`);
  tarball = join(packDir, file);
}, 120_000);

describe('installed from the packed package', () => {
  it('in an empty folder: npx aztm --version and npx aztm demo', async () => {
    const project = mkdtempSync(join(tmpdir(), 'aztm-install-'));
    writeFileSync(join(project, 'package.json'), '{"name": "user-project", "private": true}\n');
    await run(npm, ['install', tarball], project);
    const installed = join(project, 'node_modules', 'devops-flow-manager');
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);

    expect((await run(npx, ['--no-install', 'aztm', '--version'], project)).trim()).toBe(VERSION);
    const demo = await run(npx, ['--no-install', 'aztm', 'demo', '--speed', '600'], project);
    expect(demo).toMatch(/^succeeded: release \d+ \(Scan Pre Prod\)/m);
    // The seed's example flow, read from the installed package, not from a repository.
    expect(demo).toContain(
      '$ aztm flow run node_modules/devops-flow-manager/examples/seed-flow.yaml',
    );
    expect(demo).toContain("The flow failed as the seed's example should");
  }, 120_000);

  it('under a global prefix: aztm demo from its bin folder', async () => {
    const prefix = mkdtempSync(join(tmpdir(), 'aztm-global-'));
    await run(npm, ['install', '--global', '--prefix', prefix, tarball], prefix);
    const bin =
      process.platform === 'win32' ? join(prefix, 'aztm.cmd') : join(prefix, 'bin', 'aztm');
    const elsewhere = mkdtempSync(join(tmpdir(), 'aztm-cwd-'));

    const demo = await run(bin, ['demo', '--speed', '600'], elsewhere);
    expect(demo).toMatch(/^failed: pipeline run \d+ \(Please Fail\)/m);
    expect(demo).toContain("The flow failed as the seed's example should");
  }, 120_000);

  it("the README's library example runs as written, against the simulator", async () => {
    const project = mkdtempSync(join(tmpdir(), 'aztm-library-'));
    writeFileSync(join(project, 'package.json'), '{"name": "user-project", "type": "module"}\n');
    await run(npm, ['install', tarball], project);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### As a library'));
    const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    expect(example).toContain("from 'devops-flow-manager'");
    const sim = await startE2ESimulator();
    // The README's organization, project and polling, pointed at the simulator.
    const script = example
      .replace('https://dev.azure.com/contoso', sim.organizationUrl)
      .replace("project: 'Infrastructure'", "project: 'DevOps'")
      .replace('pollIntervalMs: 10_000', 'pollIntervalMs: 100');
    mkdirSync(join(project, 'src'));
    writeFileSync(join(project, 'src', 'release.mjs'), script);

    const printed = await run(process.execPath, ['src/release.mjs'], project, {
      ...cleanEnv(),
      AZDO_PAT: sim.token.value,
    });
    expect(printed.trim()).toBe('succeeded');
  }, 120_000);
});
