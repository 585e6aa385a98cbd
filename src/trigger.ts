/**
 * Triggering a resolved Target: one create request (never repeated blindly, style.md rule 5),
 * and for a release with `--stages`, the deploys of chosen stages that would not start by
 * themselves. Returns the Handle `follow()` takes.
 */
import type { AzureDevOpsClient } from './azdo/client.ts';
import type { ReleaseStartMetadata, RunPipelineParameters } from './azdo/types.ts';
import { fullRef } from './resolve/inputs.ts';
import { buildWebUrl, releaseWebUrl, webUrl } from './resolve/handle.ts';
import { sameName } from './resolve/names.ts';
import { planReleaseStages } from './resolve/stage-plan.ts';
import type {
  BuildTarget,
  Handle,
  PipelineTarget,
  ReleaseTarget,
  Target,
  VariableValue,
} from './target.ts';

export type TriggerClient = Pick<
  AzureDevOpsClient,
  'organization' | 'pipelines' | 'builds' | 'releases'
>;

export interface TriggerOptions {
  readonly signal?: AbortSignal;
}

/**
 * Something was triggered, but not all of it: a release was created and a chosen stage could not
 * be deployed. `handle` is what exists; `cause` is the service's refusal.
 */
export class TriggerError extends Error {
  readonly handle: Handle;

  constructor(message: string, handle: Handle, cause: unknown) {
    super(message, { cause });
    this.name = 'TriggerError';
    this.handle = handle;
  }
}

/**
 * Starts the run, build or release.
 * @throws AzureDevOpsError when the service refuses the create: nothing was triggered.
 * @throws TriggerError when a release was created but a chosen stage could not be deployed.
 */
export async function trigger(
  client: TriggerClient,
  target: Target,
  options: TriggerOptions = {},
): Promise<Handle> {
  const call = { signal: options.signal };
  switch (target.kind) {
    case 'pipeline':
      return runPipeline(client, target, call);
    case 'build':
      return queueBuild(client, target, call);
    case 'release':
      return createRelease(client, target, call);
  }
}

type Call = { readonly signal?: AbortSignal | undefined };

async function runPipeline(client: TriggerClient, target: PipelineTarget, call: Call) {
  const self = {
    ...(target.branch ? { refName: fullRef(target.branch) } : {}),
    ...(target.commit ? { version: target.commit } : {}),
  };
  const parameters: RunPipelineParameters = {
    ...(Object.keys(self).length > 0 ? { resources: { repositories: { self } } } : {}),
    ...(isEmpty(target.variables) ? {} : { variables: variablesBody(target.variables) }),
    ...(isEmpty(target.templateParameters)
      ? {}
      : { templateParameters: { ...target.templateParameters } }),
    ...(target.stagesToSkip.length > 0 ? { stagesToSkip: [...target.stagesToSkip] } : {}),
  };
  const run = await client.pipelines.run(target.project, target.pipelineId, parameters, call);
  return {
    kind: 'pipeline',
    project: target.project,
    id: run.id,
    url: webUrl(run._links, buildWebUrl(client, target.project, run.id)),
    definitionName: target.pipelinePath,
    ...(run.name ? { number: run.name } : {}),
  } satisfies Handle;
}

async function queueBuild(client: TriggerClient, target: BuildTarget, call: Call) {
  // Queue-time variables go as a JSON string of name → value (fact sheet §2.1).
  const values = Object.fromEntries(
    Object.entries(target.variables).map(([name, variable]) => [name, variable.value]),
  );
  const build = await client.builds.queue(
    target.project,
    {
      definition: { id: target.definitionId },
      ...(target.branch ? { sourceBranch: fullRef(target.branch) } : {}),
      ...(target.commit ? { sourceVersion: target.commit } : {}),
      ...(isEmpty(values) ? {} : { parameters: JSON.stringify(values) }),
    },
    call,
  );
  return {
    kind: 'build',
    project: target.project,
    id: build.id,
    url: webUrl(build._links, buildWebUrl(client, target.project, build.id)),
    definitionName: target.definitionPath,
    ...(build.buildNumber ? { number: build.buildNumber } : {}),
  } satisfies Handle;
}

async function createRelease(
  client: TriggerClient,
  target: ReleaseTarget,
  call: Call,
): Promise<Handle> {
  const { project } = target;
  // The definition's triggers say which chosen stages would not start by themselves.
  const plan =
    target.stages === null
      ? null
      : planReleaseStages(
          (await client.releases.getDefinition(project, target.definitionId, call)).environments ??
            [],
          target.stages,
        );
  const body: ReleaseStartMetadata = {
    definitionId: target.definitionId,
    ...(target.description !== undefined ? { description: target.description } : {}),
    // Aliases not given are left out: the service applies the definition's default version.
    ...(target.artifacts.length > 0
      ? {
          artifacts: target.artifacts.map((artifact) => ({
            alias: artifact.alias,
            instanceReference: {
              id: artifact.id,
              ...(artifact.name !== undefined ? { name: artifact.name } : {}),
            },
          })),
        }
      : {}),
    ...(isEmpty(target.variables) ? {} : { variables: variablesBody(target.variables) }),
    ...(plan && plan.manual.length > 0 ? { manualEnvironments: [...plan.manual] } : {}),
  };
  const release = await client.releases.create(project, body, call);
  const handle: Handle = {
    kind: 'release',
    project,
    id: release.id,
    url: webUrl(release._links, releaseWebUrl(client, project, release.id)),
    definitionName: target.definitionName,
    number: release.name,
  };
  for (const stage of plan?.deploy ?? []) {
    // The release's own environment id, not the definition's (fact sheet §4.3).
    const environment = release.environments.find((env) => sameName(env.name, stage));
    if (!environment || environment.status !== 'notStarted') continue;
    try {
      await client.releases.updateEnvironment(
        project,
        release.id,
        environment.id,
        { status: 'inProgress', comment: 'Deployed by aztm: chosen with --stages' },
        call,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new TriggerError(
        `release ${release.name} was created (${handle.url}) but its stage "${stage}" could not be deployed: ${reason}`,
        handle,
        error,
      );
    }
  }
  return handle;
}

function variablesBody(
  variables: Readonly<Record<string, VariableValue>>,
): Record<string, { value: string; isSecret: boolean }> {
  return Object.fromEntries(
    Object.entries(variables).map(([name, variable]) => [
      name,
      { value: variable.value, isSecret: variable.isSecret },
    ]),
  );
}

function isEmpty(record: Readonly<Record<string, unknown>>): boolean {
  return Object.keys(record).length === 0;
}

export { describeTarget, dryRunDescription } from './resolve/describe.ts';
