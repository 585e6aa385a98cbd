/**
 * Loading a flow file: YAML text → secret keys refused → schema check → the resolved model.
 * Every fault of flow-file.md is a FlowError naming the file, line and column, before anything
 * is triggered.
 */
import { readFile } from 'node:fs/promises';
import { readYaml } from '../yaml/source.ts';
import { FlowError } from './errors.ts';
import type { Flow } from './model.ts';
import { resolveFlow } from './resolve.ts';
import { checkFlowSchema } from './schema-check.ts';
import { refuseSecretKeys } from './secrets.ts';

/**
 * Parses and resolves flow YAML. `file` only names the text in messages.
 * @throws FlowError for invalid YAML, a schema violation or a rule the schema cannot express.
 */
export function parseFlow(text: string, file: string): Flow {
  const source = readYaml(text, file, (...args) => new FlowError(...args));
  refuseSecretKeys(source);
  return resolveFlow(source, checkFlowSchema(source));
}

/**
 * Reads and resolves a flow file.
 * @throws FlowError, at line 1 column 1 when the file cannot be read.
 */
export async function loadFlowFile(path: string): Promise<Flow> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FlowError(path, 1, 1, unreadableReason(error), { cause: error });
  }
  return parseFlow(text, path);
}

function unreadableReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'cannot read the flow file: it does not exist';
  if (code === 'EISDIR') return 'cannot read the flow file: it is a directory';
  if (code === 'EACCES') return 'cannot read the flow file: permission denied';
  const detail = error instanceof Error ? error.message : String(error);
  return `cannot read the flow file: ${detail}`;
}
