// Makes a fresh clone ready for `npm run demo` and `npm test`: installs from the lock file when
// node_modules is missing or older than the lock file, then builds the bundled CLI.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const marker = 'node_modules/.package-lock.json';
const stale =
  !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  console.error('Installing dependencies from package-lock.json (npm ci)...');
  execFileSync(npm, ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
}
execFileSync(process.execPath, ['scripts/build.mjs', '--types'], { stdio: 'inherit' });
