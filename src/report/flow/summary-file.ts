/**
 * Writes the `--summary` report whole or not at all: into a temporary file beside it, then renamed
 * over it, so that a reader (the agent uploading it, a person) never sees half a report, even when
 * aztm is stopped while writing.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { resolveOutputPath } from '../../flow/output-path.ts';

/** Writes `text` to `path`, or where `path` links to: a symbolic link is followed, not replaced. */
export async function writeFileAtomically(given: string, text: string): Promise<void> {
  const path = resolveOutputPath(given);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
