import type { FollowOptions } from '../follow/follow-options.ts';
import { readChoice, readDuration } from '../inputs/values.ts';
import type { OptionValues } from '../inputs/values.ts';
import { DEFAULT_CANCEL_TIMEOUT_MS } from './interrupt.ts';
import { text } from '../inputs/requests.ts';

/** Status checks further apart than an hour would miss approvals and timeouts by as much. */
const MAX_POLL_INTERVAL_MS = 3_600_000;

type ProgressMode = 'tty' | 'plain' | 'agent';

/**
 * How to follow and how to show it, read from the follow options of docs/design/cli-contract.md.
 */
export interface FollowSettings {
  readonly follow: Omit<FollowOptions, 'onEvent' | 'startedAt' | 'signal' | 'stopSignal'>;
  /** After SIGINT/SIGTERM, how long aztm may spend canceling (`--cancel-timeout`). */
  readonly cancelTimeoutMs: number;
  readonly allowPartial: boolean;
  readonly json: boolean;
  readonly progress: ProgressMode;
}

/** Reads and checks every follow option; throws a UsageError naming the first bad one. */
export function readFollowSettings(
  values: OptionValues,
  context: { readonly isTty: boolean; readonly inAzurePipelines: boolean },
): FollowSettings {
  const timeout = text(values, 'timeout');
  const poll = text(values, 'poll-interval');
  const cancelTimeout = text(values, 'cancel-timeout');
  const progress = readChoice(text(values, 'progress') ?? 'auto', '--progress', [
    'auto',
    'live',
    'plain',
  ] as const);
  const approve = values.approve === true;
  return {
    follow: {
      // Faster than a second only makes sense against the simulator; the service throttles.
      pollIntervalMs:
        poll === undefined
          ? 10_000
          : readDuration(poll, '--poll-interval', { min: 100, max: MAX_POLL_INTERVAL_MS }),
      timeoutMs: timeout === undefined ? null : readDuration(timeout, '--timeout', { min: 1000 }),
      onTimeout: readChoice(text(values, 'on-timeout') ?? 'cancel', '--on-timeout', [
        'cancel',
        'leave',
      ] as const),
      onInterrupt: readChoice(text(values, 'on-interrupt') ?? 'cancel', '--on-interrupt', [
        'cancel',
        'leave',
      ] as const),
      showLogs: readChoice(text(values, 'show-logs') ?? 'failed', '--show-logs', [
        'failed',
        'all',
        'none',
      ] as const),
      approve: approve ? { comment: text(values, 'approve-comment') ?? 'Approved by aztm' } : null,
    },
    cancelTimeoutMs:
      cancelTimeout === undefined
        ? DEFAULT_CANCEL_TIMEOUT_MS
        : readDuration(cancelTimeout, '--cancel-timeout', { min: 0, max: 60 * 60_000 }),
    allowPartial: values['allow-partial'] === true,
    json: values.json === true,
    progress:
      progress === 'live'
        ? 'tty'
        : progress === 'plain'
          ? 'plain'
          : context.inAzurePipelines
            ? 'agent'
            : context.isTty
              ? 'tty'
              : 'plain',
  };
}
