/**
 * What a failed read means while following. The run goes on in Azure DevOps whatever happens to
 * aztm's connection, so a read that fails (after the client's own retries) never turns into a
 * failed run: aztm says once that it lost contact, keeps polling for as long as it may (up to
 * `--timeout`), and says once that it is back.
 *
 * Refusals (sign-in, permission, not found, invalid) are different. After the trigger they mean
 * the run was deleted, or the token expired, was revoked or lost a permission, and neither a PAT
 * nor a job token comes back by itself. aztm tries a few more reads (a refusal can be a passing
 * glitch of the service) and then gives up with a LostAccessError that says what happened, rather
 * than keep a CI job waiting until its own time-out.
 */
import type { Now } from '../clock.ts';
import { isAzureDevOpsError, type AzureDevOpsErrorKind } from '../azdo/errors.ts';
import { formatDuration } from '../duration.ts';
import type { Handle } from '../target.ts';
import type { FollowEvent } from './events.ts';
import { followedNoun, LostAccessError } from './lost-access.ts';

/**
 * Answers that do not heal by waiting: sign-in (401/203), permission (403), not found (404) and a
 * read refused as invalid (400, e.g. a project that no longer exists). Throttling, server errors,
 * network faults and garbled answers are contact problems.
 */
const REFUSALS: ReadonlySet<AzureDevOpsErrorKind> = new Set([
  'signIn',
  'permission',
  'notFound',
  'validation',
]);

function isRefusal(error: unknown): boolean {
  return isAzureDevOpsError(error) && REFUSALS.has(error.kind);
}

/** The error's message without its closing full stop: it goes inside a sentence. */
function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.+$/, '');
}

/** When aztm gives up on refusals: after this many reads in a row, or this long, if sooner. */
interface RefusalLimits {
  readonly reads: number;
  readonly graceMs: number;
}

export class ContactWatch {
  readonly #emit: (event: FollowEvent) => void;
  readonly #now: Now;
  readonly #handle: Handle;
  readonly #limits: RefusalLimits;
  /** `run` or `release`, for the notices. */
  readonly #what: string;
  #lost = false;
  /** Reads refused since the last good one, and when the first of them was. */
  #refused = 0;
  #refusedSince = 0;

  constructor(emit: (event: FollowEvent) => void, now: Now, handle: Handle, limits: RefusalLimits) {
    this.#emit = emit;
    this.#now = now;
    this.#handle = handle;
    this.#limits = limits;
    this.#what = handle.kind === 'release' ? 'release' : 'run';
  }

  /** Whether the last read failed. */
  get lost(): boolean {
    return this.#lost;
  }

  /**
   * A read failed. Emits the lost-contact or refused notice the first time; throws a
   * LostAccessError once refusals have lasted `limits.reads` reads or `limits.graceMs`. A
   * transient failure between refusals neither counts nor clears them: it says nothing of access.
   */
  failed(error: unknown): void {
    const now = this.#now();
    if (isAzureDevOpsError(error) && isRefusal(error)) {
      this.#refused += 1;
      if (this.#refused === 1) this.#refusedSince = now;
      const { reads, graceMs } = this.#limits;
      if (this.#refused >= reads || now - this.#refusedSince >= graceMs) {
        throw new LostAccessError(this.#handle, error, this.#refused);
      }
      if (this.#refused === 1) {
        this.#lost = true;
        this.#notice(
          'warning',
          now,
          `Azure DevOps refused to show ${followedNoun(this.#handle)}: ${describe(error)}. aztm reads it ${reads - 1} more ${reads - 1 === 1 ? 'time' : 'times'} (within ${formatDuration(graceMs)}) before it gives up; the ${this.#what} goes on there.`,
        );
      }
      return;
    }
    if (this.#lost) return;
    this.#lost = true;
    this.#notice(
      'warning',
      now,
      `lost contact with Azure DevOps: ${describe(error)}. The ${this.#what} goes on there; aztm keeps trying.`,
    );
  }

  /** A read succeeded: says so when contact had been lost. */
  succeeded(): void {
    this.#refused = 0;
    if (!this.#lost) return;
    this.#lost = false;
    this.#notice('info', this.#now(), 'back in contact with Azure DevOps');
  }

  #notice(level: 'info' | 'warning', at: number, message: string): void {
    this.#emit({ type: 'notice', level, at: new Date(at).toISOString(), message });
  }
}
