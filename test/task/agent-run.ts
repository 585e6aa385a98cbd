/**
 * Runs a packaged task as the agent does (docs/design/azure-devops.md §10): `node <task
 * folder>/index.js` with the step's inputs as `INPUT_*` variables (every input of task.json, its
 * default when the step does not set it), the connection as `ENDPOINT_*` variables and the job's
 * `SYSTEM_*` variables.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { spawnProcess, type RunningCli } from '../helpers/cli-wait.ts';
import { cleanEnv } from '../helpers/cli.ts';
import { tokenValue } from '../helpers/e2e-runs.ts';

export interface TaskJson {
  readonly name: string;
  readonly version: { Major: number; Minor: number; Patch: number };
  readonly inputs: readonly {
    name: string;
    type: string;
    defaultValue?: string;
    visibleRule?: string;
  }[];
  readonly outputVariables?: readonly { name: string }[];
  readonly execution: Record<string, { target: string }>;
}

export function readTaskJson(taskDir: string): TaskJson {
  return JSON.parse(readFileSync(join(taskDir, 'task.json'), 'utf8')) as TaskJson;
}

export interface Connection {
  /** The secret the connection holds (what the global output check looks for). */
  readonly secret: string;
  readonly env: Record<string, string>;
}

/** The job's own connection, SystemVssConnection, with the simulator's job token. */
export function systemConnection(sim: RunningSimulator): Connection {
  const token = tokenValue(sim, 'job');
  return {
    secret: token,
    env: {
      ENDPOINT_URL_SYSTEMVSSCONNECTION: `${sim.organizationUrl}/`,
      ENDPOINT_AUTH_SCHEME_SYSTEMVSSCONNECTION: 'OAuth',
      ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: token,
    },
  };
}

/** A generic service connection `id`, its password the simulator's admin PAT. */
export function patConnection(sim: RunningSimulator, id: string): Connection {
  const pat = sim.token.value;
  const key = id.toUpperCase();
  return {
    secret: pat,
    env: {
      [`ENDPOINT_URL_${key}`]: sim.organizationUrl,
      [`ENDPOINT_AUTH_SCHEME_${key}`]: 'UsernamePassword',
      [`ENDPOINT_AUTH_PARAMETER_${key}_USERNAME`]: 'aztm',
      [`ENDPOINT_AUTH_PARAMETER_${key}_PASSWORD`]: pat,
    },
  };
}

/** Starts the task in `taskDir` as a step of a job in project DevOps of the simulator's org. */
export function startTask(
  taskDir: string,
  sim: RunningSimulator,
  options: {
    inputs: Record<string, string>;
    connection?: Connection;
    env?: Record<string, string>;
  },
): RunningCli {
  const task = readTaskJson(taskDir);
  const connection = options.connection ?? systemConnection(sim);
  const inputs: Record<string, string> = {};
  for (const input of task.inputs) {
    const value = options.inputs[input.name] ?? input.defaultValue ?? '';
    inputs[`INPUT_${input.name.toUpperCase()}`] = value;
  }
  for (const name of Object.keys(options.inputs)) {
    if (!task.inputs.some((input) => input.name === name)) {
      throw new Error(`${task.name} has no input "${name}"`);
    }
  }
  const env = cleanEnv({
    TF_BUILD: 'True',
    SYSTEM_COLLECTIONURI: `${sim.organizationUrl}/`,
    SYSTEM_TEAMPROJECT: 'DevOps',
    SYSTEM_DEFAULTWORKINGDIRECTORY: process.cwd(),
    AGENT_TEMPDIRECTORY: mkdtempSync(join(tmpdir(), 'aztm-agent-temp-')),
    ...connection.env,
    ...inputs,
    ...options.env,
  });
  const target = task.execution.Node20_1?.target ?? 'index.js';
  return spawnProcess([join(taskDir, target)], {
    env,
    // What the global check looks for in the output: the token and secret variable values.
    captured: {
      args: [`task ${task.name}`],
      env: { aztm_token: connection.secret, aztm_variables: inputs.INPUT_VARIABLES ?? '' },
    },
  });
}

export interface LoggingCommand {
  readonly name: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly message: string;
}

/** The `##vso[...]` commands in `stdout`, in order, parsed as the agent does (§10.1). */
export function loggingCommands(stdout: string): LoggingCommand[] {
  const commands: LoggingCommand[] = [];
  for (const line of stdout.split('\n')) {
    const start = line.indexOf('##vso[');
    if (start < 0) continue;
    const end = line.indexOf(']', start);
    const head = line.slice(start + 6, end);
    const space = head.indexOf(' ');
    const name = space < 0 ? head : head.slice(0, space);
    const properties: Record<string, string> = {};
    for (const part of (space < 0 ? '' : head.slice(space + 1)).split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) properties[part.slice(0, eq).toLowerCase()] = part.slice(eq + 1);
    }
    commands.push({ name, properties, message: line.slice(end + 1) });
  }
  return commands;
}

/** The output variables a step set: name to value. */
export function outputVariables(commands: readonly LoggingCommand[]): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const command of commands) {
    if (command.name === 'task.setvariable' && command.properties.isoutput === 'true') {
      variables[command.properties.variable ?? ''] = command.message;
    }
  }
  return variables;
}

/** Every `task.complete` result, in order. */
export function completions(commands: readonly LoggingCommand[]): string[] {
  return commands
    .filter((command) => command.name === 'task.complete')
    .map((command) => command.properties.result ?? '');
}
