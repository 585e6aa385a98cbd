/**
 * What the loop needs of a followed run, build or release, whatever its kind. `read` is the only
 * step that talks to Azure DevOps while polling (its errors are contact problems, contact.ts);
 * `snapshot` maps what was read and is pure, so a bug there is never mistaken for a lost
 * connection.
 */
import type { ShowLogs } from './follow-options.ts';
import type { UnknownValue } from './known-values.ts';
import type { ApprovalView, FailureDetail, Snapshot } from './snapshot.ts';

export interface Tracker {
  /**
   * Reads the run once more. Throws the source's errors. Returns the enum values the answer held
   * that aztm does not know; what carried them was not taken in (known-values.ts).
   */
  read(): Promise<readonly UnknownValue[]>;
  /** Where the run stood at the last usable read; `null` before there was one. */
  snapshot(): Snapshot | null;
  /**
   * Asks Azure DevOps to cancel what is still queued, running or waiting (§2.3, §4.3), sent again
   * when it fails until `signal` (the shutdown's deadline) ends it. Throws when nothing was
   * canceled; resolves with what was, and what refused.
   */
  cancel(comment: string, signal?: AbortSignal): Promise<Cancellation>;
  /** Approves an approval assigned to the caller (`--approve`). */
  approve(approval: ApprovalView, comment: string): Promise<void>;
  /** Failing stages, jobs and tasks with their issues and log tails (`--show-logs`). */
  failureDetails(mode: Exclude<ShowLogs, 'none'>, tailLines: number): Promise<FailureDetail[]>;
}

/** What a cancel achieved. */
export interface Cancellation {
  /** The stages (StageView ids) whose cancel Azure DevOps accepted; `all`: the whole run's. */
  readonly canceled: 'all' | ReadonlySet<string>;
  /** Why the others were not canceled, one text per stage; empty when everything was. */
  readonly refused: readonly string[];
}

/** The last `count` lines (none for 0). */
export function tail(lines: readonly string[], count: number): string[] {
  return count > 0 ? lines.slice(-count) : [];
}

/** Issue texts: errors as they are, warnings marked. */
export function issueTexts(
  issues: readonly { readonly type?: string; readonly message?: string }[] | null | undefined,
): string[] {
  const list = issues ?? [];
  const text = (issue: { readonly message?: string }): string => issue.message ?? '';
  const isWarning = (issue: { readonly type?: string }): boolean =>
    issue.type?.toLowerCase() === 'warning';
  return [
    ...list.filter((issue) => !isWarning(issue)).map(text),
    ...list.filter(isWarning).map((issue) => `warning: ${text(issue)}`),
  ].filter((message) => message !== '' && message !== 'warning: ');
}
