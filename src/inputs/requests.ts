/**
 * The one request builder: from inputs keyed by the table's ids (src/inputs/table.ts) to the
 * TargetRequest of src/target.ts, with the table's rules. Every adapter calls it with its own
 * naming, so that a refusal names the input as its user wrote it: `--pipeline-id` on the command
 * line, `steps[0].pipeline.pipelineId` in a flow file, the task input `pipelineId` in the task.
 */
import { UsageError } from '../errors.ts';
import { parseJsonInput } from './json.ts';
import {
  inputRow,
  inputsOf,
  RULES,
  type InputKind,
  type InputRow,
  type InputRule,
  type RequestKind,
} from './table.ts';
import type {
  BuildRequest,
  DefinitionSelector,
  PipelineRequest,
  ReleaseRequest,
  TargetRequest,
  VariableValue,
} from '../target.ts';
import type { OptionValues } from './values.ts';

/** An adapter's values, keyed by the table's ids; `undefined` (or absent): not given. */
type InputValues = Readonly<Record<string, unknown>>;

/** How an adapter names inputs and says that a rule between them is broken. */
export interface InputNaming {
  /** The input in the adapter's words: `--pipeline-id`, `steps[0].pipeline.pipelineId`. */
  name(input: InputRow): string;
  /** Refusal of a rule whose inputs were given more than once (`given`: at least two). */
  tooMany(rule: InputRule, given: readonly InputRow[]): string;
  /** Refusal of a rule none of whose inputs was given. */
  missing(rule: InputRule): string;
  /** Values come as text (command line, task), so JSON inputs are parsed first. */
  readonly textValues: boolean;
}

/** A refusal of an input or a rule: `inputs` are the rows it is about, the first one to blame. */
export class InputError extends UsageError {
  readonly inputs: readonly InputRow[];
  readonly broken: 'value' | 'tooMany' | 'missing';

  constructor(
    inputs: readonly InputRow[],
    broken: InputError['broken'],
    name: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(name, message, options);
    this.inputs = inputs;
    this.broken = broken;
  }
}

/** The command line's words (docs/design/cli-contract.md), also for the `aztm_*` variables. */
export const CLI_NAMING: InputNaming = {
  name: (input) => `--${input.flag}`,
  tooMany: (rule, given) =>
    `give the ${rule.what} once: ${given.map((input) => `--${input.flag}`).join(' and ')} were both given`,
  missing: (rule) =>
    `the ${rule.what} is missing: give ${rule.exactlyOne.map((id) => `--${inputRow(id).flag}`).join(' or ')} (or their aztm_* variables)`,
  textValues: true,
};

/**
 * Checks the rules of `kind` against the inputs given.
 * @throws InputError when one is broken.
 */
export function checkRules(kind: InputKind, values: InputValues, naming: InputNaming): void {
  for (const rule of RULES.filter((candidate) => candidate.kind === kind)) {
    const rows = rule.exactlyOne.map(inputRow);
    const given = rows.filter((input) => values[input.id] !== undefined);
    const blamed = given[0] ?? rows[0];
    if (blamed === undefined || given.length === 1) continue;
    if (given.length > 1)
      throw new InputError(given, 'tooMany', naming.name(blamed), naming.tooMany(rule, given));
    throw new InputError(rows, 'missing', naming.name(blamed), naming.missing(rule));
  }
}

/** The checked value of one input, `undefined` when not given. */
function inputValue(id: string, values: InputValues, naming: InputNaming): unknown {
  const input = inputRow(id);
  const value = values[id];
  if (value === undefined || input.parse === undefined) return value;
  const name = naming.name(input);
  try {
    const parsed =
      input.json && naming.textValues && typeof value === 'string'
        ? parseJsonInput(value, name, { mayHoldSecrets: input.secret === true })
        : value;
    return input.parse(parsed, name);
  } catch (error) {
    if (!(error instanceof UsageError) || error instanceof InputError) throw error;
    throw new InputError([input], 'value', name, error.message, { cause: error });
  }
}

