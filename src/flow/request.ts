/**
 * A step's `pipeline`, `build` or `release` mapping as the TargetRequest its command would build
 * from the same inputs: the keys are the flow keys of the table of inputs (src/inputs/table.ts),
 * and the one request builder (src/inputs/requests.ts) checks them with the command's own rules.
 */
import { InputError, targetRequest, type InputNaming } from '../inputs/requests.ts';
import { inputsOf, type InputRow, type RequestKind } from '../inputs/table.ts';
import type { TargetRequest } from '../target.ts';
import { describePath, fail, type YamlPath, type YamlSource } from '../yaml/source.ts';
import { STEP_KINDS, type RawStep } from './raw.ts';

/** The inputs a step's mapping of `kind` may hold, by their flow key. */
export function requestKeys(kind: RequestKind): readonly InputRow[] {
  return inputsOf(kind).filter((input) => input.flow?.at === 'request');
}

/**
 * Turns a step's mapping into its TargetRequest. `at` is the step's path; the step must have
 * exactly one kind (checked before). A refusal is a FlowError at the node it is about.
 */
export function stepRequest(
  source: YamlSource,
  step: RawStep,
  at: YamlPath,
  project: string,
): TargetRequest {
  const kind = STEP_KINDS.find((candidate) => step[candidate] !== undefined) ?? 'release';
  const raw = step[kind] ?? {};
  const path = [...at, kind];
  const keyOf = (input: InputRow): string => input.flow?.key ?? input.id;
  const values = Object.fromEntries(
    requestKeys(kind).map((input) => [input.id, raw[keyOf(input)]]),
  );
  const quoted = (ids: readonly string[]): string[] =>
    requestKeys(kind)
      .filter((input) => ids.includes(input.id))
      .map((input) => `"${keyOf(input)}"`);
  const naming: InputNaming = {
    name: (input) => describePath([...path, keyOf(input)]),
    tooMany: (_rule, given) =>
      `give only one of ${quoted(given.map((input) => input.id)).join(' and ')}`,
    missing: (rule) => `needs ${quoted(rule.exactlyOne).join(' or ')}`,
    textValues: false,
  };
  try {
    return targetRequest(kind, values, project, naming);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const [first, second] = error.inputs.map(keyOf);
    if (error.broken === 'tooMany') fail(source, [...path, second ?? ''], error.message, 'key');
    if (error.broken === 'missing') fail(source, path, error.message);
    const { line, column } = source.locate([...path, first ?? '']);
    throw source.error(source.file, line, column, error.message, { cause: error });
  }
}
