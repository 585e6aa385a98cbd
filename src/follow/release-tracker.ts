/**
 * Following a classic release: each read gets the release with its environments, approvals and
 * deploy steps (§4.2); tasks are asked for (`$expand=tasks`) only when collecting failure detail.
 */
import type { Release } from '../azdo/types.ts';
import type { Handle } from '../target.ts';
import type { CallerLookup } from './caller.ts';
import type { ShowLogs } from './follow-options.ts';
import { unknownReleaseValues, type UnknownValue } from './known-values.ts';
import { releaseFailureDetails } from './release-failures.ts';
import { snapshotOfRelease } from './release-snapshot.ts';
import { pendingApprovals } from './release-stage.ts';
import type { ApprovalView, FailureDetail, Snapshot, StageState } from './snapshot.ts';
import type { FollowSource } from './source.ts';
import type { Tracker } from './tracker.ts';

/** Stages a cancel applies to: what was started and has not ended (§4.3). */
const CANCELLABLE: ReadonlySet<StageState> = new Set([
  'queued',
  'waitingForApproval',
  'waitingForChecks',
  'scheduled',
  'running',
]);

export class ReleaseTracker implements Tracker {
  readonly #source: FollowSource;
  readonly #handle: Handle;
  readonly #caller: CallerLookup;
  readonly #stagesToDeploy: readonly string[] | null;
  #release: Release | null = null;

  constructor(
    source: FollowSource,
    handle: Handle,
    caller: CallerLookup,
    stagesToDeploy: readonly string[] | null,
  ) {
    this.#source = source;
    this.#handle = handle;
    this.#caller = caller;
    this.#stagesToDeploy = stagesToDeploy;
  }

  async read(): Promise<readonly UnknownValue[]> {
    const release = await this.#source.getRelease(this.#handle.project, this.#handle.id);
    // A stage status aztm does not know could mean anything: the last release known stands.
    const unknown = unknownReleaseValues(release);
    if (unknown.length > 0) return unknown;
    if (release.environments.some((env) => pendingApprovals(env).length > 0)) {
      await this.#caller.resolve();
    }
    this.#release = release;
    return unknown;
  }

  snapshot(): Snapshot | null {
    if (!this.#release) return null;
    return snapshotOfRelease(this.#release, {
      url: this.#handle.url,
      caller: this.#caller.known ?? null,
      stagesToDeploy: this.#stagesToDeploy,
    });
  }

  /**
   * Cancels every stage still queued, waiting or deploying, from a fresh read when one can be had
   * (a stage may have started since the last poll). Tries them all; throws if any refused.
   */
  async cancel(comment: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.read();
    } catch {
      // the last read stands
    }
    const snapshot = this.snapshot();
    if (!snapshot) throw new Error('the release could not be read to cancel its stages');
    const problems: string[] = [];
    for (const stage of snapshot.stages) {
      if (!CANCELLABLE.has(stage.state)) continue;
      try {
        await this.#source.updateReleaseEnvironment(
          this.#handle.project,
          this.#handle.id,
          Number(stage.id),
          'canceled',
          comment,
          { signal },
        );
      } catch (error) {
        problems.push(`${stage.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (problems.length > 0) throw new Error(problems.join('; '));
  }

  async approve(approval: ApprovalView, comment: string): Promise<void> {
    const id = Number(approval.id);
    // Only approvals the release lists (numeric ids) can be answered (release-snapshot.ts).
    if (!Number.isInteger(id)) throw new Error(`approval ${approval.id} cannot be answered`);
    await this.#source.answerReleaseApproval(this.#handle.project, id, 'approved', comment);
  }

  async failureDetails(
    mode: Exclude<ShowLogs, 'none'>,
    tailLines: number,
  ): Promise<FailureDetail[]> {
    const snapshot = this.snapshot();
    if (!snapshot) return [];
    return releaseFailureDetails(this.#source, this.#handle, snapshot, mode, tailLines);
  }
}
