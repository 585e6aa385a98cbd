/**
 * The one list of the inputs the Azure Pipelines tasks read: the task's own, and the rows of the
 * table of inputs (src/inputs/table.ts) that have a task input, each with the CLI option it stands
 * for. The task adapter reads inputs only through these lists (src/task/read-inputs.ts), and
 * test/inputs/agreement.test.ts checks them against each task's task.json, both ways.
 */
import type { InputNaming } from '../inputs/requests.ts';
import { INPUTS, inputRow, RULES, type InputRow } from '../inputs/table.ts';

/** What the TriggerAndMonitor task runs: the CLI command of the same name. */
export const TASK_COMMANDS = ['pipeline', 'build', 'release', 'watch'] as const;
export type TaskCommand = (typeof TASK_COMMANDS)[number];

export interface TaskInput {
  /** The input's name in task.json; the agent passes it as INPUT_<NAME upper-cased>. */
  readonly name: string;
  /** The CLI option it stands for (src/inputs/table.ts), or null for the task's own. */
  readonly option: string | null;
  readonly type: 'string' | 'boolean';
  /** The commands that read it: an input hidden for the chosen command is never read. */
  readonly commands: readonly TaskCommand[];
}

/** The task's own inputs, none a CLI option: how the tasks sign in (the job's token, a PAT in a
 * generic service connection, or an Azure Resource Manager connection with workload identity). */
function own(name: string): TaskInput {
  return { name, option: null, type: 'string', commands: TASK_COMMANDS };
}
const SIGN_IN = ['connectionType', 'serviceConnection', 'azureSubscription'].map(own);

/** A table row's task input, read for the task commands the row applies to. */
function fromTable(input: InputRow, commands: readonly TaskCommand[]): TaskInput {
  return { name: input.task?.input ?? input.id, option: input.flag, type: input.type, commands };
}

function commandsOf(input: InputRow): TaskCommand[] {
  return TASK_COMMANDS.filter((command) => input.kinds.includes(command));
}

/** TriggerAndMonitor: `aztm pipeline|build|release|watch`. */
export const TRIGGER_TASK_INPUTS: readonly TaskInput[] = [
  own('command'),
  ...SIGN_IN,
  ...INPUTS.filter((input) => input.task && commandsOf(input).length > 0).map((input) =>
    fromTable(input, commandsOf(input)),
  ),
];

/** RunFlow: `aztm flow run FILE`. */
export const FLOW_TASK_INPUTS: readonly TaskInput[] = [
  own('flowFile'),
  ...SIGN_IN,
  ...INPUTS.filter((input) => input.task?.runFlow).map((input) => fromTable(input, TASK_COMMANDS)),
];

/**
 * The inputs of which each command needs one (the table's rules, in the task's inputs): checked
 * in the task's own words before the CLI's checks.
 */
export const ONE_OF: Readonly<Record<TaskCommand, readonly [string, string]>> = {
  pipeline: oneOf('pipeline'),
  build: oneOf('build'),
  release: oneOf('release'),
  watch: oneOf('watch'),
};

function oneOf(command: TaskCommand): readonly [string, string] {
  const rule = RULES.find((candidate) => candidate.kind === command);
  const [first, second, ...more] = (rule?.exactlyOne ?? []).flatMap((id) => {
    const name = inputRow(id).task?.input;
    return name === undefined ? [] : [name];
  });
  if (first === undefined || second === undefined || more.length > 0) {
    throw new Error(`bug: the task has not two inputs for the rule of ${command}`);
  }
  return [first, second];
}

/** The task's words for the request builder (src/inputs/requests.ts): its input names. */
export const TASK_NAMING: InputNaming = {
  name: (input) => `task input ${input.task?.input ?? input.id}`,
  tooMany: (_rule, given) =>
    `give only one of the task inputs ${given.map((input) => input.task?.input ?? input.id).join(' and ')}`,
  missing: (rule) =>
    `task input ${rule.exactlyOne
      .map((id) => inputRow(id).task?.input)
      .filter((name) => name !== undefined)
      .join(' or ')} is needed for command ${rule.kind}`,
  textValues: true,
};
