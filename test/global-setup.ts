import { execFileSync } from 'node:child_process';

/** The end-to-end tests run the bundled CLI as a process: build it once before any test file. */
export default function buildCliOnce(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
