/**
 * Files shipped beside the CLI in the package (examples/, schemas/), found from this module's
 * own place, never from `process.argv[1]`: run through npx or a global install, that is a link in
 * a `.bin` folder, not the package. The bundle (dist/aztm.mjs) and the sources (src/cli/) both
 * sit below the package's root, the folder whose package.json names this package.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'devops-flow-manager';

/** The path of `relativePath` in the package this module belongs to. */
export function packageFile(relativePath: string, from: string = import.meta.url): string {
  const start = dirname(fileURLToPath(from));
  for (let dir = start; ; dir = dirname(dir)) {
    if (isThisPackage(join(dir, 'package.json'))) return join(dir, relativePath);
    if (dirname(dir) === dir) break;
  }
  throw new Error(`no ${PACKAGE_NAME} package.json above ${start}`);
}

function isThisPackage(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}
