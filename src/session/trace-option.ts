/**
 * `--trace FILE` (docs/design/cli-contract.md, "Added in the second plan"): the file is opened
 * here, before anything is sent, and every client of the command writes its exchanges to it.
 */
import type { Exchange } from '../azdo/exchange.ts';
import { UsageError } from '../errors.ts';
import type { Redactor } from '../redact.ts';
import { createTraceWriter } from '../trace/trace-file.ts';
import type { SessionContext } from './context.ts';
import { text } from '../inputs/requests.ts';

/**
 * The `onExchange` of the command's clients when `--trace` (or `aztm_trace`) is given, redacting
 * with `redactor`, which the caller fills with every token and secret value before it sends.
 * @throws UsageError when the file cannot be created or truncated; nothing has been sent then.
 */
export function openTrace(
  context: Pick<SessionContext, 'values' | 'stderr'>,
  redactor: Redactor,
): ((exchange: Exchange) => void) | undefined {
  const path = text(context.values, 'trace')?.trim();
  if (!path) return undefined;
  try {
    return createTraceWriter(path, {
      redactor,
      onWriteError: (error) =>
        context.stderr.write(
          `aztm: warning: --trace: cannot write to ${path} (${codeOf(error)}); the trace stops here\n`,
        ),
    }).onExchange;
  } catch (error) {
    throw new UsageError(
      '--trace',
      `--trace: cannot write ${path} (${codeOf(error)}): give a file in a folder that exists and can be written`,
      { cause: error },
    );
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
