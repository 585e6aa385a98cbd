/**
 * The TriggerAndMonitor task (extension/TriggerAndMonitor/task.json): `aztm pipeline|build|
 * release|watch` as an Azure Pipelines step. It only reads inputs; the CLI's own command core
 * (src/cli/run-command.ts) triggers, follows, writes the logging commands and the output
 * variables, and cancels the run when the agent cancels the step (SIGINT,
 * docs/design/azure-devops.md §10.2).
 */
import type { CommandContext } from '../cli/commands.ts';
import { secretVariableValues } from '../cli/input-secrets.ts';
import { buildRequest, pipelineRequest, releaseRequest } from '../inputs/requests.ts';
import { attachAndFollow, triggerAndFollow, type CommandResult } from '../cli/run-command.ts';
import { UsageError } from '../errors.ts';
import { commandEnvironment } from './command-env.ts';
import { readConnection } from './connection.ts';
import { ONE_OF, TASK_COMMANDS, TRIGGER_TASK_INPUTS, type TaskCommand } from './inputs.ts';
import { runTask, type TaskIo } from './run-task.ts';
import { variable } from './read-inputs.ts';
import { taskEndFor, type TaskEnd } from './task-result.ts';

const REQUESTS = {
  pipeline: pipelineRequest,
  build: buildRequest,
  release: releaseRequest,
} as const;

async function triggerAndMonitor(io: TaskIo): Promise<TaskEnd | null> {
  // The token first: masked before anything else can print (§10.1).
  const connection = readConnection(io.inputs, io.env);
  for (const secret of connection.secrets) io.addSecret(secret);
  // Secret variable values too, before any input is checked: a message may quote an input.
  for (const secret of secretVariableValues(io.inputs.text('variables') ?? '')) {
    io.addSecret(secret);
  }
  const command = readCommand(io.inputs.text('command'));
  const [first, second] = ONE_OF[command];
  if (io.inputs.text(first) === undefined && io.inputs.text(second) === undefined) {
    throw new UsageError(
      first,
      `task input ${first} or ${second} is needed for command ${command}`,
    );
  }
  const values = io.inputs.optionValues(command);
  const context: CommandContext = {
    values: {
      ...values,
      // The job's own organization and project unless the inputs name others.
      organization: values.organization ?? connection.organizationUrl,
      project: values.project ?? variable(io.env, 'SYSTEM_TEAMPROJECT'),
      ...connection.values,
    },
    positionals: [],
    // The core writes the agent's logging commands when TF_BUILD is set; a task always runs
    // under the agent.
    env: commandEnvironment(io.env, connection, io.addSecret),
    stdout: process.stdout,
    stderr: process.stderr,
    redactor: io.redactor,
  };
  const ended: CommandResult =
    command === 'watch'
      ? await attachAndFollow(context)
      : await triggerAndFollow(context, (project) => REQUESTS[command](context.values, project));
  return taskEndFor(
    ended,
    values['dry-run'] === true ? 'dry run: nothing was triggered' : 'triggered, not waited for',
  );
}

function readCommand(value: string | undefined): TaskCommand {
  const command = TASK_COMMANDS.find((name) => name === (value ?? 'pipeline'));
  if (command === undefined) {
    throw new UsageError(
      'command',
      `task input command "${value}" is not one of ${TASK_COMMANDS.join(', ')}`,
    );
  }
  return command;
}

runTask(TRIGGER_TASK_INPUTS, triggerAndMonitor);
