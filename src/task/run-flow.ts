/**
 * The RunFlow task (extension/RunFlow/task.json): `aztm flow run FILE` as an Azure Pipelines
 * step. It only reads inputs; the CLI's flow command runs the graph and cancels every running
 * step when the agent cancels this one (SIGINT, docs/design/azure-devops.md §10.2).
 */
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { run as flowCommand } from '../cli/commands/flow.ts';
import { UsageError } from '../errors.ts';
import { setOutputVariable } from '../report/logging-commands.ts';
import { commandEnvironment } from './command-env.ts';
import { readConnection } from './connection.ts';
import { FLOW_TASK_INPUTS } from './inputs.ts';
import { variable } from './read-inputs.ts';
import { runTask, type TaskIo } from './run-task.ts';
import { flowEndFor, type TaskEnd } from './task-result.ts';

async function runFlow(io: TaskIo): Promise<TaskEnd> {
  const connection = readConnection(io.inputs, io.env);
  for (const secret of connection.secrets) io.addSecret(secret);
  const file = io.inputs.text('flowFile');
  if (file === undefined) {
    throw new UsageError('flowFile', 'task input flowFile is empty: give the flow file to run');
  }
  // A relative path is the repository's, as for the agent's own file path inputs.
  const base = variable(io.env, 'SYSTEM_DEFAULTWORKINGDIRECTORY') ?? process.cwd();
  const values = io.inputs.optionValues();
  // Other organizations' own tokens, mapped into the step's environment (README, "Several
  // organizations"): masked before anything else is printed.
  const organizationTokens = Object.fromEntries(
    Object.entries(io.env).filter(
      (entry): entry is [string, string] =>
        /^aztm_(pat|token)_./i.test(entry[0]) && typeof entry[1] === 'string' && entry[1] !== '',
    ),
  );
  for (const secret of Object.values(organizationTokens)) io.addSecret(secret);
  // The run's report goes with the run: written in the agent's temporary folder, then attached
  // to the run's summary by the flow command (task.uploadsummary).
  const temporary = variable(io.env, 'AGENT_TEMPDIRECTORY') ?? tmpdir();
  const summary = join(
    temporary,
    `aztm-flow-${variable(io.env, 'SYSTEM_JOBID') ?? process.pid}.md`,
  );
  const exitCode = await flowCommand({
    values: {
      summary,
      ...values,
      organization: values.organization ?? connection.organizationUrl,
      ...connection.values,
    },
    positionals: ['run', isAbsolute(file) ? file : resolve(base, file)],
    env: { ...organizationTokens, ...commandEnvironment(io.env, connection, io.addSecret) },
    stdout: io.stdout,
    stderr: io.stderr,
    redactor: io.redactor,
  });
  const { result, end } = flowEndFor(exitCode);
  io.stdout.write(`${setOutputVariable('result', result)}\n`);
  return end;
}

runTask(FLOW_TASK_INPUTS, runFlow);
