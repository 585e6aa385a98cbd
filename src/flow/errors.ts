import { YamlFileError } from '../yaml/located-error.ts';

/**
 * A flow file that cannot be run: its YAML, its shape or its graph is wrong. Refused before
 * anything is triggered, at the line and column of the fault; a usage error, so exit 2
 * (docs/design/flow-file.md, last rule).
 */
export class FlowError extends YamlFileError {
  override name = 'FlowError';
}
