/**
 * Loading a flow file: YAML text → secret keys refused → schema check → the resolved model.
 * Every fault of docs/design/flow-file.md is a FlowError naming the file, line and column, before
 * anything is triggered.
 */
import { InputFileError, readInputFile } from '../inputs/file.ts';
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
 * Reads and resolves a flow file. Only a regular file of at most 10 MB is read
 * (src/inputs/file.ts).
 * @throws FlowError, at line 1 column 1 when the file cannot be read.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- callers await it; reads are small
export async function loadFlowFile(path: string): Promise<Flow> {
  let text: string;
  try {
    text = readInputFile(path, 'FILE', 'a flow file (YAML)');
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    throw new FlowError(path, 1, 1, `cannot read the flow file: ${error.reason}`, {
      cause: error,
    });
  }
  return parseFlow(text, path);
}
