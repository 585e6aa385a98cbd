/**
 * What `flow run` shows, chosen as the single commands choose (src/report/index.ts): on a
 * terminal a live view of every step; in a CI log or a pipe one line per change; inside Azure
 * Pipelines the same lines with failures folded into groups, plus logging commands. At the end
 * the summary table, the `--json` flow object (the last line of stdout) and the `--summary`
 * Markdown report. Everything goes through the one Redactor, the report file included.
 */
import {
  redactingStream,
  type RedactingStream,
  type Redactor,
  type TextSink,
} from '../../redact.ts';
import { LiveRegion } from '../live-region.ts';
import { neutraliseJson } from '../safe-text.ts';
import { FlowAgentCommands } from './flow-agent.ts';
import { FlowLog } from './flow-log.ts';
import { renderFlowView } from './live-view.ts';
import type { Flow } from '../../flow/model.ts';
import {
  waitingRecord,
  type FlowRun,
  type StepChange,
  type StepRecord,
} from '../../flow/step-record.ts';
import { flowJson, summaryTable } from './run-report.ts';
import { writeFileAtomically } from './summary-file.ts';
import { summaryMarkdown } from './summary-markdown.ts';
import { messageOf } from '../../errors.ts';

interface FlowReporterOptions {
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
  /** Every step's record as last told, in file order, for the live view. */
  readonly #records: Map<string, StepRecord>;
  readonly #region: LiveRegion | null;
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
    this.#records = new Map(options.flow.steps.map((step) => [step.id, waitingRecord(step)]));
    this.#region =
      mode === 'tty'
        ? new LiveRegion({
            stream: this.#stderr,
            render: () =>
              renderFlowView(
                {
                  steps: [...this.#records.values()],
                  startedAt: this.#startedAt?.getTime() ?? null,
                },
                {
                  now: this.#now().getTime(),
                  columns: options.columns,
                  rows: options.rows,
                  color,
                  redact: (text) => redactor.redact(text),
                  title: options.title,
                },
              ),
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

  /** A step's change: it started, its run did something, it met an error, or it ended. */
  readonly onStep = (change: StepChange): void => {
    const { record } = change;
    // The first step's start or end (a kept step's included) is the flow's start.
    if (change.type !== 'run' && change.type !== 'error') this.#startedAt ??= this.#now();
    this.#records.set(record.step.id, record);
    this.#log.onStep(change);
    this.#agent?.onStep(change);
    if (change.type !== 'error') this.#region?.changed();
  };

  /** A line about a step that no event tells (`step scan: <change>`), kept above the live view. */
  readonly note = (stepId: string, change: string): void => {
    this.#log.note(stepId, change);
  };

  /**
   * The end, also of a failed or interrupted flow: the live view gives way, the `--summary`
   * report is written (a failure to write it is said, and does not change the exit code), then
   * the logging commands, the summary table, and the `--json` object last.
   */
  async finish(run: FlowRun): Promise<void> {
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

  async #writeSummary(run: FlowRun, startedAt: Date, finishedAt: Date): Promise<string | null> {
    const path = this.#options.summaryPath;
    if (path === null) return null;
    const markdown = summaryMarkdown({
      flow: this.#options.flow,
      title: this.#options.title,
      run,
      startedAt,
      finishedAt,
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
