import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { YamlErrorFactory } from './located-error.ts';

/** Keys and list indexes from the document root to a node, as ajv and the resolver walk it. */
export type YamlPath = readonly (string | number)[];

/** Whether a position is wanted for a mapping key itself (an unknown key) or for its value. */
type YamlTarget = 'key' | 'value';

/** A parsed YAML file: its plain data, and the way back from a path to a line and column. */
export interface YamlSource {
  readonly file: string;
  /** The document as plain data: what the schema validates and the resolver reads. */
  readonly data: unknown;
  /**
   * The 1-based position of the node at `path` (or of its key). When the node does not exist
   * (a missing key, a defaulted value), the position of its nearest existing ancestor.
   */
  locate(path: YamlPath, target?: YamlTarget): { readonly line: number; readonly column: number };
  /** Makes the error of this kind of file (ScenarioError, FlowError). */
  readonly error: YamlErrorFactory;
}

/**
 * Parses YAML text; a syntax error becomes an error made by `error` at the place the parser
 * stopped.
 */
export function readYaml(text: string, file: string, error: YamlErrorFactory): YamlSource {
  const lineCounter = new LineCounter();
  // merge: `<<: *base` lets a file share one run script between pipelines.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true });
  const position = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const { line, column } = position(syntaxError.pos[0]);
    // The parser recurses into flow collections (`[[[...`): too deep, it runs out of stack.
    if (/call stack/i.test(syntaxError.message)) throw error(file, line, column, TOO_DEEP);
    throw error(file, line, column, `invalid YAML: ${shortMessage(syntaxError.message)}`);
  }
  let data: unknown;
  try {
    // maxAliasCount guards against "billion laughs" alias bombs in a hand-edited file.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    if (cause instanceof RangeError) throw error(file, 1, 1, TOO_DEEP, { cause });
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw error(file, 1, 1, `invalid YAML: ${shortMessage(reason)}`, { cause });
  }
  if (nestingDepth(data) > MAX_YAML_DEPTH) {
    throw error(file, 1, 1, TOO_DEEP);
  }

  const locate = (path: YamlPath, target: YamlTarget = 'value') => {
    let node: unknown = doc.contents;
    let offset = isNode(node) ? (node.range?.[0] ?? 0) : 0;
    for (const [index, segment] of path.entries()) {
      if (isAlias(node)) node = node.resolve(doc);
      let next: unknown;
      let keyOffset: number | undefined;
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (!pair) break;
        keyOffset = isNode(pair.key) ? pair.key.range?.[0] : undefined;
        next = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
      } else {
        break;
      }
      if (index === path.length - 1 && target === 'key' && keyOffset !== undefined) {
        return position(keyOffset);
      }
      // `key:` with nothing after it parses as an empty null scalar placed after the colon; the
      // key is the better place to point at.
      const range = isNode(next) ? next.range : undefined;
      if (!range || range[0] === range[1]) {
        if (keyOffset !== undefined) offset = keyOffset;
        break;
      }
      offset = range[0];
      node = next;
    }
    return position(offset);
  };
  return { file, data, locate, error };
}

/** Far deeper than any flow or scenario needs; code that walks the data recurses. */
const MAX_YAML_DEPTH = 32;

const TOO_DEEP = `the file nests mappings or lists deeper than ${MAX_YAML_DEPTH} levels, the most aztm reads`;

/** How deep mappings and lists nest in `data`, walked with a stack of its own, not recursion. */
function nestingDepth(data: unknown): number {
  let deepest = 0;
  const pending: { value: unknown; depth: number }[] = [{ value: data, depth: 0 }];
  const seen = new Set<object>();
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, depth } = next;
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_YAML_DEPTH) return deepest;
    const children = value instanceof Map ? [...value.values()] : Object.values(value);
    for (const child of children) pending.push({ value: child, depth: depth + 1 });
  }
  return deepest;
}

/** `steps[2].release.variables["system.debug"]`: how messages name a place. */
export function describePath(path: YamlPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/**
 * Throws the source's error at `path`. A message about a key itself (`target: 'key'`) names the
 * mapping the key is in, since the key is not a value that has a path.
 */
export function fail(
  source: YamlSource,
  path: YamlPath,
  reason: string,
  target: YamlTarget = 'value',
): never {
  const { line, column } = source.locate(path, target);
  const where = describePath(target === 'key' ? path.slice(0, -1) : path);
  throw source.error(source.file, line, column, where === '' ? reason : `${where}: ${reason}`);
}

/** The parser's message without the location and source excerpt it sometimes appends. */
function shortMessage(message: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  return firstLine.replace(/ at line \d+, column \d+:?$/, '').trim();
}
