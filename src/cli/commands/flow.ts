import { UsageError } from '../../errors.ts';
import { loadFlowFile } from '../../flow/parse.ts';
import { waves } from '../../flow/graph.ts';
import type { CommandContext } from '../commands.ts';
import { EXIT } from '../exit.ts';

/** The flow subcommands built so far; plan, run and export come later (issue 5). */
const SUBCOMMANDS = ['validate'] as const;

/**
 * `aztm flow validate FILE`: loads the flow file and prints a one-line summary. A bad file is a
 * FlowError (`file:line:column: reason`), reported by src/cli/exit.ts with exit 2.
 */
export async function run(context: CommandContext): Promise<number> {
  const [subcommand, file, ...extra] = context.positionals;
  if (subcommand !== 'validate') {
    const which =
      subcommand === undefined
        ? 'aztm flow needs a subcommand'
        : `unknown flow subcommand "${subcommand}"`;
    const available = SUBCOMMANDS.map((name) => `aztm flow ${name} FILE`).join(', ');
    throw new UsageError('flow', `${which}; available: ${available}`);
  }
  if (file === undefined) {
    throw new UsageError('FILE', 'aztm flow validate needs a flow file: aztm flow validate FILE');
  }
  if (extra.length > 0) {
    throw new UsageError(
      'FILE',
      `aztm flow validate takes one file; unexpected "${extra.join(' ')}"`,
    );
  }
  const flow = await loadFlowFile(file);
  const stepCount = flow.steps.length;
  const waveCount = waves(flow).length;
  context.stdout.write(
    `${file}: valid, ${stepCount} step${stepCount === 1 ? '' : 's'} in ${waveCount} wave${waveCount === 1 ? '' : 's'}\n`,
  );
  return EXIT.succeeded;
}
