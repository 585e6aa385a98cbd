import { UsageError } from '../errors.ts';

/**
 * Parses a JSON option value, with a message that names the input and shows where the JSON
 * broke. (Users pass these through environment variables because quoting JSON on a command line
 * in a pipeline is fragile, as the original script's users found.)
 */
export function parseJsonInput(
  text: string,
  input: string,
  options: { readonly mayHoldSecrets?: boolean } = {},
): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^JSON\.parse: /, '') : '';
    if (options.mayHoldSecrets) {
      // Neither the text nor V8's message, which can quote it (`Unexpected token 'h', "{…}" is
      // not valid JSON`): a secret value in broken JSON is not yet known to be one to redact.
      const position = /at position (\d+)/.exec(detail)?.[1];
      const where = position === undefined ? '' : ` (at position ${position})`;
      throw new UsageError(
        input,
        `${input} is not valid JSON${where}; its text is not shown, as it may hold secret values`,
      );
    }
    throw new UsageError(input, `${input} is not valid JSON (${detail}): ${preview(text)}`);
  }
}

/** Short enough to show in a message; never used for secret-bearing inputs' values. */
export function preview(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a JSON value is, in a message: "an array", "a number (3)", "null". */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number' || typeof value === 'boolean')
    return `a ${typeof value} (${value})`;
  return typeof value;
}
