import { afterAll, beforeAll } from 'vitest';
import { packageExtension, type PackagedExtension } from '../extension/packaged.ts';

/**
 * Packages the extension once for the test file (`npm run package`, unpacked outside the
 * repository) and gives the folder of task `name`, as the agent would run it.
 */
export function packagedTask(name: 'TriggerAndMonitor' | 'RunFlow'): () => string {
  let extension: PackagedExtension | undefined;
  beforeAll(async () => {
    extension = await packageExtension();
  }, 60_000);
  afterAll(() => extension?.remove());
  return () => {
    if (!extension) throw new Error('the extension was not packaged');
    return extension.taskDir(name);
  };
}
