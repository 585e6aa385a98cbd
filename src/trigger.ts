/**
 * Triggering a resolved Target: one create request (never repeated blindly, docs/design/style.md
 * rule 5; when its answer may have come after the service acted, what it made is looked for, and it
 * is sent again only when nothing was made, src/recover/), and for a release with `--stages`, the
 * deploys of chosen stages that would not start by themselves. Returns the Handle `follow()`
 * takes.
 */
import type { AzureDevOpsClient } from './azdo/client.ts';
import type { ReleaseStartMetadata, RunPipelineParameters } from './azdo/types.ts';
import { untilAborted } from './abort.ts';
import { stopBeforeCreate } from './interrupted.ts';
import type { RecoveryCall } from './recover/call.ts';
import type { CreateIntent } from './recover/create-intent.ts';
import { createReleaseOnce } from './recover/find-release.ts';
import { queueRunOnce, type QueuedRun } from './recover/find-run.ts';
import { markedDescription } from './recover/marker.ts';
import { resolveRecoveryOptions, type RecoveryOptions } from './recover/options.ts';
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

type TriggerClient = Pick<
  AzureDevOpsClient,
  'organization' | 'pipelines' | 'builds' | 'releases' | 'location'
>;

interface TriggerOptions {
  /** Bounds the create and the search for what it made. */
  readonly signal?: AbortSignal;
  /** Aborted on an interrupt: the reads before the create are given up, and it is not sent. */
  readonly interrupt?: AbortSignal;
  /**
   * Told what the user should know though nothing failed: the answer to the create was lost and
   * aztm found the run or release it had created, or found none and sends the create again.
   */
  readonly onNotice?: (message: string) => void;
  /** How aztm looks for what it created when the create's answer is lost. */
  readonly recovery?: RecoveryOptions;
  /**
   * Told what identifies the create (recover/create-intent.ts) once its request has its slot in
   * the request budget, right before it is sent; the create waits for it, and is not sent when
   * it throws. A flow's `--state` writes it to disk ahead of the create.
   */
  readonly beforeSend?: (intent: CreateIntent) => Promise<void>;
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
 * Starts the run, build or release. When the create may have been carried out though no usable
 * answer came (no answer, an unreadable one, a 5xx or a 429), the run or release it made is
 * looked for and returned (with a notice). It is sent again only when every look found nothing it
 * could have made, at most `recovery.maxSends` times in all, each send looked for the same way.
 * @throws AzureDevOpsError when the service refuses the create: nothing was triggered. When its
 *   `outcomeUnknown` is set (a `LostCreateError`), what the create made could not be told:
 *   something may have been triggered, and its message says what to check and names each
 *   candidate.
 * @throws InterruptedError (`create`) when interrupted before a create is sent again.
 * @throws TriggerError when a release was created but a chosen stage could not be deployed.
 */
export async function trigger(
  client: TriggerClient,
  target: Target,
  options: TriggerOptions = {},
): Promise<Handle> {
  const call: RecoveryCall = {
    signal: options.signal,
    interrupt: options.interrupt,
    onNotice: options.onNotice ?? (() => undefined),
    options: resolveRecoveryOptions(options.recovery),
    beforeSend: options.beforeSend,
  };
  switch (target.kind) {
    case 'pipeline':
      return runPipeline(client, target, call);
    case 'build':
      return queueBuild(client, target, call);
    case 'release':
      return createRelease(client, target, call);
  }
}

async function runPipeline(client: TriggerClient, target: PipelineTarget, call: RecoveryCall) {
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
  const run = await queueRunOnce(
    client,
    {
      project: target.project,
      definitionId: target.pipelineId,
      noun: 'pipeline run',
      definition: target.pipelinePath,
      request: {
        branch: target.branch ? fullRef(target.branch) : null,
        commit: target.commit ?? null,
        variables: target.variables,
        templateParameters: target.templateParameters,
        stagesToSkip: target.stagesToSkip,
      },
    },
    async (send): Promise<QueuedRun> => {
      const created = await client.pipelines.run(
        target.project,
        target.pipelineId,
        parameters,
        send,
      );
      return { id: created.id, links: created._links, number: created.name };
    },
    call,
  );
  return runHandle(client, 'pipeline', target.project, run, target.pipelinePath);
}

async function queueBuild(client: TriggerClient, target: BuildTarget, call: RecoveryCall) {
  // Queue-time variables go as a JSON string of name → value (docs/design/azure-devops.md §2.1).
  const values = Object.fromEntries(
    Object.entries(target.variables).map(([name, variable]) => [name, variable.value]),
  );
  const body = {
    definition: { id: target.definitionId },
    ...(target.branch ? { sourceBranch: fullRef(target.branch) } : {}),
    ...(target.commit ? { sourceVersion: target.commit } : {}),
    ...(isEmpty(values) ? {} : { parameters: JSON.stringify(values) }),
  };
  const build = await queueRunOnce(
    client,
    {
      project: target.project,
      definitionId: target.definitionId,
      noun: 'build',
      definition: target.definitionPath,
      request: {
        branch: target.branch ? fullRef(target.branch) : null,
        commit: target.commit ?? null,
        variables: target.variables,
        // A classic build takes no template parameters, and aztm sends none.
        templateParameters: null,
        stagesToSkip: [],
      },
    },
    async (send): Promise<QueuedRun> => {
      const queued = await client.builds.queue(target.project, body, send);
      return { id: queued.id, links: queued._links, number: queued.buildNumber };
    },
    call,
  );
  return runHandle(client, 'build', target.project, build, target.definitionPath);
}

function runHandle(
  client: TriggerClient,
  kind: 'pipeline' | 'build',
  project: string,
  run: QueuedRun,
  definitionName: string,
): Handle {
  return {
    kind,
    project,
    id: run.id,
    url: webUrl(run.links, buildWebUrl(client, project, run.id)),
    definitionName,
    ...(run.number ? { number: run.number } : {}),
  };
}

async function createRelease(
  client: TriggerClient,
  target: ReleaseTarget,
  call: RecoveryCall,
): Promise<Handle> {
  const { project } = target;
  // The definition's triggers say which chosen stages would not start by themselves.
  const definition =
    target.stages === null
      ? null
      : await untilAborted(
          client.releases.getDefinition(project, target.definitionId, call),
          call.interrupt,
        );
  stopBeforeCreate(call.interrupt);
  const plan =
    target.stages === null
      ? null
      : planReleaseStages(definition?.environments ?? [], target.stages);
  const body = (requestId: string): ReleaseStartMetadata => ({
    definitionId: target.definitionId,
    // Marked so that aztm can recognise it if the answer is lost (recover/marker.ts).
    description: markedDescription(target.description, requestId),
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
  });
  const release = await createReleaseOnce(
    client,
    { project, definitionId: target.definitionId, definition: target.definitionName },
    (requestId, send) => client.releases.create(project, body(requestId), send),
    call,
  );
  const handle: Handle = {
    kind: 'release',
    project,
    id: release.id,
    url: webUrl(release._links, releaseWebUrl(client, project, release.id)),
    definitionName: target.definitionName,
    number: release.name,
  };
  for (const stage of plan?.deploy ?? []) {
    // The release's own environment id, not the definition's (docs/design/azure-devops.md §4.3).
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
