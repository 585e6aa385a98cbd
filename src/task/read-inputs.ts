/**
 * Task inputs as the agent passes them: `INPUT_` + the input's name upper-cased, `.` and spaces
 * turned into `_` (the agent's VarUtil.ConvertToEnvVariableFormat). Only inputs of the lists in
 * src/task/inputs.ts can be read, so the list is the whole truth of what the task reads.
 */
import type { OptionValues } from '../inputs/values.ts';
import { UsageError } from '../errors.ts';
import type { TaskCommand, TaskInput } from './inputs.ts';

export type Environment = Readonly<Record<string, string | undefined>>;

/** The environment variable the agent sets for an input. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/[. ]/g, '_').toUpperCase()}`;
}

/** Looks a variable up in any letter case: the agent upper-cases, a hand-run test may not. */
export function variable(env: Environment, name: string): string | undefined {
  const exact = env[name];
  if (exact !== undefined) return exact === '' ? undefined : exact;
  const wanted = name.toUpperCase();
  for (const [key, value] of Object.entries(env)) {
    if (key.toUpperCase() === wanted) return value === '' ? undefined : value;
  }
  return undefined;
}

export class TaskInputs {
  readonly #inputs: readonly TaskInput[];
  readonly #env: Environment;

  constructor(inputs: readonly TaskInput[], env: Environment) {
    this.#inputs = inputs;
    this.#env = env;
  }

  /** One declared input's text; undefined when empty or not given. */
  text(name: string): string | undefined {
    if (!this.#inputs.some((input) => input.name === name)) {
      throw new Error(`bug: task input "${name}" is not declared in src/task/inputs.ts`);
    }
    return variable(this.#env, inputVariable(name))?.trim() || undefined;
  }

  /** The task input that stands for a CLI option, to name it in messages. */
  inputFor(option: string): string | undefined {
    return this.#inputs.find((input) => input.option === option)?.name;
  }

  /**
   * The CLI option values of the inputs `command` reads (every input when no command is given),
   * as the CLI's own reader would have produced them from flags (src/cli/options.ts): strings,
   * and booleans for switches.
   */
  optionValues(command?: TaskCommand): OptionValues {
    const values: Record<string, string | boolean> = {};
    for (const input of this.#inputs) {
      if (input.option === null) continue;
      if (command !== undefined && !input.commands.includes(command)) continue;
      const raw = this.text(input.name);
      if (raw === undefined) continue;
      values[input.option] = input.type === 'boolean' ? readSwitch(input.name, raw) : raw;
    }
    return values;
  }
}

function readSwitch(name: string, raw: string): boolean {
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new UsageError(name, `task input ${name} must be true or false, got "${raw}"`);
}
