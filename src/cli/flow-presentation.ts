/**
 * How `flow run` shows itself, read from the process at the edge as the single commands read it
 * (src/cli/run-command.ts): a terminal or not, inside Azure Pipelines (`TF_BUILD`) or not,
 * NO_COLOR / FORCE_COLOR, the terminal's size, and `--summary`.
 */
import { basename, resolve } from 'node:path';
import type { Flow } from '../flow/model.ts';
import { FlowReporter } from '../report/flow/flow-reporter.ts';
import type { Redactor } from '../redact.ts';
import type { CommandContext } from './command-context.ts';
import type { FollowSettings } from '../session/follow-settings.ts';
import { text } from '../inputs/requests.ts';

/** What the progress mode is chosen from (readFollowSettings). */
export function terminalOf(context: CommandContext): {
  readonly isTty: boolean;
  readonly inAzurePipelines: boolean;
} {
  const stderr = context.stderr as NodeJS.WriteStream;
  return { isTty: stderr.isTTY === true, inAzurePipelines: Boolean(context.env.TF_BUILD) };
}

/** The reporter of `flow run FILE`, with every choice made here. */
export function flowReporterFor(
  context: CommandContext,
  settings: FollowSettings,
  run: { readonly flow: Flow; readonly file: string; readonly redactor: Redactor },
): FlowReporter {
  const { env } = context;
  const stderr = context.stderr as NodeJS.WriteStream;
  const color =
    env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0'
      ? true
      : settings.progress === 'tty' && !env.NO_COLOR;
  const summary = text(context.values, 'summary');
  return new FlowReporter({
    mode: settings.progress,
    json: settings.json,
    color,
    columns: stderr.columns || 80,
    rows: stderr.rows || 24,
    stdout: context.stdout,
    stderr: context.stderr,
    redactor: run.redactor,
    flow: run.flow,
    title: basename(run.file),
    // The agent needs an absolute path to upload it (task.uploadsummary).
    summaryPath: summary === undefined ? null : resolve(summary),
  });
}
