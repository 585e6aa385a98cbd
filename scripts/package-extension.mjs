// Builds the Azure DevOps extension (`npm run package`): each task folder gets one bundle of its
// entry in src/task/ (no node_modules), its task.json and its icon; version numbers are written
// from package.json; tfx-cli packs dist/extension/ into dist/<id>-<version>.vsix, offline.
// `--out DIR` writes both under DIR instead of dist/ (the tests use a directory of their own).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const { values: args } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(args.out ?? join(root, 'dist'));
const staging = join(out, 'extension');

/** Each task: its folder under extension/ and its entry under src/task/. */
const TASKS = [
  { folder: 'TriggerAndMonitor', entry: 'src/task/trigger-and-monitor.ts' },
  { folder: 'RunFlow', entry: 'src/task/run-flow.ts' },
];

/**
 * A task's version: its Major is its own (the `@1` pipelines write, raised only when its inputs
 * change incompatibly); Minor and Patch follow the package, Minor as major * 1000 + minor so that
 * every release of the package gives a higher task version, which the service needs to update
 * the task on its agents.
 */
function taskVersion(major) {
  const [pMajor, pMinor, pPatch] = pkg.version.split(/[.-]/).map(Number);
  return { Major: major, Minor: pMajor * 1000 + pMinor, Patch: pPatch };
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

rmSync(staging, { recursive: true, force: true });
mkdirSync(join(staging, 'images'), { recursive: true });
const manifest = readJson(join(root, 'extension', 'vss-extension.json'));
writeJson(join(staging, 'vss-extension.json'), { ...manifest, version: pkg.version });
copyFileSync(join(root, 'extension', 'overview.md'), join(staging, 'overview.md'));
copyFileSync(join(root, 'extension', 'images', 'icon.png'), join(staging, 'images', 'icon.png'));

await Promise.all(
  TASKS.map(async ({ folder, entry }) => {
    const from = join(root, 'extension', folder);
    const to = join(staging, folder);
    mkdirSync(to, { recursive: true });
    const task = readJson(join(from, 'task.json'));
    writeJson(join(to, 'task.json'), { ...task, version: taskVersion(task.version.Major) });
    copyFileSync(join(from, 'icon.png'), join(to, 'icon.png'));
    // CommonJS: the agent runs `node index.js` in a folder without a package.json.
    await build({
      entryPoints: [join(root, entry)],
      outfile: join(to, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: true,
      legalComments: 'none',
      define: { __AZTM_VERSION__: JSON.stringify(pkg.version) },
      logLevel: 'warning',
    });
  }),
);

const vsix = join(out, `${manifest.id}-${pkg.version}.vsix`);
const output = execFileSync(
  process.execPath,
  [
    join(root, 'node_modules', 'tfx-cli', '_build', 'tfx-cli.js'),
    'extension',
    'create',
    '--root',
    staging,
    '--manifest-globs',
    'vss-extension.json',
    '--output-path',
    vsix,
    '--no-prompt',
    '--no-color',
  ],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
// tfx only warns about an invalid task.json ("in the future ... an error"): fail now instead.
if (/warning/i.test(output)) {
  console.error(output);
  console.error('package-extension: tfx warned about the extension; fix it');
  process.exit(1);
}
console.log(`extension: ${vsix}`);
