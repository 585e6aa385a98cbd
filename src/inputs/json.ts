import { UsageError } from '../errors.ts';

/**
 * The deepest nesting of arrays and objects a JSON value given as input may have. Real inputs
 * (variables, template parameters, artifacts) nest two or three levels; a much deeper value is
 * refused, as code that walks it (JSON.stringify, the redactor) would exhaust the stack.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether JSON text nests arrays and objects deeper than `max`, found in one pass over the text,
 * without parsing it or recursing (brackets inside strings do not count). Broken JSON is left to
 * JSON.parse to word.
 */
export function exceedsNesting(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index++; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      if (++depth > max) return true;
    } else if (char === 0x5d || char === 0x7d) {
      depth--;
    }
  }
  return false;
}

/**
 * Parses a JSON option value, with a message that names the input and shows where the JSON
 * broke. (Users pass these through environment variables because quoting JSON on a command line
 * in a pipeline is fragile, as the original script's users found.) Every JSON value given as an
 * option goes through here, so the nesting limit holds for all of them.
 */
export function parseJsonInput(
  text: string,
  input: string,
  options: { readonly mayHoldSecrets?: boolean } = {},
): unknown {
  if (exceedsNesting(text)) {
    throw new UsageError(
      input,
      `${input} nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels, the most aztm takes`,
    );
  }
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
    // V8's `Unexpected token 'x', "…text…" is not valid JSON` quotes a window of the text, which
    // may cut a secret anywhere: the redactor finds one cut only where the preview cuts it.
    const reason = detail.replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '');
    throw new UsageError(input, `${input} is not valid JSON (${reason}): ${preview(text)}`);
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
