/**
 * The logging commands `flow run` writes inside Azure Pipelines (docs/design/cli-contract.md,
 * "Inside Azure Pipelines"; docs/design/azure-devops.md §10.1), on stdout where the agent reads
 * them: `task.setsecret` first, an issue per failing step (an error when it fails the flow, a
 * warning when it does not) and per pending approval, the flow's `result` output variable,
 * `task.complete` with SucceededWithIssues when the flow succeeded with failures it tolerates, and
 * `task.uploadsummary` for the `--summary` report. The progress lines beside them come from the
 * plain log.
 */
import type { FollowEvent } from '../../follow/events.ts';
import type { ApprovalView } from '../../follow/snapshot.ts';
import type { TextSink } from '../../redact.ts';
import {
  completeTask,
  logIssue,
  setOutputVariable,
  setProgress,
  setSecret,
  uploadSummary,
} from '../logging-commands.ts';
import { approvalWords } from '../narrator.ts';
import { failureIssue } from '../summary.ts';
import { stateWord } from '../words.ts';
import { inStep } from './flow-log.ts';
import type { FlowStep } from '../../flow/model.ts';
import { failsTheFlow, flowResultOf, isFailure } from '../../flow/scheduler.ts';
import type { EndedRecord, FlowRun, StepChange } from '../../flow/step-record.ts';
import { messageOf } from '../../errors.ts';

/** Issues are read in the run summary: a line, not a page. */
const MAX_ISSUE = 300;

interface FlowAgentOptions {
  /** Redacting stdout, for every command but `task.setsecret`. */
  readonly stdout: TextSink;
  /** The real stdout: `task.setsecret` must carry the secret itself, and only there. */
  readonly rawStdout: TextSink;
  readonly secrets: readonly string[];
  /** Redaction before an issue is cut short, so that a cut never leaves half a secret. */
  readonly redact: (text: string) => string;
  /** How many steps the flow has: the task's progress is the share of them that ended. */
  readonly stepCount: number;
}

export class FlowAgentCommands {
  readonly #options: FlowAgentOptions;
  readonly #announced = new Set<string>();
  #ended = 0;

  /** Masks every secret before anything else is printed: the agent masks only later lines. */
  constructor(options: FlowAgentOptions) {
    this.#options = options;
    const lines = options.secrets.flatMap(setSecret);
    if (lines.length > 0) options.rawStdout.write(`${lines.join('\n')}\n`);
  }

  onStep(change: StepChange): void {
    const { step } = change.record;
    if (change.type === 'run') this.#onRun(step, change.event);
    else if (change.type === 'error') {
      const message = messageOf(change.error);
      this.#issue(this.#failsFlow(step) ? 'error' : 'warning', `step ${step.id}: ${message}`);
    } else if (change.type === 'ended') this.#onEnd(change.record);
  }

  #onRun(step: FlowStep, event: FollowEvent): void {
    if (event.type === 'approvalPending') {
      this.#approval(step, event.stage, event.approval);
    } else if (event.type === 'stage' && event.stage.approval) {
      if (event.stage.state === 'waitingForApproval') {
        this.#approval(step, event.stage.name, event.stage.approval);
      }
    } else if (event.type === 'failures') {
      const type = this.#failsFlow(step) ? 'error' : 'warning';
      for (const detail of event.details) {
        // A task that succeeded with issues is a warning in the parent's log, not an error.
        const partial = detail.result === 'partiallySucceeded';
        this.#issue(partial ? 'warning' : type, failureIssue(inStep(step.id, detail)));
      }
    }
  }

  /**
   * A step ended (run, skipped or not run): the task's progress moves on, and one that ended badly
   * without a failure detail or an error (canceled, timed out) gets its issue.
   */
  #onEnd(record: EndedRecord): void {
    this.#ended += 1;
    const total = this.#options.stepCount;
    this.#write(setProgress((100 * this.#ended) / total, `${this.#ended} of ${total} steps done`));
    // An issue was logged from its failure detail or its error.
    if (record.failures.length > 0 || record.error !== null) return;
    const bad = record.result !== 'succeeded' && record.result !== 'skipped';
    if (!bad || record.result === 'notRun') return;
    const type = failsTheFlow(record) ? 'error' : 'warning';
    this.#issue(type, `step ${record.step.id} ${stateWord(record.result)}`);
  }

  /** The flow's result, then the summary's upload, when one was written. */
  finish(run: FlowRun, summaryPath: string | null): void {
    const result = flowResultOf(run);
    this.#write(setOutputVariable('result', result));
    // A partial success or a failure the flow tolerates (allowPartial, continueOnError).
    const tolerated = run.steps.some(
      (record) => record.result === 'partiallySucceeded' || isFailure(record.result),
    );
    if (result === 'succeeded' && tolerated) {
      this.#write(completeTask('SucceededWithIssues', 'flow succeeded with issues'));
    }
    if (summaryPath !== null) this.#write(uploadSummary(summaryPath));
  }

  /** Whether a failure of this step fails the flow (docs/design/flow-file.md, continueOnError). */
  #failsFlow(step: FlowStep): boolean {
    return failsTheFlow({ step, result: 'failed' });
  }

  #approval(step: FlowStep, stage: string, approval: ApprovalView): void {
    const key = `${step.id}\u0000${stage}\u0000${approval.id}`;
    if (this.#announced.has(key)) return;
    this.#announced.add(key);
    const words = approvalWords(approval);
    this.#issue('warning', `step ${step.id} › stage ${stage} is ${words}: ${approval.url}`);
  }

  #issue(type: 'error' | 'warning', message: string): void {
    const text = this.#options.redact(message);
    this.#write(
      logIssue(type, text.length > MAX_ISSUE ? `${text.slice(0, MAX_ISSUE - 1)}…` : text),
    );
  }

  #write(line: string): void {
    this.#options.stdout.write(`${line}\n`);
  }
}
