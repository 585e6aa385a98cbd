/**
 * What `flow run` shows, chosen as the single commands choose (src/report/index.ts): on a
 * terminal a live view of every step; in a CI log or a pipe one line per change; inside Azure
 * Pipelines the same lines with failures folded into groups, plus logging commands. At the end
 * the summary table, the `--json` flow object (the last line of stdout) and the `--summary`
 * Markdown report. Everything goes through the one Redactor, the report file included.
 */
import type { FollowEvent } from '../../follow/events.ts';
import type { FailureDetail } from '../../follow/snapshot.ts';
import {
  redactingStream,
  type RedactingStream,
  type Redactor,
  type TextSink,
} from '../../redact.ts';
import { LiveRegion } from '../live-region.ts';
import { neutraliseJson } from '../safe-text.ts';
import type { Handle } from '../../target.ts';
import { FlowAgentCommands } from './flow-agent.ts';
import { FlowLog } from './flow-log.ts';
import { renderFlowView } from './live-view.ts';
import type { Flow, FlowStep } from '../../flow/model.ts';
import { flowJson, summaryTable } from './run-report.ts';
import type { FlowRunResult, SchedulerEvent } from '../../flow/scheduler.ts';
import { StepBoard } from './step-board.ts';
import { writeFileAtomically } from './summary-file.ts';
import { summaryMarkdown } from './summary-markdown.ts';
import { messageOf } from '../../errors.ts';

export interface FlowReporterOptions {
  /** As for the single commands: `tty` live view, `plain` lines, `agent` lines and commands. */
  readonly mode: 'tty' | 'plain' | 'agent';
  /** The flow object on stdout at the end; the summary table then goes to stderr. */
  readonly json: boolean;
  readonly color: boolean;
  /** The terminal's size, for the live view. */
  readonly columns: number;
  readonly rows: number;
  /** The process's streams; this reporter wraps them in redaction. */
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Holds every token and secret value; in agent mode they are masked first. */
  readonly redactor: Redactor;
  readonly flow: Flow;
  /** The flow file's name, for the live view's header and the report's title. */
  readonly title: string;
  /** `--summary`: the absolute path of the Markdown report, or `null`. */
  readonly summaryPath: string | null;
  readonly now?: () => Date;
}

/** Live view redraws: a few a second at most, and every second for elapsed times. */
const MIN_REDRAW_MS = 250;
const TICK_MS = 1000;

export class FlowReporter {
  readonly #options: FlowReporterOptions;
  readonly #now: () => Date;
  readonly #stdout: RedactingStream;
  readonly #stderr: RedactingStream;
  readonly #log: FlowLog;
  readonly #agent: FlowAgentCommands | null;
  readonly #board: StepBoard;
  readonly #region: LiveRegion | null;
  readonly #handles = new Map<string, Handle>();
  readonly #failures = new Map<string, FailureDetail[]>();
  readonly #errors = new Map<string, string>();
  /** When the first step started or ended: the flow's start, in the report and `--json`. */
  #startedAt: Date | null = null;

