import { UsageError } from '../errors.ts';
import { describePath, type YamlPath, type YamlSource } from '../yaml/source.ts';

/**
 * Runs one of the shared input validators (src/inputs/values.ts) on the value at `path`, naming
 * the input by its path (`steps[2].release.variables`), and moves a refusal to that node's line
 * and column. The validators' messages already name the input, so nothing is prefixed.
 */
export function checked<T>(
  source: YamlSource,
  path: YamlPath,
  validate: (value: unknown, input: string) => T,
): T {
  const value = valueAt(source.data, path);
  try {
    return validate(value, describePath(path));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const { line, column } = source.locate(path);
    throw source.error(source.file, line, column, error.message, { cause: error });
  }
}

function valueAt(data: unknown, path: YamlPath): unknown {
  let node = data;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
