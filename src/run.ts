import type { AzureDevOpsClient } from './azdo/client.ts';
import type { FollowEvent } from './follow/events.ts';
import { follow } from './follow/follow.ts';
import type { FollowOptions } from './follow/follow-options.ts';
import type { Outcome } from './outcome.ts';
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
  const target = options.resolved ?? (await resolveTarget(client, request));
  options.onEvent({ type: 'resolved', target });
  if (options.dryRun) return { kind: 'dryRun', target };
  const signal = options.follow.signal;
  const startedAt = now().toISOString();
  const handle = await trigger(client, target, {
    ...(signal ? { signal } : {}),
    onNotice: (message) =>
      options.onEvent({ type: 'notice', level: 'warning', message, at: now().toISOString() }),
  });
  options.onEvent({ type: 'triggered', handle, at: now().toISOString() });
  if (options.noWait) return { kind: 'triggered', target, handle };
  const outcome = await follow(client, handle, {
    ...options.follow,
    onEvent: options.onEvent,
    startedAt,
    // Stages left out of `--stages` were made manual: never wait for them (cli-contract.md).
    stagesToDeploy: target.kind === 'release' ? target.stages : null,
  });
  return { kind: 'followed', target, handle, outcome };
}
