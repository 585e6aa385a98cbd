/**
 * The TriggerAndMonitor task (extension/TriggerAndMonitor/task.json): `pipeline|build|release|
 * watch` as an Azure Pipelines step. It reads its inputs and runs the session the command line
 * runs too (src/session/run-session.ts), which triggers, follows, writes the logging commands and
 * the output variables, and cancels the run when the agent cancels the step (SIGINT,
 * docs/design/azure-devops.md §10.2); the step's result is its end's (src/end-mapping.ts).
 */
import { taskEndOf, type TaskEnd } from '../end-mapping.ts';
import { UsageError } from '../errors.ts';
import { buildRequest, pipelineRequest, releaseRequest } from '../inputs/requests.ts';
import type { SessionContext } from '../session/context.ts';
import { secretVariableValues } from '../session/input-secrets.ts';
import {
  triggerSession,
  watchSession,
  type SessionEnd,
  type Terminal,
} from '../session/run-session.ts';
import { commandEnvironment } from './command-env.ts';
import { readConnection } from './connection.ts';
import { ONE_OF, TASK_COMMANDS, TRIGGER_TASK_INPUTS, type TaskCommand } from './inputs.ts';
import { variable } from './read-inputs.ts';
import { runTask, type TaskIo } from './run-task.ts';

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
  const context: SessionContext = {
    values: {
      ...values,
      // The job's own organization and project unless the inputs name others.
      organization: values.organization ?? connection.organizationUrl,
      project: values.project ?? variable(io.env, 'SYSTEM_TEAMPROJECT'),
      ...connection.values,
    },
    env: commandEnvironment(io.env, connection, io.addSecret),
    stdout: process.stdout,
    stderr: process.stderr,
    redactor: io.redactor,
  };
  // A task always runs under the agent: its progress is the agent's logging commands.
  const terminal: Terminal = {
    isTty: process.stderr.isTTY === true,
    inAzurePipelines: true,
    ...(process.stderr.columns ? { columns: process.stderr.columns } : {}),
  };
  const ended: SessionEnd =
    command === 'watch'
      ? await watchSession(context, terminal)
      : await triggerSession(context, terminal, {
          buildRequest: (project) => REQUESTS[command](context.values, project),
          dryRun: values['dry-run'] === true,
          noWait: values['no-wait'] === true,
        });
  return taskEndOf(ended.end, ended);
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
