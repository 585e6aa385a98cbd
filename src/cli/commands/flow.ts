import { writeFile } from 'node:fs/promises';
import { credentialFromInputs } from '../../azdo/auth.ts';
import { createAzureDevOpsClient, type AzureDevOpsClient } from '../../azdo/client.ts';
import { isAzureDevOpsError } from '../../azdo/errors.ts';
import { UsageError } from '../../errors.ts';
import { exportAzurePipelines } from '../../flow/export-azure-pipelines.ts';
import { exportMermaid } from '../../flow/export-mermaid.ts';
import { waves } from '../../flow/graph.ts';
import type { Flow, FlowStep } from '../../flow/model.ts';
import { loadFlowFile } from '../../flow/parse.ts';
import { planFlow, planText, StepPlanError } from '../../flow/plan.ts';
import { Redactor, redactingStream } from '../../redact.ts';
import type { CommandContext } from '../commands.ts';
import { readTokenInputs } from '../connection.ts';
import { EXIT, reportRefusal } from '../exit.ts';
import { text } from '../requests.ts';

declare const __AZTM_VERSION__: string;
const VERSION = typeof __AZTM_VERSION__ === 'string' ? __AZTM_VERSION__ : '0.0.0-dev';

/** The flow subcommands built so far; run comes later (issue 5). */
const SUBCOMMANDS = {
  validate: validate,
  plan: plan,
  export: exportFlow,
} as const satisfies Record<string, (context: CommandContext, file: string) => Promise<number>>;

const EXPORT_FORMATS = ['azure-pipelines', 'mermaid'] as const;

/**
 * `aztm flow validate|plan|export FILE`. A bad file is a FlowError (`file:line:column: reason`),
 * reported by src/cli/exit.ts with exit 2. None of them triggers anything.
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
 * `plan`: resolve every step against its organization (reads only) and print the waves. A step's
 * organization (its own, else the flow's) wins over --organization; one client per organization,
 * all with the one credential the command was given.
 */
async function plan(context: CommandContext, file: string): Promise<number> {
  const flow = await loadFlowFile(file);
  const tokens = readTokenInputs(context);
  const redactor = new Redactor();
  for (const secret of tokens.secrets) redactor.add(secret);
  const credential = credentialFromInputs(tokens.inputs);
  const fallback = text(context.values, 'organization')?.trim();
  const clients = new Map<string, AzureDevOpsClient>();
  const clientFor = (step: FlowStep): AzureDevOpsClient => {
    const organizationUrl = step.organization ?? fallback;
    if (!organizationUrl) {
      throw new UsageError(
        '--organization',
        'no organization: set "organization" in the flow file, give --organization or set aztm_organization',
      );
    }
    const known = clients.get(organizationUrl);
    if (known) return known;
    const client = createAzureDevOpsClient({ organizationUrl, credential });
    clients.set(organizationUrl, client);
    return client;
  };
  try {
    context.stdout.write(planText(await planFlow(flow, clientFor)));
    return EXIT.succeeded;
  } catch (error) {
    if (!(error instanceof StepPlanError)) throw error;
    const { cause } = error;
    if (isAzureDevOpsError(cause)) {
      const stderr = redactingStream(context.stderr, redactor);
      stderr.write(`aztm: step "${error.stepId}" could not be resolved:\n`);
      return reportRefusal(cause, stderr);
    }
    if (cause instanceof UsageError) throw new UsageError(cause.input, error.message, { cause });
    throw cause;
  }
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
  else await writeFile(output, exported);
  return EXIT.succeeded;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
