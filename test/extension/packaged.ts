/**
 * `npm run package` for a test: the extension packed into a directory of the test's own, then
 * unpacked the way the agent unpacks a task it downloads, one folder per task.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import JSZip from 'jszip';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

export interface PackagedExtension {
  readonly vsixPath: string;
  readonly zip: JSZip;
  /** Where each task was unpacked: `<dir>/<TaskName>/index.js`, outside this repository. */
  readonly taskDir: (name: 'TriggerAndMonitor' | 'RunFlow') => string;
  /** Deletes the package and the unpacked tasks (a test file's afterAll). */
  readonly remove: () => void;
}

export async function packageExtension(): Promise<PackagedExtension> {
  const out = mkdtempSync(join(tmpdir(), 'aztm-vsix-'));
  const { stdout } = await run('npm', ['run', '--silent', 'package', '--', '--out', out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const vsixPath = /extension: (.+\.vsix)/.exec(stdout)?.[1];
  if (vsixPath === undefined) throw new Error(`npm run package printed no .vsix:\n${stdout}`);
  const zip = await JSZip.loadAsync(readFileSync(vsixPath));
  // The agent keeps tasks under _work/_tasks, where no package.json says "type": "module".
  const tasks = join(out, '_tasks');
  for (const [path, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue;
    const target = join(tasks, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await entry.async('nodebuffer'));
  }
  return {
    vsixPath,
    zip,
    taskDir: (name) => join(tasks, name),
    remove: () => rmSync(out, { recursive: true, force: true }),
  };
}
