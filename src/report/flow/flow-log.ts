/**
 * `flow run`'s progress as timestamped lines, every one naming its step: the step's own changes
 * (`step scan: running — URL`, `step scan: succeeded (2m 05s)`), what its run does as the single
 * commands narrate it (`step scan › stage Build: running`), and, when a step fails, its failing
 * stages, jobs and tasks with their issues and log tail, through the single commands' own
 * formatters (src/report/summary.ts). The plain log prints all of it; the live view keeps only
 * what is worth keeping above it.
 */
import type { FollowEvent } from '../../follow/events.ts';
import type { FailureDetail } from '../../follow/snapshot.ts';
import type { TextSink } from '../../redact.ts';
import { styleOf, type Style } from '../ansi.ts';
import { group } from '../logging-commands.ts';
import { Narrator } from '../narrator.ts';
import { failuresText, progressText } from '../progress-text.ts';
import { safeLine } from '../safe-text.ts';
import { failureBody, failureTitle } from '../summary.ts';
import type { StepChange } from '../../flow/step-record.ts';
import { endChange } from './run-report.ts';
import { messageOf } from '../../errors.ts';

interface FlowLogOptions {
  /** Redacting stderr (the plain log), or the live view's kept lines. */
  readonly sink: TextSink;
  readonly color: boolean;
  readonly now: () => Date;
  /** `all`: every change (plain log); `steps`: what the live view keeps above itself. */
  readonly scope: 'all' | 'steps';
  /** Fold each failure's detail into a `##[group]` (inside Azure Pipelines). */
  readonly groupFailures: boolean;
}

/** Run events worth keeping above the live view (as the single commands' live view keeps them). */
const KEPT: ReadonlySet<FollowEvent['type']> = new Set([
  'job',
  'approvalPending',
  'approvalGiven',
  'notice',
  'stopping',
]);

/** A failure's detail with its step first in its path: `step scan › Build › Job › Run tests`. */
export function inStep(stepId: string, detail: FailureDetail): FailureDetail {
  return { ...detail, path: [`step ${stepId}`, ...detail.path] };
}

export class FlowLog {
  readonly #options: FlowLogOptions;
  /** One narrator per step: it remembers what it said of that step's run. */
  readonly #narrators = new Map<string, Narrator>();

  constructor(options: FlowLogOptions) {
    this.#options = options;
  }

  onStep(change: StepChange): void {
    const { record } = change;
    const id = record.step.id;
    if (change.type === 'started') {
      // The live view shows it; the plain log says it.
      if (this.#options.scope === 'all') this.#line(this.#now(), id, 'starting');
    } else if (change.type === 'run') {
      this.#onRun(id, change.event);
    } else if (change.type === 'error') {
      // Why a step failed without a result from Azure DevOps (refused, lost access).
      const message = messageOf(change.error);
      this.#line(this.#now(), id, `error: ${message}`, 'red');
    } else if (change.record.reason !== null) {
      this.#line(this.#now(), id, endChange(change.record, change.record.reason), 'dim');
    } else if (!change.record.kept) {
      // A kept step is said by the caller, which knows the state file.
      this.#line(this.#now(), id, endChange(change.record), styleOf(change.record.result));
    }
  }

  #onRun(stepId: string, event: FollowEvent): void {
    if (event.type === 'triggered' || event.type === 'attached') {
      this.#line(event.at, stepId, `running — ${event.handle.url}`);
      return;
    }
    if (event.type === 'failures') {
      this.#failures(event.at, stepId, event.details);
      return;
    }
    // The step's end says how the step ended.
    if (event.type === 'finished') return;
    const { lines } = this.#narrator(stepId).narrate(event);
    if (!this.#shows(event)) return;
    const at = 'at' in event ? event.at : this.#now();
    for (const line of lines) {
      this.#write(progressText(at, [`step ${stepId} › ${line}`], this.#options.color));
    }
  }

  /** A line about a step that no event tells (`step scan: <change>`), e.g. from resuming. */
  note(stepId: string, change: string): void {
    this.#line(this.#now(), stepId, change);
  }

  #now(): string {
    return this.#options.now().toISOString();
  }

  #shows(event: FollowEvent): boolean {
    if (this.#options.scope === 'all') return true;
    // A stage that waits for a person is announced above the view, with who and where.
    if (event.type === 'stage') return event.stage.state === 'waitingForApproval';
    return KEPT.has(event.type);
  }

  #failures(at: string, stepId: string, details: readonly FailureDetail[]): void {
    const { color, groupFailures } = this.#options;
    const prefixed = details.map((detail) => inStep(stepId, detail));
    if (!groupFailures) {
      this.#write(failuresText(at, prefixed, color));
      return;
    }
    for (const detail of prefixed) {
      // The agent only recognises `##[group]` at the start of a line: no time before it.
      const body = failureBody(detail).map(safeLine);
      this.#write(`${group(safeLine(failureTitle(detail)), body).join('\n')}\n`);
    }
  }

  #narrator(stepId: string): Narrator {
    let narrator = this.#narrators.get(stepId);
    if (!narrator) {
      narrator = new Narrator(false);
      this.#narrators.set(stepId, narrator);
    }
    return narrator;
  }

  #line(at: string, stepId: string, change: string, style?: Style): void {
    this.#write(progressText(at, [`step ${stepId}: ${change}`], this.#options.color, style));
  }

  #write(text: string): void {
    this.#options.sink.write(text);
  }
}
