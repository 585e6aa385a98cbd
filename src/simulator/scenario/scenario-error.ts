import { YamlFileError } from '../../yaml/located-error.ts';

/**
 * A scenario file that cannot be used: its YAML, its shape or its meaning is wrong. It points at
 * the offending node so an editor can jump there. It is a usage error (exit 2), as a bad flag is.
 */
export class ScenarioError extends YamlFileError {
  override name = 'ScenarioError';
}