/** The TargetRequest of `kind` from an adapter's values. @throws InputError */
export function targetRequest(
  kind: RequestKind,
  values: InputValues,
  project: string,
  naming: InputNaming,
): TargetRequest {
  checkRules(kind, values, naming);
  const value = (id: string): unknown => inputValue(id, values, naming);
  const revision = (): { branch?: string; commit?: string } => {
    const branch = value('branch') as string | undefined;
    const commit = value('commit') as string | undefined;
    return { ...(branch ? { branch } : {}), ...(commit ? { commit } : {}) };
  };
  const variables = (): Record<string, VariableValue> =>
    (value('variables') as Record<string, VariableValue> | undefined) ?? {};
  switch (kind) {
    case 'pipeline': {
      const request: PipelineRequest = {
        kind,
        project,
        pipeline: selector(kind, ['pipelineId'], 'pipeline', value, naming),
        ...revision(),
        variables: variables(),
        templateParameters: (value('templateParameters') as Record<string, string>) ?? {},
        stagesToSkip: (value('stagesToSkip') as string[] | undefined) ?? [],
      };
      return request;
    }
    case 'build': {
      const request: BuildRequest = {
        kind,
        project,
        definition: selector(kind, ['definitionId'], 'definition', value, naming),
        ...revision(),
        variables: variables(),
      };
      return request;
    }
    case 'release': {
      const description = value('description') as string | undefined;
      const stages = value('stages') as string[] | undefined;
      const request: ReleaseRequest = {
        kind,
        project,
        definition: selector(kind, ['releaseId', 'definitionId'], 'definition', value, naming),
        artifacts: (value('artifacts') as ReleaseRequest['artifacts'] | undefined) ?? [],
        variables: variables(),
        ...(description !== undefined ? { description } : {}),
        ...(stages !== undefined ? { stages } : {}),
      };
      return request;
    }
  }
}

/** The definition by id or by name, the rules checked before: at most one was given. */
function selector(
  kind: RequestKind,
  ids: readonly string[],
  nameId: string,
  value: (id: string) => unknown,
  naming: InputNaming,
): DefinitionSelector {
  for (const id of ids) {
    const given = value(id);
    if (given !== undefined) return { id: given as number };
  }
  const name = value(nameId) as string | undefined;
  if (name !== undefined) return { name };
  // The name was given as spaces only: as if nothing was.
  checkRules(kind, {}, naming);
  throw new Error(`bug: no rule for the definition of ${kind}`);
}

/** The command line's values (keyed by flag) keyed by the table's ids. */
function fromOptions(values: OptionValues, kind: InputKind): InputValues {
  return Object.fromEntries(inputsOf(kind).map((input) => [input.id, values[input.flag]]));
}

/** The text of a string option, `undefined` when not given. */
export function text(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A required string option. */
export function required(values: OptionValues, name: string, what: string): string {
  const value = text(values, name)?.trim();
  if (!value) {
    throw new UsageError(
      `--${name}`,
      `${what} is missing: give --${name} or set aztm_${name.replace(/-/g, '_')}`,
    );
  }
  return value;
}

/** `aztm pipeline`'s request from the command line's values (keyed by flag). */
export function pipelineRequest(values: OptionValues, project: string): PipelineRequest {
  return targetRequest(
    'pipeline',
    fromOptions(values, 'pipeline'),
    project,
    CLI_NAMING,
  ) as PipelineRequest;
}

export function buildRequest(values: OptionValues, project: string): BuildRequest {
  return targetRequest('build', fromOptions(values, 'build'), project, CLI_NAMING) as BuildRequest;
}

export function releaseRequest(values: OptionValues, project: string): ReleaseRequest {
  return targetRequest(
    'release',
    fromOptions(values, 'release'),
    project,
    CLI_NAMING,
  ) as ReleaseRequest;
}

/**
 * What `aztm watch` follows, from the command line's values: a run (or build) or a release, by
 * the table's rule for watch (exactly one of them).
 * @throws InputError naming the flags.
 */
export function watchTarget(values: OptionValues): {
  readonly kind: 'run' | 'release';
  readonly id: number;
} {
  const given = fromOptions(values, 'watch');
  checkRules('watch', given, CLI_NAMING);
  const runId = inputValue('runId', given, CLI_NAMING);
  return runId === undefined
    ? { kind: 'release', id: inputValue('release', given, CLI_NAMING) as number }
    : { kind: 'run', id: runId as number };
}
