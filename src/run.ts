import { untilAborted } from './abort.ts';
import { InterruptedError, interruptedBeforeCreate } from './interrupted.ts';
import type { AzureDevOpsClient } from './azdo/client.ts';
import { isAzureDevOpsError } from './azdo/errors.ts';
import type { End } from './end.ts';
import type { FollowEvent } from './follow/events.ts';
import { follow } from './follow/follow.ts';
import type { FollowOptions } from './follow/follow-options.ts';
import { LostAccessError } from './follow/lost-access.ts';
import type { CreateIntent } from './recover/create-intent.ts';
import { resolveHandle, resolveTarget, type HandleRequest } from './resolve/index.ts';
import type { Handle, Target, TargetRequest } from './target.ts';
import { trigger, TriggerError } from './trigger.ts';

export interface RunTargetOptions {
  /** Resolve and validate against the server, trigger nothing. */
  readonly dryRun: boolean;
  /** Trigger and return at once. */
  readonly noWait: boolean;
  /** How to follow; `onEvent` also receives `resolved` and `triggered`. */
  readonly follow: Omit<FollowOptions, 'onEvent' | 'startedAt' | 'stagesToDeploy'>;
  readonly onEvent: (event: FollowEvent) => void;
  /** Clock for the `at` of events and the outcome's times. */
  readonly now?: () => Date;
  /**
   * `request` already resolved (`flow run` resolves every step before the first runs): used as
   * it is, without reading the definition again.
   */
  readonly resolved?: Target;
  /** Awaited right before the create is sent, once it has its request slot (trigger.ts). */
  readonly beforeSend?: (intent: CreateIntent) => Promise<void>;
}

/**
 * The whole of one trigger: resolve the request against the server, trigger it, follow it to the
 * end. Every adapter (command line, flow step, task, library) goes through here or through its
 * three parts, never around them. Every way it can end is one member of End (src/end.ts).
 * @throws UsageError when the request does not resolve (a name that matches nothing); anything
 * else thrown is a bug.
 */
export async function runTarget(
  client: AzureDevOpsClient,
  request: TargetRequest,
  options: RunTargetOptions,
): Promise<End> {
  const made: { handle: Handle | null } = { handle: null };
  try {
    return await triggerAndFollow(client, request, options, (handle) => (made.handle = handle));
  } catch (error) {
    const end = endOfError(error, made.handle, 'yes');
    if (end) return end;
    throw error;
  }
}

async function triggerAndFollow(
  client: AzureDevOpsClient,
  request: TargetRequest,
  options: RunTargetOptions,
  onTriggered: (handle: Handle) => void,
): Promise<End> {
  const now = options.now ?? (() => new Date());
  const signal = options.follow.signal;
  // An interrupt while resolving ends at once: nothing was sent that could start anything.
  const target = options.resolved ?? (await untilAborted(resolveTarget(client, request), signal));
  if (target === null) {
    throw interruptedBeforeCreate();
  }
  options.onEvent({ type: 'resolved', target });
  if (options.dryRun) return { kind: 'dryRun', triggered: 'no', target };
  if (signal?.aborted) throw interruptedBeforeCreate();
  // A create in flight is not abandoned on an interrupt: its answer is awaited as long as the
  // shutdown allows, so that what it made can be canceled (then `follow` stops at once).
  const createSignal = options.follow.stopSignal ?? signal;
  const startedAt = now().toISOString();
  let handle: Handle;
  try {
    handle = await trigger(client, target, {
      ...(createSignal ? { signal: createSignal } : {}),
      ...(signal ? { interrupt: signal } : {}),
      ...(options.beforeSend ? { beforeSend: options.beforeSend } : {}),
      onNotice: (message) =>
        options.onEvent({ type: 'notice', level: 'warning', message, at: now().toISOString() }),
    });
  } catch (error) {
    if (error instanceof InterruptedError || !createSignal?.aborted) throw error;
    throw new InterruptedError(
      'create',
      `interrupted while the create request waited for its answer, and the time to cancel ran out: a ${describeKind(target)} may have been created; check ${runsPage(client, target)}`,
    );
  }
  onTriggered(handle);
  options.onEvent({ type: 'triggered', handle, at: now().toISOString() });
  if (options.noWait) return { kind: 'triggered', triggered: 'yes', target, handle };
  const outcome = await follow(client, handle, {
    ...options.follow,
    onEvent: options.onEvent,
    startedAt,
    // Stages left out of `--stages` were made manual: never wait for them
    // (docs/design/cli-contract.md).
    stagesToDeploy: target.kind === 'release' ? target.stages : null,
  });
  return { kind: 'followed', triggered: 'yes', handle, outcome };
}

