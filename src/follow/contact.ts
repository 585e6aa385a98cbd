/**
 * What a failed read means while following. The run goes on in Azure DevOps whatever happens to
 * aztm's connection, so a read that fails (after the client's own retries) never turns into a
 * failed run: aztm says once that it lost contact, keeps polling, and says so when it is back.
 *
 * Refusals (sign-in, permission, not found, invalid) are different: they do not heal by themselves unless
 * a token is renewed (an Entra or workload identity token can be; a token may also expire while
 * a long release waits for approval). aztm keeps trying for a grace period, then gives up with the
 * error itself, so that an expired token does not keep a CI job waiting until its own time-out.
 */
import { isAzureDevOpsError, type AzureDevOpsErrorKind } from '../azdo/errors.ts';
import { formatDuration } from '../duration.ts';
import type { FollowEvent } from './events.ts';

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

export function isRefusal(error: unknown): boolean {
  return isAzureDevOpsError(error) && REFUSALS.has(error.kind);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ContactWatch {
  readonly #emit: (event: FollowEvent) => void;
  readonly #now: () => number;
  readonly #graceMs: number;
  #lost = false;
  #refusedSince: number | null = null;

  constructor(emit: (event: FollowEvent) => void, now: () => number, graceMs: number) {
    this.#emit = emit;
    this.#now = now;
    this.#graceMs = graceMs;
  }

  /** Whether the last read failed. */
  get lost(): boolean {
    return this.#lost;
  }

  /**
   * A read failed. Emits the lost-contact notice the first time; rethrows a refusal that has
   * lasted longer than the grace period.
   */
  failed(error: unknown): void {
    const now = this.#now();
    const at = new Date(now).toISOString();
    if (isRefusal(error)) {
      if (this.#refusedSince === null) {
        this.#refusedSince = now;
        this.#lost = true;
        this.#emit({
          type: 'notice',
          level: 'error',
          at,
          message: `Azure DevOps refused aztm while following: ${describe(error)}. The run goes on there; aztm keeps trying for ${formatDuration(this.#graceMs)} in case the token is renewed.`,
        });
      } else if (now - this.#refusedSince >= this.#graceMs) {
        throw error;
      }
      return;
    }
    if (this.#lost) return;
    this.#lost = true;
    this.#emit({
      type: 'notice',
      level: 'warning',
      at,
      message: `lost contact with Azure DevOps: ${describe(error)}. The run goes on there; aztm keeps trying.`,
    });
  }

  /** A read succeeded: says so when contact had been lost. */
  succeeded(): void {
    this.#refusedSince = null;
    if (!this.#lost) return;
    this.#lost = false;
    this.#emit({
      type: 'notice',
      level: 'info',
      at: new Date(this.#now()).toISOString(),
      message: 'back in contact with Azure DevOps',
    });
  }
}
