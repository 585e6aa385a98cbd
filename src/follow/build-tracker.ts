/**
 * Following a YAML run or classic build: each read gets the build (its status and final result:
 * the Build API has `partiallySucceeded`, the Runs API does not, §1.2) and then the timeline
 * changes since the last read (§2.4). The build is read first, so a completed build always comes
 * with a timeline at least as new. A pending YAML approval's approvers and instructions are
 * fetched once (§3).
 */
import type { AzureDevOpsClient } from '../azdo/client.ts';
import type { Build, PipelineApproval } from '../azdo/types.ts';
import type { Handle } from '../target.ts';
import { pipelineApprovalView } from './approvals.ts';
import type { CallerLookup } from './caller.ts';
import type { ShowLogs } from './follow-options.ts';
import { unknownBuildValues, unknownRecordValues, type UnknownValue } from './known-values.ts';
import { pipelineFailureDetails } from './pipeline-failures.ts';
import { pendingApprovalIds, snapshotOfBuild } from './pipeline-snapshot.ts';
import { mapBuildStatus } from './results.ts';
import type { ApprovalView, FailureDetail, Snapshot } from './snapshot.ts';
import { TimelineRecords } from './timeline.ts';
import type { Cancellation, Tracker } from './tracker.ts';

/** How many reads a completed build waits for a timeline aztm can read in full. */
const UNCLEAR_TIMELINES_AWAITED = 3;

/** The client's areas a build tracker reads and answers through. */
type BuildAreas = Pick<AzureDevOpsClient, 'builds' | 'approvals'>;

export class BuildTracker implements Tracker {
  readonly #client: BuildAreas;
  readonly #handle: Handle;
  readonly #caller: CallerLookup;
  readonly #timeline = new TimelineRecords();
  readonly #approvals = new Map<string, PipelineApproval>();
  #build: Build | null = null;
  /** Timeline reads in a row that held values aztm does not know. */
  #unclearTimelines = 0;

  constructor(client: BuildAreas, handle: Handle, caller: CallerLookup) {
    this.#client = client;
    this.#handle = handle;
    this.#caller = caller;
  }

  async read(): Promise<readonly UnknownValue[]> {
    const { project, id } = this.#handle;
    const build = await this.#client.builds.get(project, id);
    const timeline = await this.#client.builds.getTimeline(project, id, this.#timeline.changeId);
    // A build whose status or result aztm does not know is not taken in: the last one known
    // stands, so the run is not finished yet, whatever the unknown word may mean.
    const unknown = unknownBuildValues(build);
    const recordValues = timeline.records.flatMap(unknownRecordValues);
    this.#timeline.merge(timeline, (record) => unknownRecordValues(record).length === 0);
    this.#unclearTimelines = recordValues.length > 0 ? this.#unclearTimelines + 1 : 0;
    // Its end waits a few reads for a timeline without unknown values, so that the stages shown
    // at the end are right; a value that stays unknown does not hold the run's end for ever: the
    // Build API's result is the run's result (§2.2).
    const hold = mapBuildStatus(build.status) === 'completed' && this.#unclearTimelines > 0;
    if (unknown.length === 0 && !(hold && this.#unclearTimelines <= UNCLEAR_TIMELINES_AWAITED)) {
      this.#build = build;
    }
    await this.#learnApprovals();
    return [...unknown, ...recordValues];
  }

  snapshot(): Snapshot | null {
    if (!this.#build) return null;
    const { kind, url } = this.#handle;
    const caller = this.#caller.known ?? null;
    const approvals = new Map<string, ApprovalView>();
    for (const [id, approval] of this.#approvals) {
      approvals.set(id, pipelineApprovalView(approval, url, caller));
    }
    return snapshotOfBuild(this.#build, this.#timeline.records.values(), {
      kind: kind === 'build' ? 'build' : 'pipeline',
      url,
      approvals,
    });
  }

  async cancel(_comment: string, signal?: AbortSignal): Promise<Cancellation> {
    await this.#client.builds.cancel(this.#handle.project, this.#handle.id, { signal });
    return { canceled: 'all', refused: [] };
  }

  async approve(approval: ApprovalView, comment: string): Promise<void> {
    await this.#client.approvals.answer(this.#handle.project, [
      { approvalId: approval.id, status: 'approved', comment },
    ]);
  }

  failureDetails(mode: Exclude<ShowLogs, 'none'>, tailLines: number): Promise<FailureDetail[]> {
    return pipelineFailureDetails(
      this.#client.builds,
      this.#handle,
      this.#timeline.records.values(),
      mode,
      tailLines,
    );
  }

  /**
   * Who the caller is and the approvers and instructions of approvals not seen before, once
   * something waits for approval. A failed lookup is not an error of the read: the stage shows as
   * waiting meanwhile, and the next read tries again.
   */
  async #learnApprovals(): Promise<void> {
    const pending = pendingApprovalIds(this.#timeline.records.values());
    if (pending.length === 0) return;
    await this.#caller.resolve();
    for (const id of pending.filter((known) => !this.#approvals.has(known))) {
      try {
        this.#approvals.set(id, await this.#client.approvals.get(this.#handle.project, id));
      } catch {
        // tried again on the next read
      }
    }
  }
}
