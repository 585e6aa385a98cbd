/**
 * Following a classic release: each read gets the release with its environments, approvals and
 * deploy steps (§4.2); tasks are asked for (`$expand=tasks`) only when collecting failure detail.
 */
import { untilAborted } from '../abort.ts';
import type { ReleasesClient } from '../azdo/releases.ts';
import type { Release } from '../azdo/types.ts';
import type { Handle } from '../target.ts';
import type { CallerLookup } from './caller.ts';
import type { ShowLogs } from './follow-options.ts';
import { unknownReleaseValues, type UnknownValue } from './known-values.ts';
import { releaseFailureDetails } from './release-failures.ts';
import { snapshotOfRelease } from './release-snapshot.ts';
import { pendingApprovals } from './release-stage.ts';
import type { ApprovalView, FailureDetail, Snapshot, StageState } from './snapshot.ts';
import type { Cancellation, Tracker } from './tracker.ts';
import { messageOf } from '../errors.ts';

/** Stages a cancel applies to: what was started and has not ended (§4.3). */
const CANCELLABLE: ReadonlySet<StageState> = new Set([
  'queued',
  'waitingForApproval',
  'waitingForChecks',
  'scheduled',
  'running',
]);

export class ReleaseTracker implements Tracker {
  readonly #releases: ReleasesClient;
  readonly #handle: Handle;
  readonly #caller: CallerLookup;
  readonly #stagesToDeploy: readonly string[] | null;
  #release: Release | null = null;

  constructor(
    releases: ReleasesClient,
    handle: Handle,
    caller: CallerLookup,
    stagesToDeploy: readonly string[] | null,
  ) {
    this.#releases = releases;
    this.#handle = handle;
    this.#caller = caller;
    this.#stagesToDeploy = stagesToDeploy;
  }

  async read(): Promise<readonly UnknownValue[]> {
    const release = await this.#releases.get(this.#handle.project, this.#handle.id);
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
   * Cancels every stage still queued, waiting or deploying, from a fresh read when one comes in
   * time (a stage may have started since the last poll), else from the last. The stages are
   * canceled together, so that the deadline bounds them all at once.
   */
  async cancel(comment: string, signal?: AbortSignal): Promise<Cancellation> {
    await untilAborted(
      this.read().catch(() => null),
      signal,
    );
    const snapshot = this.snapshot();
    if (!snapshot) throw new Error('the release could not be read to cancel its stages');
    const stages = snapshot.stages.filter((stage) => CANCELLABLE.has(stage.state));
    const answers = await Promise.allSettled(
      stages.map((stage) =>
        this.#releases.updateEnvironment(
          this.#handle.project,
          this.#handle.id,
          Number(stage.id),
          { status: 'canceled', comment },
          { signal },
        ),
      ),
    );
    const canceled = new Set<string>();
    const refused: string[] = [];
    answers.forEach((answer, index) => {
      const stage = stages[index];
      if (!stage) return;
      if (answer.status === 'fulfilled') canceled.add(stage.id);
      else refused.push(`${stage.name}: ${messageOf(answer.reason)}`);
    });
    if (canceled.size === 0 && refused.length > 0) throw new Error(refused.join('; '));
    return { canceled, refused };
  }

  async approve(approval: ApprovalView, comment: string): Promise<void> {
    const id = Number(approval.id);
    // Only approvals the release lists (numeric ids) can be answered (release-snapshot.ts).
    if (!Number.isInteger(id)) throw new Error(`approval ${approval.id} cannot be answered`);
    await this.#releases.answerApproval(this.#handle.project, id, {
      status: 'approved',
      comments: comment,
    });
  }

  async failureDetails(
    mode: Exclude<ShowLogs, 'none'>,
    tailLines: number,
  ): Promise<FailureDetail[]> {
    const snapshot = this.snapshot();
    if (!snapshot) return [];
    return releaseFailureDetails(this.#releases, this.#handle, snapshot, mode, tailLines);
  }
}
