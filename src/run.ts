import { untilAborted } from './abort.ts';
import { InterruptedError, interruptedBeforeCreate } from './interrupted.ts';
import type { AzureDevOpsClient } from './azdo/client.ts';
import type { FollowEvent } from './follow/events.ts';
import { follow } from './follow/follow.ts';
import type { FollowOptions } from './follow/follow-options.ts';
import type { Outcome } from './outcome.ts';
import type { CreateIntent } from './recover/create-intent.ts';
import { resolveTarget } from './resolve/index.ts';
import type { Handle, Target, TargetRequest } from './target.ts';
import { trigger } from './trigger.ts';

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

export type RunTargetResult =
  | { readonly kind: 'dryRun'; readonly target: Target }
  | { readonly kind: 'triggered'; readonly target: Target; readonly handle: Handle }
  | {
      readonly kind: 'followed';
      readonly target: Target;
      readonly handle: Handle;
      readonly outcome: Outcome;
    };

/**
 * The whole of one trigger: resolve the request against the server, trigger it, follow it to the
 * end. Every adapter (command line, flow step, task, library) goes through here or through its
 * three parts, never around them.
 */
export async function runTarget(
  client: AzureDevOpsClient,
  request: TargetRequest,
  options: RunTargetOptions,
): Promise<RunTargetResult> {
  const now = options.now ?? (() => new Date());
  const signal = options.follow.signal;
  // An interrupt while resolving ends at once: nothing was sent that could start anything.
  const target = options.resolved ?? (await untilAborted(resolveTarget(client, request), signal));
  if (target === null) {
    throw interruptedBeforeCreate();
  }
  options.onEvent({ type: 'resolved', target });
  if (options.dryRun) return { kind: 'dryRun', target };
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
  options.onEvent({ type: 'triggered', handle, at: now().toISOString() });
  if (options.noWait) return { kind: 'triggered', target, handle };
  const outcome = await follow(client, handle, {
    ...options.follow,
    onEvent: options.onEvent,
    startedAt,
    // Stages left out of `--stages` were made manual: never wait for them
    // (docs/design/cli-contract.md).
    stagesToDeploy: target.kind === 'release' ? target.stages : null,
  });
  return { kind: 'followed', target, handle, outcome };
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
