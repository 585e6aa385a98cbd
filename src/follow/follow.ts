/**
 * `follow()`: the monitor. Polls a run, build or release until it ends, emits only what changed,
 * and resolves with its Outcome. It never auto-approves (only with `approve`, and only approvals
 * assigned to the signed-in identity), never turns a lost connection into a failed run
 * (contact.ts), and stops on an abort or a time-out by cancelling or leaving what it followed.
 */
import { untilAborted } from '../abort.ts';
import type { Outcome, Result, StageOutcome, Stopped } from '../outcome.ts';
import type { Handle } from '../target.ts';
import type { AzureDevOpsClient } from '../azdo/client.ts';
import { BuildTracker } from './build-tracker.ts';
import { CallerLookup } from './caller.ts';
import { ContactWatch } from './contact.ts';
import { diffSnapshots } from './diff.ts';
import type { FollowEvent } from './events.ts';
import {
  resolveFollowOptions,
  type FollowOptions,
  type ResolvedFollowOptions,
} from './follow-options.ts';
import type { UnknownValue } from './known-values.ts';
import { nothingDeployed } from './release-snapshot.ts';
import { ReleaseTracker } from './release-tracker.ts';
import { isFinalState } from './results.ts';
import type { Snapshot } from './snapshot.ts';
import type { Cancellation, Tracker } from './tracker.ts';
import { UnknownValueWarnings } from './unknown-warnings.ts';
import { messageOf } from '../errors.ts';

export type { FollowOptions } from './follow-options.ts';

/**
 * The client's API areas `follow()` reads and answers through: an AzureDevOpsClient, or a typed
 * fake of these areas.
 */
export type FollowClient = Pick<
  AzureDevOpsClient,
  'builds' | 'approvals' | 'releases' | 'location'
>;

/**
 * Follows what `handle` names until it ends, is interrupted (`signal`) or times out, and resolves
 * with how it ended. Lost connections, server errors, throttling and garbled answers never end
 * it. Rejects only with a LostAccessError (an AzureDevOpsError), when Azure DevOps refuses
 * `maxRefusedReads` reads in a row or for `refusalGraceMs` (sign-in, permission, not found,
 * invalid: the run was deleted or the token stopped working, contact.ts).
 */
export function follow(
  client: FollowClient,
  handle: Handle,
  options: FollowOptions = {},
): Promise<Outcome> {
  return new FollowLoop(client, handle, resolveFollowOptions(options)).run();
}

class FollowLoop {
  readonly #handle: Handle;
  readonly #options: ResolvedFollowOptions;
  readonly #tracker: Tracker;
  readonly #contact: ContactWatch;
  readonly #caller: CallerLookup;
  readonly #unknown: UnknownValueWarnings;
  /** Approvals aztm answered, or told the user it will not answer. */
  readonly #handled = new Set<string>();
  #last: Snapshot | null = null;