/**
 * Follows a run that exists (attached to by `watch`, or triggered by an earlier run of a flow)
 * to its end. `triggered` says whether this trigger made it.
 */
export async function followToEnd(
  client: AzureDevOpsClient,
  handle: Handle,
  options: FollowOptions,
  triggered: 'yes' | 'no',
): Promise<End> {
  try {
    return { kind: 'followed', triggered, handle, outcome: await follow(client, handle, options) };
  } catch (error) {
    // A watch refused while following says so as before it attached: nothing was triggered.
    const end = endOfError(error, triggered === 'yes' ? handle : null, triggered);
    if (end) return end;
    throw error;
  }
}

export interface WatchOptions {
  readonly follow: Omit<FollowOptions, 'onEvent' | 'startedAt'>;
  /** Also receives `attached`. */
  readonly onEvent: (event: FollowEvent) => void;
}

/** `watch`: reads the run, build or release that exists and follows it to its end. */
export async function watchRun(
  client: AzureDevOpsClient,
  request: HandleRequest,
  options: WatchOptions,
): Promise<End> {
  let handle: Handle;
  try {
    handle = await resolveHandle(client, request);
  } catch (error) {
    const end = endOfError(error, null, 'no');
    if (end) return end;
    throw error;
  }
  const startedAt = new Date().toISOString();
  options.onEvent({ type: 'attached', handle, at: startedAt });
  return followToEnd(
    client,
    handle,
    { ...options.follow, onEvent: options.onEvent, startedAt },
    'no',
  );
}

/**
 * The end an error of the trigger/follow core stands for, or null for a bug (and a UsageError).
 * `handle`: what was triggered or attached to before it was thrown.
 */
function endOfError(error: unknown, handle: Handle | null, made: 'yes' | 'no'): End | null {
  if (error instanceof InterruptedError) {
    return { kind: 'interrupted', triggered: error.phase === 'create' ? 'unknown' : 'no', error };
  }
  if (error instanceof TriggerError) {
    return { kind: 'partlyTriggered', triggered: 'yes', handle: error.handle, error };
  }
  // Before the generic case: a LostAccessError is an AzureDevOpsError too.
  if (error instanceof LostAccessError) {
    return { kind: 'lostAccess', triggered: made, handle: error.handle, error };
  }
  if (!isAzureDevOpsError(error)) return null;
  if (handle === null) {
    return { kind: 'refused', triggered: error.outcomeUnknown ? 'unknown' : 'no', error };
  }
  // Not from follow() (which only throws LostAccessError): the step between trigger and follow.
  return { kind: 'lostAfterTrigger', triggered: 'yes', handle, error };
}

function describeKind(target: Target): string {
  switch (target.kind) {
    case 'pipeline':
      return `pipeline run of "${target.pipelinePath}"`;
    case 'build':
      return `build of "${target.definitionPath}"`;
    case 'release':
      return `release of "${target.definitionName}"`;
  }
}

/** The page that lists the definition's runs or releases. */
function runsPage(client: AzureDevOpsClient, target: Target): string {
  const project = `${client.organization.url}/${encodeURIComponent(target.project)}`;
  return target.kind === 'release'
    ? `${project}/_release?_a=releases&definitionId=${target.definitionId}`
    : `${project}/_build?definitionId=${target.kind === 'pipeline' ? target.pipelineId : target.definitionId}`;
}

export { InterruptedError } from './interrupted.ts';
