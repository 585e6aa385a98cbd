/**
 * Turns follow events into the short sentences of a progress log (`stage Build: running`). Used by
 * the plain and agent reporters for every line, and by the tty reporter for the lines it keeps
 * above its live view. It remembers what it has said, so that an approval is announced once, and
 * the last view of each stage, for the summary.
 */
import type { FollowEvent } from '../follow/events.ts';
import type { ApprovalView, JobView, RunStatus, StageView } from '../follow/snapshot.ts';
import type { Handle, Target } from '../target.ts';
import {
  calendarTime,
  describeHandle,
  durationBetween,
  handleNoun,
  isFailure,
  isFinal,
  stateWord,
  took,
} from './words.ts';

/** The events the narrator speaks for; `failures` and `finished` belong to the summary. */
type NarratedEvent = Exclude<FollowEvent, { type: 'failures' | 'finished' }>;

interface Narration {
  readonly lines: readonly string[];
}

export class Narrator {
  readonly #verbose: boolean;
  readonly #announced = new Set<string>();
  #handle: Handle | undefined;
  /** The last view of each stage, by name: the summary's durations and reasons come from here. */
  readonly stages = new Map<string, StageView>();

  constructor(verbose: boolean) {
    this.#verbose = verbose;
  }

  narrate(event: NarratedEvent): Narration {
    switch (event.type) {
      case 'resolved':
        return { lines: this.#verbose ? [describeTarget(event.target)] : [] };
      case 'triggered':
      case 'attached': {
        this.#handle = event.handle;
        const verb = event.type === 'triggered' ? 'triggered' : 'attached to';
        return { lines: [`${verb} ${describeHandle(event.handle)}: ${event.handle.url}`] };
      }
      case 'status':
        return { lines: statusLine(event.status, this.#handle) };
      case 'stage':
        return this.#stage(event.stage, event.previous === null);
      case 'job':
        return { lines: this.#job(event.stage, event.job) };
      case 'approvalPending':
        return this.#approval(event.stage, event.approval);
      case 'approvalGiven':
        return { lines: [`stage ${event.stage}: approved by aztm (--approve)`] };
      case 'notice':
        return {
          lines: [event.level === 'info' ? event.message : `${event.level}: ${event.message}`],
        };
      case 'stopping':
        return { lines: [stoppingLine(event.reason, event.action, this.#handle)] };
    }
  }

  #stage(stage: StageView, first: boolean): Narration {
    this.stages.set(stage.name, stage);
    const prefix = `stage ${stage.name}:`;
    switch (stage.state) {
      case 'notStarted':
        // Every stage starts so; said only when it goes back to it, or when asked for everything.
        return { lines: first && !this.#verbose ? [] : [`${prefix} not started`] };
      case 'waitingForApproval':
        return stage.approval
          ? this.#approval(stage.name, stage.approval)
          : { lines: [`${prefix} waiting for approval`] };
      case 'scheduled':
        return {
          lines: [
            stage.scheduledFor
              ? `${prefix} scheduled for ${calendarTime(stage.scheduledFor)}`
              : `${prefix} scheduled`,
          ],
        };
      case 'queued':
      case 'waitingForChecks':
      case 'running':
      case 'cancelling':
      case 'succeeded':
      case 'partiallySucceeded':
      case 'failed':
      case 'canceled':
      case 'timedOut':
      case 'skipped':
      case 'notDeployed':
      case 'rejected':
      case 'notRun':
        return { lines: [`${prefix} ${finalWords(stage)}`] };
    }
  }

  #job(stage: string, job: JobView): string[] {
    if (!this.#verbose && !isFailure(job.state)) return [];
    const duration = isFinal(job.state)
      ? durationBetween(job.startedAt, job.finishedAt)
      : undefined;
    return [`job ${stage} › ${job.name}: ${stateWord(job.state)}${took(job.state, duration)}`];
  }

  #approval(stage: string, approval: ApprovalView): Narration {
    const key = `${stage}\u0000${approval.id}`;
    if (this.#announced.has(key)) return { lines: [] };
    this.#announced.add(key);
    return { lines: [`stage ${stage}: ${approvalWords(approval)} — approve at ${approval.url}`] };
  }
}

/** `waiting for approval by Release Managers ("check the dashboard")`. */
export function approvalWords(approval: ApprovalView): string {
  const by = approval.approvers.length > 0 ? ` by ${approval.approvers.join(', ')}` : '';
  const instructions = approval.instructions
    ? ` (${JSON.stringify(approval.instructions.replaceAll(/\s+/g, ' ').trim())})`
    : '';
  return `waiting for approval${by}${instructions}`;
}

/** A stage's state in words, with its duration once final and its reason when it has one. */
function finalWords(stage: StageView): string {
  const duration = isFinal(stage.state)
    ? durationBetween(stage.startedAt, stage.finishedAt)
    : undefined;
  const words = `${stateWord(stage.state)}${took(stage.state, duration)}`;
  return stage.reason ? `${words} (${stage.reason})` : words;
}

function statusLine(status: RunStatus, handle: Handle | undefined): string[] {
  const noun = handle?.kind === 'pipeline' ? 'run' : (handle?.kind ?? 'run');
  if (status === 'queued') return [`${noun} queued`];
  if (status === 'running') return [`${noun} started`];
  if (status === 'cancelling') return [`${noun} cancelling`];
  // `completed` is told by the summary.
  return [];
}

function stoppingLine(
  reason: 'interrupted' | 'timedOut',
  action: 'cancel' | 'leave',
  handle: Handle | undefined,
): string {
  const why = reason === 'interrupted' ? 'interrupted' : 'timed out';
  if (action === 'cancel') return `${why}: canceling ${handleNoun(handle)}`;
  const where = handle ? `: ${handle.url}` : '';
  return `${why}: leaving ${handleNoun(handle)} running${where}`;
}

/** What is about to be triggered (`--verbose`). */
function describeTarget(target: Target): string {
  switch (target.kind) {
    case 'pipeline':
      return `pipeline ${target.pipelinePath} (id ${target.pipelineId})${onBranch(target.branch)}`;
    case 'build':
      return `build definition ${target.definitionPath} (id ${target.definitionId})${onBranch(target.branch)}`;
    case 'release': {
      const stages = target.stages ? `, stages ${target.stages.join(', ')}` : '';
      return `release definition ${target.definitionName} (id ${target.definitionId})${stages}`;
    }
  }
}

function onBranch(branch: string | undefined): string {
  return branch ? ` on ${branch.replace(/^refs\/heads\//, '')}` : '';
}
