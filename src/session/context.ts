/**
 * src/session/ is what both adapters of one process share, the command line (src/cli/) and the
 * Azure Pipelines tasks (src/task/): reading the connection and the follow settings from option
 * values, choosing the reporter, registering secrets, turning SIGINT/SIGTERM into one shutdown
 * with a deadline, and running a trigger, a watch or a flow file through the core with them. It
 * knows no argv and no task inputs: each adapter reads its own and passes them here. It never
 * imports an adapter.
 */
import type { OptionValues } from '../inputs/values.ts';
import type { Redactor } from '../redact.ts';

/** What a session reads its connection from, and writes to. */
export interface SessionContext {
  readonly values: OptionValues;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /**
   * The process's secrets, registered by the adapter before any option was read; the session
   * adds those it finds later (flow files, Entra ID tokens). The adapter prints an error through
   * it.
   */
  readonly redactor: Redactor;
}
