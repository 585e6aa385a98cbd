/**
 * How a task signs in to Azure DevOps, read from the service connection variables the agent sets
 * for the step: `ENDPOINT_URL_<ID>` and `ENDPOINT_AUTH_PARAMETER_<ID>_<KEY>`, where the job's own
 * connection has the id `SystemVssConnection` and its token the key `AccessToken`.
 */
import { UsageError } from '../errors.ts';
import { variable, type Environment, type TaskInputs } from './read-inputs.ts';

/** The values of the `connectionType` input (task.json). */
const CONNECTION_TYPES = ['systemVssConnection', 'pat', 'azureRM'] as const;

export interface TaskConnection {
  /** The organization the connection points at, the default for the `organization` input. */
  readonly organizationUrl: string | undefined;
  /** The CLI options that sign in: `--token`, `--pat`, or `--auth` with its settings. */
  readonly values: Readonly<Record<string, string>>;
  /** The environment the CLI's sign-in reads (`AZURE_*`, the job's OIDC endpoint). */
  readonly env: Readonly<Record<string, string>>;
  /** To mask before anything is printed. */
  readonly secrets: readonly string[];
}

const SYSTEM = 'SystemVssConnection';

/** Reads the connection the `connectionType` input chooses; throws a UsageError naming it. */
export function readConnection(inputs: TaskInputs, env: Environment): TaskConnection {
  const type = inputs.text('connectionType') ?? 'systemVssConnection';
  switch (type) {
    case 'systemVssConnection': {
      // The job's access token is a JWT: sent as Bearer (docs/design/azure-devops.md §7).
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
        values: { token: secret },
        env: {},
        secrets: [secret],
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
      return {
        organizationUrl: variable(env, `ENDPOINT_URL_${id}`),
        values: { pat: secret },
        env: {},
        secrets: [secret],
      };
    }
    case 'azureRM':
      return azureResourceManager(inputs, env);
    default:
      throw new UsageError(
        'connectionType',
        `task input connectionType "${type}" is not one of ${CONNECTION_TYPES.join(', ')}`,
      );
  }
}

/**
 * An Azure Resource Manager connection with workload identity federation: the CLI's `--auth
 * workload-identity --service-connection ID` asks the job's OIDC endpoint for the connection's
 * federated token and exchanges it with Entra ID for an Azure DevOps token
 * (docs/design/azure-devops.md §7). The connection's identity must be a user of the organization.
 */
function azureResourceManager(inputs: TaskInputs, env: Environment): TaskConnection {
  const id = inputs.text('azureSubscription');
  if (id === undefined) {
    throw new UsageError(
      'azureSubscription',
      'connectionType is azureRM but azureSubscription is empty: choose an Azure Resource Manager service connection that uses workload identity federation',
    );
  }
  const scheme = variable(env, `ENDPOINT_AUTH_SCHEME_${id}`);
  if (scheme !== undefined && scheme.toLowerCase() !== 'workloadidentityfederation') {
    throw new UsageError(
      'azureSubscription',
      `service connection ${id} signs in with ${scheme}: aztm takes Azure Resource Manager connections that use workload identity federation`,
    );
  }
  const needed = (name: string, what: string): string => {
    const value = variable(env, name);
    if (value === undefined) {
      throw new UsageError(
        'azureSubscription',
        `service connection ${id}: ${what} is not available to this step (${name})`,
      );
    }
    return value;
  };
  const tenantId = needed(`ENDPOINT_AUTH_PARAMETER_${id}_TENANTID`, 'its tenant');
  const clientId = needed(
    `ENDPOINT_AUTH_PARAMETER_${id}_SERVICEPRINCIPALID`,
    'its service principal',
  );
  const oidcRequestUri = needed('SYSTEM_OIDCREQUESTURI', "the job's OIDC endpoint");
  // The job's token asks the OIDC endpoint for the connection's federated token.
  const jobToken = needed(
    `ENDPOINT_AUTH_PARAMETER_${SYSTEM}_ACCESSTOKEN`,
    "the job's access token",
  );
  // Sovereign clouds sign in elsewhere: the connection names its authority.
  const authorityHost = variable(env, `ENDPOINT_DATA_${id}_ENVIRONMENTAUTHORITYURL`);
  return {
    organizationUrl: variable(env, 'SYSTEM_COLLECTIONURI'),
    values: { auth: 'workload-identity', 'service-connection': id },
    env: {
      AZURE_TENANT_ID: tenantId,
      AZURE_CLIENT_ID: clientId,
      SYSTEM_OIDCREQUESTURI: oidcRequestUri,
      SYSTEM_ACCESSTOKEN: jobToken,
      ...(authorityHost ? { AZURE_AUTHORITY_HOST: authorityHost } : {}),
    },
    secrets: [jobToken],
  };
}