  /** In agent mode, writes `task.setsecret` for every secret at once, before anything else. */
  constructor(options: FlowReporterOptions) {
    this.#options = options;
    this.#now = options.now ?? ((): Date => new Date());
    const { redactor, color, mode } = options;
    this.#stdout = redactingStream(options.stdout, redactor);
    this.#stderr = redactingStream(options.stderr, redactor);
    this.#agent =
      mode === 'agent'
        ? new FlowAgentCommands({
            stdout: this.#stdout,
            rawStdout: options.stdout,
            secrets: redactor.secrets,
            redact: (text) => redactor.redact(text),
            stepCount: options.flow.steps.length,
          })
        : null;
    this.#board = new StepBoard(options.flow.steps);
    this.#region =
      mode === 'tty'
        ? new LiveRegion({
            stream: this.#stderr,
            render: () =>
              renderFlowView(this.#board, {
                now: this.#now().getTime(),
                columns: options.columns,
                rows: options.rows,
                color,
                redact: (text) => redactor.redact(text),
                title: options.title,
              }),
            now: () => this.#now().getTime(),
            minRedrawMs: MIN_REDRAW_MS,
            tickMs: TICK_MS,
          })
        : null;
    const region = this.#region;
    this.#log = new FlowLog({
      sink: region ? { write: (text: string) => region.keep(text) } : this.#stderr,
      color,
      now: this.#now,
      scope: region ? 'steps' : 'all',
      groupFailures: mode === 'agent',
    });
  }

  /** The scheduler's events: a step started, finished or was skipped. */
  readonly onScheduler = (event: SchedulerEvent<FlowStep>): void => {
    this.#startedAt ??= this.#now();
    this.#board.onScheduler(event, this.#now().getTime());
    this.#log.onScheduler(event);
    if (event.type !== 'started') this.#agent?.onStepEnd(event.record);
    this.#region?.changed();
  };

  /** A step's follow events, from runTarget. */
  readonly onStep = (step: FlowStep, event: FollowEvent): void => {
    if (event.type === 'triggered' || event.type === 'attached') {
      this.#handles.set(step.id, event.handle);
    }
    if (event.type === 'failures') {
      this.#failures.set(step.id, [...(this.#failures.get(step.id) ?? []), ...event.details]);
    }
    this.#board.onStep(step, event);
    this.#log.onStep(step, event);
    this.#agent?.onStep(step, event);
    this.#region?.changed();
  };

  /** A line about a step that no event tells (`step scan: <change>`), kept above the live view. */
  readonly note = (stepId: string, change: string): void => {
    this.#log.note(stepId, change);
  };

  /** Why a step failed without a result from Azure DevOps (refused, lost access, a bug). */
  readonly onStepError = (step: FlowStep, error: unknown): void => {
    this.#errors.set(step.id, messageOf(error));
    this.#log.onStepError(step, error);
    this.#agent?.onStepError(step, error);
  };

  /**
   * The end, also of a failed or interrupted flow: the live view gives way, the `--summary`
   * report is written (a failure to write it is said, and does not change the exit code), then
   * the logging commands, the summary table, and the `--json` object last.
   */
  async finish(run: FlowRunResult<FlowStep>): Promise<void> {
    const finishedAt = this.#now();
    const startedAt = this.#startedAt ?? finishedAt;
    this.#region?.end(false);
    const written = await this.#writeSummary(run, startedAt, finishedAt);
    this.#agent?.finish(run, written);
    const table = summaryTable(run);
    if (this.#options.json) {
      this.#stderr.write(table);
      this.#stdout.write(neutraliseJson(flowJson(run, startedAt, finishedAt)));
    } else this.#stdout.write(table);
    this.#flush();
  }

  /** Stops the live view (leaving its last state on screen if the flow did not finish). */
  close(): void {
    this.#region?.end(true);
    this.#flush();
  }

  async #writeSummary(
    run: FlowRunResult<FlowStep>,
    startedAt: Date,
    finishedAt: Date,
  ): Promise<string | null> {
    const path = this.#options.summaryPath;
    if (path === null) return null;
    const markdown = summaryMarkdown({
      flow: this.#options.flow,
      title: this.#options.title,
      run,
      startedAt,
      finishedAt,
      handles: this.#handles,
      failures: this.#failures,
      errors: this.#errors,
      mermaidFence: this.#options.mode === 'agent' ? 'colons' : 'backticks',
    });
    try {
      await writeFileAtomically(path, this.#options.redactor.redact(markdown));
      return path;
    } catch (error) {
      const reason = messageOf(error);
      this.#stderr.write(`aztm: could not write the summary ${path}: ${reason}\n`);
      return null;
    }
  }

  #flush(): void {
    this.#stdout.flush();
    this.#stderr.flush();
  }
}
