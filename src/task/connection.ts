/**
 * How a task signs in to Azure DevOps, read from the service connection variables the agent sets
 * for the step: `ENDPOINT_URL_<ID>` and `ENDPOINT_AUTH_PARAMETER_<ID>_<KEY>`, where the job's own
 * connection has the id `SystemVssConnection` and its token the key `AccessToken`.
 */
import { UsageError } from '../errors.ts';
import { variable, type Environment, type TaskInputs } from './read-inputs.ts';

/** The values of the `connectionType` input (task.json). */
export const CONNECTION_TYPES = ['systemVssConnection', 'pat'] as const;
export type ConnectionType = (typeof CONNECTION_TYPES)[number];

export interface TaskConnection {
  /** The organization the connection points at, the default for the `organization` input. */
  readonly organizationUrl: string | undefined;
  /** The CLI's token option (`token`: always Bearer; `pat`: Basic or Bearer by its form). */
  readonly option: 'token' | 'pat';
  readonly secret: string;
}

const SYSTEM = 'SystemVssConnection';

/** Reads the connection the `connectionType` input chooses; throws a UsageError naming it. */
export function readConnection(inputs: TaskInputs, env: Environment): TaskConnection {
  const type = inputs.text('connectionType') ?? 'systemVssConnection';
  switch (type) {
    case 'systemVssConnection': {
      // The job's access token is a JWT: sent as Bearer (fact sheet §7).
      const secret = variable(env, `ENDPOINT_AUTH_PARAMETER_${SYSTEM}_ACCESSTOKEN`);
      if (secret === undefined) {
        throw new UsageError(
          'connectionType',
          "the job's access token is not available to this step (no ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN): run the task on an Azure Pipelines agent, or choose connectionType: pat with a service connection",
        );
      }
      return {
        organizationUrl:
          variable(env, 'SYSTEM_COLLECTIONURI') ?? variable(env, `ENDPOINT_URL_${SYSTEM}`),
        option: 'token',
        secret,
      };
    }
    case 'pat': {
      const id = inputs.text('serviceConnection');
      if (id === undefined) {
        throw new UsageError(
          'serviceConnection',
          'connectionType is pat but serviceConnection is empty: choose a generic service connection whose password is a personal access token',
        );
      }
      // A generic connection holds the PAT as its password, the organization as its URL.
      const secret = variable(env, `ENDPOINT_AUTH_PARAMETER_${id}_PASSWORD`);
      if (secret === undefined) {
        throw new UsageError(
          'serviceConnection',
          `service connection ${id} has no password: put the personal access token in the generic connection's password`,
        );
      }
      return { organizationUrl: variable(env, `ENDPOINT_URL_${id}`), option: 'pat', secret };
    }
    // An Azure Resource Manager connection (workload identity federation) plugs in here: it
    // would exchange the connection's federated token for an Entra ID token (the CLI's --auth)
    // and return it with option 'token'.
    default:
      throw new UsageError(
        'connectionType',
        `task input connectionType "${type}" is not one of ${CONNECTION_TYPES.join(', ')}`,
      );
  }
}
