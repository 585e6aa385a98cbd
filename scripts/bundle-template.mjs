// Regenerates the CLI bundle committed for templates/aztm-step.yml (`npm run bundle`): the same
// one-file build as dist/aztm.mjs (scripts/build.mjs), copied to templates/aztm.mjs. A test
// (test/template/bundle.test.ts) fails when the committed copy differs from a fresh build.
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
copyFileSync(join(root, 'dist', 'aztm.mjs'), join(root, 'templates', 'aztm.mjs'));
console.log('templates/aztm.mjs: written from a fresh build of the CLI');
