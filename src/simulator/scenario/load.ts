/**
 * Loading a scenario: YAML text → schema check → the resolved model, every default filled in.
 * Any problem is a ScenarioError that names the file, line and column.
 */
import { InputFileError, readInputFile } from '../../inputs/file.ts';
import { DEFAULT_SCENARIO_YAML } from './default-scenario.ts';
import type { Scenario } from './model.ts';
import { resolveScenario } from './resolve.ts';
import { ScenarioError } from './scenario-error.ts';
import { checkSchema } from './schema-check.ts';
import { readYaml } from './yaml-source.ts';

export { ScenarioError } from './scenario-error.ts';

/** What messages about the built-in scenario call it (they would be bugs). */
const BUILT_IN = '<built-in scenario>';

/**
 * Parses and resolves scenario YAML. `file` only names the text in messages.
 * @throws ScenarioError for invalid YAML, a schema violation or a rule the schema cannot express.
 */
export function parseScenario(text: string, file: string): Scenario {
  const source = readYaml(text, file);
  return resolveScenario(source, checkSchema(source));
}

/**
 * Reads and resolves a scenario file. Only a regular file of at most 10 MB is read
 * (src/inputs/file.ts).
 * @throws ScenarioError, at line 1 column 1 when the file cannot be read.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- callers await it; reads are small
export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = readInputFile(path, '--scenario', 'a scenario file (YAML)');
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    throw new ScenarioError(path, 1, 1, `cannot read the scenario file: ${error.reason}`, {
      cause: error,
    });
  }
  return parseScenario(text, path);
}

/** The built-in scenario (DEFAULT_SCENARIO_YAML), resolved. Each call returns a fresh object. */
export function defaultScenario(): Scenario {
  return parseScenario(DEFAULT_SCENARIO_YAML, BUILT_IN);
}