  constructor(client: FollowClient, handle: Handle, options: ResolvedFollowOptions) {
    this.#handle = handle;
    this.#options = options;
    const caller = new CallerLookup(client);
    this.#caller = caller;
    this.#tracker =
      handle.kind === 'release'
        ? new ReleaseTracker(client.releases, handle, caller, options.stagesToDeploy)
        : new BuildTracker(client, handle, caller);
    this.#unknown = new UnknownValueWarnings(handle, (message) => this.#notice('warning', message));
    this.#contact = new ContactWatch((event) => this.#emit(event), options.now, handle, {
      reads: options.maxRefusedReads,
      graceMs: options.refusalGraceMs,
    });
  }

  async run(): Promise<Outcome> {
    const { timeoutMs, startedAt, pollIntervalMs, now, sleep, signal } = this.#options;
    const deadline = timeoutMs === null ? Infinity : Date.parse(startedAt) + timeoutMs;
    for (;;) {
      if (signal?.aborted) return this.#stop('interrupted');
      // An interrupt does not wait for the read in flight (a slow answer, retries, Retry-After).
      const snapshot = await untilAborted(this.#poll(), signal);
      if (signal?.aborted) return this.#stop('interrupted');
      if (snapshot?.status === 'completed') return this.#finish(snapshot);
      if (snapshot) await this.#approveWaiting(snapshot);
      if (signal?.aborted) return this.#stop('interrupted');
      const left = deadline - now();
      if (left <= 0) return this.#stop('timedOut');
      // A sleep cut short by the interrupt ends it: the loop stops on its next turn.
      await sleep(Math.min(pollIntervalMs, left), signal ?? undefined).catch((error: unknown) => {
        if (!signal?.aborted) throw error;
      });
    }
  }

  #at(): string {
    return new Date(this.#options.now()).toISOString();
  }

  #emit(event: FollowEvent): void {
    this.#options.onEvent(event);
  }

  #notice(level: 'info' | 'warning' | 'error', message: string): void {
    this.#emit({ type: 'notice', level, message, at: this.#at() });
  }

  /**
   * One read; emits what changed. `null` when the read failed (contact.ts says so) or nothing
   * usable has been read yet.
   */
  async #poll(): Promise<Snapshot | null> {
    let unknown: readonly UnknownValue[];
    try {
      unknown = await this.#tracker.read();
    } catch (error) {
      this.#contact.failed(error);
      return null;
    }
    this.#contact.succeeded();
    this.#unknown.warn(unknown);
    const snapshot = this.#tracker.snapshot();
    if (!snapshot) return null;
    for (const event of diffSnapshots(this.#last, snapshot, this.#at())) this.#emit(event);
    this.#last = snapshot;
    return snapshot;
  }

  /** `--approve`: answers each waiting approval assigned to the caller, once. */
  async #approveWaiting(snapshot: Snapshot): Promise<void> {
    const approve = this.#options.approve;
    // Until aztm knows who it is signed in as, no approval can be judged: the next poll asks again.
    if (!approve || this.#caller.known === undefined) return;
    for (const stage of snapshot.stages) {
      const approval = stage.state === 'waitingForApproval' ? stage.approval : undefined;
      // No approvers known (its details could not be read yet): judged on a later poll.
      if (!approval || approval.approvers.length === 0 || this.#handled.has(approval.id)) continue;
      this.#handled.add(approval.id);
      if (!approval.assignedToCaller) {
        const who = approval.approvers.join(', ');
        this.#notice(
          'info',
          `--approve: the approval of stage '${stage.name}' is not assigned to the identity aztm signed in with; waiting for ${who} to answer it at ${approval.url}`,
        );
        continue;
      }
      try {
        await this.#tracker.approve(approval, approve.comment);
        this.#emit({ type: 'approvalGiven', stage: stage.name, approval, at: this.#at() });
      } catch (error) {
        this.#notice(
          'warning',
          `--approve: could not approve stage '${stage.name}': ${messageOf(error)}; waiting for a person to answer it at ${approval.url}`,
        );
      }
    }
  }

  async #finish(snapshot: Snapshot): Promise<Outcome> {
    // A completed build always has a result (results.ts); a release's is set with `completed`.
    const result = snapshot.result ?? 'failed';
    if (this.#handle.kind === 'release' && nothingDeployed(snapshot)) {
      const reasons = snapshot.stages.map(
        (stage) => `${stage.name}: ${stage.reason ?? stage.state}`,
      );
      this.#notice('warning', `nothing was deployed (${reasons.join('; ') || 'no stages'})`);
    }
    const { showLogs, logTailLines } = this.#options;
    if (showLogs === 'all' || (showLogs === 'failed' && result !== 'succeeded')) {
      try {
        const details = await this.#tracker.failureDetails(showLogs, logTailLines);
        if (details.length > 0) this.#emit({ type: 'failures', details, at: this.#at() });
      } catch (error) {
        this.#notice('warning', `could not read the failure details: ${messageOf(error)}`);
      }
    }
    return this.#end(snapshot, result);
  }

  /**
   * Interrupted or timed out: cancel what was started (then one more read to show the cancel
   * taking effect, without waiting for it to finish) or leave it running, as the options say.
   * Only what Azure DevOps accepted to cancel is reported canceled; the rest is reported as it
   * was last seen.
   */
  async #stop(reason: 'interrupted' | 'timedOut'): Promise<Outcome> {
    const action = reason === 'interrupted' ? this.#options.onInterrupt : this.#options.onTimeout;
    this.#emit({ type: 'stopping', reason, action, at: this.#at() });
    const what = this.#handle.kind === 'release' ? 'release' : 'run';
    let cancellation: Cancellation | null = null;
    if (action === 'cancel') {
      const why = reason === 'interrupted' ? 'interrupted' : 'timed out';
      const stopSignal = this.#options.stopSignal ?? undefined;
      try {
        cancellation = await this.#tracker.cancel(`Canceled by aztm (${why})`, stopSignal);
      } catch (error) {
        const cause = stopSignal?.aborted ? 'no time was left to cancel it' : messageOf(error);
        this.#notice(
          'error',
          `could not cancel the ${what}: ${cause}; it may still be running: ${this.#handle.url}`,
        );
      }
      if (cancellation && cancellation.refused.length > 0) {
        this.#notice(
          'error',
          `could not cancel every stage (${cancellation.refused.join('; ')}); the ${what} may still be running: ${this.#handle.url}`,
        );
      }
      // One read to show the cancel taking effect; whatever it meets, aztm is stopping.
      if (cancellation)
        await untilAborted(
          this.#poll().catch(() => null),
          stopSignal,
        );
    } else {
      this.#notice('info', `leaving the ${what} running in Azure DevOps: ${this.#handle.url}`);
    }
    const canceled = cancellation !== null && cancellation.refused.length === 0;
    // A run that ended on its own before the cancel took effect keeps its own result; one that
    // ended canceled was canceled by aztm, for the reason aztm stopped.
    const ended = this.#last?.status === 'completed' ? this.#last.result : undefined;
    const result: Result =
      ended !== undefined && ended !== 'canceled'
        ? ended
        : reason === 'timedOut'
          ? 'timedOut'
          : canceled
            ? 'canceled'
            : 'interrupted';
    return this.#end(this.#last, result, {
      reason,
      canceled,
      lastSeen: this.#last?.status ?? null,
      stagesCanceled: cancellation?.canceled ?? new Set(),
    });
  }

  /**
   * The Outcome. Stages of a run that ended without them get `notRun`. When following stopped, a
   * stage whose cancel Azure DevOps accepted gets `canceled` (`timedOut` at a time-out), one not
   * started of a run canceled whole `notRun`, and any other the state it was last seen in: a
   * stage left running is never reported canceled. Both times are aztm's clock (`now`), like
   * `startedAt`.
   */
  #end(
    snapshot: Snapshot | null,
    result: Result,
    stop?: Stopped & { readonly stagesCanceled: Cancellation['canceled'] },
  ): Outcome {
    const stages = (snapshot?.stages ?? []).map((stage): StageOutcome => {
      const { name, state } = stage;
      if (isFinalState(state)) return { name, result: state };
      if (!stop || snapshot?.status === 'completed') return { name, result: 'notRun' };
      const canceled = stop.stagesCanceled === 'all' || stop.stagesCanceled.has(stage.id);
      if (canceled) return { name, result: stop.reason === 'timedOut' ? 'timedOut' : 'canceled' };
      // Once everything going was canceled, what had not started never will.
      if (stop.canceled && state === 'notStarted') return { name, result: 'notRun' };
      return { name, result: state };
    });
    const outcome: Outcome = {
      handle: this.#handle,
      result,
      stages,
      startedAt: this.#options.startedAt,
      finishedAt: this.#at(),
      ...(stop
        ? { stopped: { reason: stop.reason, canceled: stop.canceled, lastSeen: stop.lastSeen } }
        : {}),
    };
    this.#emit({ type: 'finished', outcome, at: this.#at() });
    return outcome;
  }
}
