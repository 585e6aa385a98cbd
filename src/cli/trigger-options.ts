import { helpFor, inputsOf, type InputKind } from '../inputs/table.ts';
import type { OptionSpec } from './options.ts';

/**
 * The options of `aztm pipeline|build|release|watch|flow`: the rows of the table of inputs
 * (src/inputs/table.ts) of that command, in its order, with its help for that command.
 */
export function tableOptions(kind: InputKind): OptionSpec[] {
  return inputsOf(kind).map((input) => ({
    name: input.flag,
    type: input.type,
    ...(input.valueName === undefined ? {} : { valueName: input.valueName }),
    description: helpFor(input, kind),
    environment: input.env,
    ...(input.secret ? { secret: true } : {}),
  }));
}
