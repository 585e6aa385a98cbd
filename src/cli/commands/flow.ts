import { writeFile } from 'node:fs/promises';
import { UsageError } from '../../errors.ts';
import { exportAzurePipelines } from '../../flow/export-azure-pipelines.ts';
import { exportMermaid } from '../../flow/export-mermaid.ts';
import { waves } from '../../flow/graph.ts';
import type { Flow } from '../../flow/model.ts';
import { loadFlowFile } from '../../flow/parse.ts';
import { planText } from '../../flow/plan.ts';
import type { CommandContext } from '../command-context.ts';
import { EXIT, flowExitCodeOf } from '../../end-mapping.ts';
import { connectSteps } from '../../session/flow-connection.ts';
import { planOrReport } from '../../session/flow-plan.ts';
import { runFlowFile } from '../../session/flow-run.ts';
import { flowReporterFor, terminalOf } from '../flow-presentation.ts';
import { text } from '../../inputs/requests.ts';

declare const __AZTM_VERSION__: string;
const VERSION = typeof __AZTM_VERSION__ === 'string' ? __AZTM_VERSION__ : '0.0.0-dev';

/** The flow subcommands; only run triggers anything. */
const SUBCOMMANDS = {
  validate: validate,
  plan: plan,
  export: exportFlow,
  run: runFlowCommand,
} as const satisfies Record<string, (context: CommandContext, file: string) => Promise<number>>;

const EXPORT_FORMATS = ['azure-pipelines', 'mermaid'] as const;

/**
 * `aztm flow validate|plan|export|run FILE`. A bad file is a FlowError (`file:line:column:
 * reason`), reported by src/session/error-report.ts with exit 2, before anything is triggered.
 */
export async function run(context: CommandContext): Promise<number> {
  const [subcommand, file, ...extra] = context.positionals;
  if (subcommand === undefined || !Object.hasOwn(SUBCOMMANDS, subcommand)) {
    const which =
      subcommand === undefined
        ? 'aztm flow needs a subcommand'
        : `unknown flow subcommand "${subcommand}"`;
    const available = Object.keys(SUBCOMMANDS)
      .map(
        (name) =>
          `aztm flow ${name} FILE${name === 'export' ? ' --to azure-pipelines|mermaid' : ''}`,
      )
      .join(', ');
    throw new UsageError('flow', `${which}; available: ${available}`);
  }
  if (file === undefined) {
    throw new UsageError(
      'FILE',
      `aztm flow ${subcommand} needs a flow file: aztm flow ${subcommand} FILE`,
    );
  }
  if (extra.length > 0) {
    throw new UsageError(
      'FILE',
      `aztm flow ${subcommand} takes one file; unexpected "${extra.join(' ')}"`,
    );
  }
  return SUBCOMMANDS[subcommand as keyof typeof SUBCOMMANDS](context, file);
}

/** `validate`: a one-line summary. */
async function validate(context: CommandContext, file: string): Promise<number> {
  const flow = await loadFlowFile(file);
  context.stdout.write(
    `${file}: valid, ${count(flow.steps.length, 'step')} in ${count(waves(flow).length, 'wave')}\n`,
  );
  return EXIT.succeeded;
}

/**
 * `run`: the session's flow run (src/session/flow-run.ts) shown on this terminal, and the exit
 * code of its end.
 */
async function runFlowCommand(context: CommandContext, file: string): Promise<number> {
  const end = await runFlowFile(context, file, {
    terminal: terminalOf(context),
    reporterFor: (settings, run) => flowReporterFor(context, settings, run),
    failFast: context.values['fail-fast'] === true,
  });
  return flowExitCodeOf(end);
}

/**
 * `plan`: resolve every step against its organization (reads only, src/session/flow-connection.ts)
 * and print the waves.
 */
async function plan(context: CommandContext, file: string): Promise<number> {
  const flow = await loadFlowFile(file);
  const connection = connectSteps(context);
  const planned = await planOrReport(flow, connection, context.stderr);
  if (planned === 'refused') return flowExitCodeOf({ kind: 'refused' });
  context.stdout.write(planText(planned));
  return EXIT.succeeded;
}

/** `export --to azure-pipelines|mermaid [--output FILE]`. */
async function exportFlow(context: CommandContext, file: string): Promise<number> {
  const to = text(context.values, 'to');
  const format = EXPORT_FORMATS.find((name) => name === to);
  if (format === undefined) {
    throw new UsageError(
      '--to',
      `${to === undefined ? '--to is missing' : `--to "${to}" is not a format`}: give --to ${EXPORT_FORMATS.join(' or --to ')}`,
    );
  }
  const flow: Flow = await loadFlowFile(file);
  const exported =
    format === 'mermaid'
      ? exportMermaid(flow)
      : exportAzurePipelines(flow, { file, version: VERSION });
  const output = text(context.values, 'output');
  if (output === undefined) context.stdout.write(exported);
  else await writeOutput(output, exported);
  return EXIT.succeeded;
}

/** Writes `--output`; a path that cannot be written (a directory, no such folder) is bad input. */
async function writeOutput(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const shown = path.length > 200 ? `${path.slice(0, 197)}...` : path;
    throw new UsageError(
      '--output',
      `--output: cannot write ${shown} (${typeof code === 'string' ? code : 'error'}): give a file in a folder that exists and can be written`,
      { cause: error },
    );
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
