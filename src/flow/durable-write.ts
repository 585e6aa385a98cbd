/**
 * Replacing a file so that it survives the machine dying right after: written to a temporary
 * file beside it, flushed to the disk, renamed over it, and the folder flushed so the rename
 * itself is on the disk. A reader sees the old file or the new one, never half of one.
 */
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Writes `text` to `path` (a real path: resolve links first, output-path.ts). */
export async function writeFileDurably(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(dirname(path));
}

async function syncFolder(folder: string): Promise<void> {
  // Windows cannot open a folder to flush it; its renames are durable without it.
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
