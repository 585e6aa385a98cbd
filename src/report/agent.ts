/**
 * The logging commands aztm writes inside Azure Pipelines (docs/design/cli-contract.md, "Inside
 * Azure Pipelines"; docs/design/azure-devops.md §10.1), on stdout where the agent reads them. The
 * progress lines beside them come from the plain reporter; this one only speaks to the agent.
 */
import type { FollowEvent } from '../follow/events.ts';
import type { ApprovalView, FailureDetail } from '../follow/snapshot.ts';
import type { Outcome } from '../outcome.ts';
import type { TextSink } from '../redact.ts';
import { completeTask, logIssue, setOutputVariable, setSecret } from './logging-commands.ts';
import { approvalWords } from './narrator.ts';
import type { Reporter } from './reporter.ts';
import { failureIssue } from './summary.ts';
import { handleNoun, isFailure, stateWord } from './words.ts';

/** Issues are read in the run summary: a line, not a page. */
const MAX_ISSUE = 300;

interface AgentCommandsOptions {
  /** Redacting stdout, for every command but `task.setsecret`. */
  readonly stdout: TextSink;
  /** The real stdout: `task.setsecret` must carry the secret itself, and only there. */
  readonly rawStdout: TextSink;
  readonly secrets: readonly string[];
  readonly allowPartial: boolean;
  /** Redaction before an issue is cut short, so that a cut never leaves half a secret. */
  readonly redact: (text: string) => string;
}

export class AgentCommands implements Reporter {
  readonly #options: AgentCommandsOptions;
  readonly #announced = new Set<string>();
  /** Stages an error issue has already been logged for (from the failure detail). */
  readonly #reportedStages = new Set<string>();
  #errorLogged = false;

  /**
   * Masks every secret before anything else is printed: the agent masks only lines that come
   * after `task.setsecret` (§10.1).
   */
  constructor(options: AgentCommandsOptions) {
    this.#options = options;
    const lines = options.secrets.flatMap(setSecret);
    if (lines.length > 0) options.rawStdout.write(`${lines.join('\n')}\n`);
  }

  onEvent(event: FollowEvent): void {
    switch (event.type) {
      case 'triggered':
      case 'attached':
        this.#write(setOutputVariable('runId', String(event.handle.id)));
        this.#write(setOutputVariable('runUrl', event.handle.url));
        return;
      case 'stage':
        if (event.stage.approval && event.stage.state === 'waitingForApproval') {
          this.#approval(event.stage.name, event.stage.approval);
        }
        return;
      case 'approvalPending':
        this.#approval(event.stage, event.approval);
        return;
      case 'notice':
        if (event.level !== 'info') this.#issue(event.level, event.message);
        return;
      case 'failures':
        this.#failures(event.details);
        return;
      case 'finished':
        this.#finished(event.outcome);
        return;
      case 'resolved':
      case 'status':
      case 'job':
      case 'approvalGiven':
      case 'stopping':
        // The plain lines tell these; nothing for the agent to act on.
        return;
    }
  }

  close(): void {
    // Nothing held.
  }

  #approval(stage: string, approval: ApprovalView): void {
    const key = `${stage}\u0000${approval.id}`;
    if (this.#announced.has(key)) return;
    this.#announced.add(key);
    this.#issue('warning', `Stage ${stage} is ${approvalWords(approval)}: ${approval.url}`);
  }

  #failures(details: readonly FailureDetail[]): void {
    for (const detail of details) {
      // A task that succeeded with issues is a warning in the parent's log, not an error.
      const partial = detail.result === 'partiallySucceeded';
      this.#issue(partial ? 'warning' : 'error', failureIssue(detail));
      if (detail.path[0] !== undefined) this.#reportedStages.add(detail.path[0]);
    }
  }

  #finished(outcome: Outcome): void {
    // Stages that failed without a failing task (a rejected approval, a stage timeout) still
    // deserve an issue of their own.
    for (const stage of outcome.stages) {
      if (isFailure(stage.result) && !this.#reportedStages.has(stage.name)) {
        this.#issue('error', `Stage ${stage.name} ${stateWord(stage.result)}`);
      }
    }
    const noun = handleNoun(outcome.handle);
    const result = outcome.result;
    if (result === 'partiallySucceeded' && this.#options.allowPartial) {
      this.#issue('warning', `${noun} partially succeeded (accepted: --allow-partial)`);
    } else if (result === 'partiallySucceeded') {
      this.#issue('error', `${noun} partially succeeded (--allow-partial accepts it)`);
    } else if (result !== 'succeeded' && !this.#errorLogged) {
      this.#issue('error', `${noun} ${stateWord(result)}`);
    }
    this.#write(setOutputVariable('result', result));
    if (result === 'partiallySucceeded' && this.#options.allowPartial) {
      this.#write(completeTask('SucceededWithIssues', `${noun} partially succeeded`));
    }
  }

  #issue(type: 'error' | 'warning', message: string): void {
    if (type === 'error') this.#errorLogged = true;
    const text = this.#options.redact(message);
    this.#write(
      logIssue(type, text.length > MAX_ISSUE ? `${text.slice(0, MAX_ISSUE - 1)}…` : text),
    );
  }

  #write(line: string): void {
    this.#options.stdout.write(`${line}\n`);
  }
}
