/**
 * The create whose answer was lost and whose result aztm could not find: the error the command
 * line turns into exit 5, and the words of the notice when it did find it. Never a reason to send
 * the create again (style.md rule 5; anchor-tools.md: a repeated create deploys twice).
 */
import { AzureDevOpsError } from '../azdo/errors.ts';

/** What was being created, for the messages. */
export interface LostCreate {
  /** `pipeline run`, `build` or `release`. */
  readonly noun: string;
  /** The definition's name as the user knows it (`folder\name`). */
  readonly definition: string;
  /** The page that lists the definition's runs or releases. */
  readonly listUrl: string;
  /** The transport's error for the create: no answer, or an answer that could not be read. */
  readonly error: AzureDevOpsError;
}

export class LostCreateError extends AzureDevOpsError {
  /** The page to check: the definition's runs or releases. */
  readonly listUrl: string;
  /** The ids that could each have been the one created (none, or several). */
  readonly candidates: readonly number[];

  constructor(lost: LostCreate, reason: string, candidates: readonly number[] = []) {
    super(
      `the create request got ${whatCameBack(lost.error)} and aztm cannot tell whether it ` +
        `created a ${lost.noun} of "${lost.definition}": ${reason}. aztm did not send the ` +
        `request again; check ${lost.listUrl} before you trigger it again`,
      {
        kind: lost.error.kind,
        request: lost.error.request,
        status: lost.error.status,
        outcomeUnknown: true,
        cause: lost.error,
      },
    );
    this.name = 'LostCreateError';
    this.listUrl = lost.listUrl;
    this.candidates = candidates;
  }
}

/** The notice when aztm found what it created: `found` names it, `how` says how it was told. */
export function recoveredNotice(lost: LostCreate, found: string, how: string): string {
  return `the create request got ${whatCameBack(lost.error)}: found ${found} that aztm created (${how}); the request was not sent again`;
}

/** `a few looks over 10 s` for the "nothing found" reasons. */
export function lookedFor(looks: number, waitedMs: number): string {
  return looks === 1 ? 'in one look' : `in ${looks} looks over ${Math.round(waitedMs / 1000)} s`;
}

/**
 * `no answer (ECONNRESET)`, `no answer within 30 s` (the transport's words, answers.ts), or an
 * answer that could not be read.
 */
function whatCameBack(error: AzureDevOpsError): string {
  if (error.kind === 'badAnswer') return 'an answer that could not be read';
  return /got (no answer.*)$/.exec(error.message)?.[1] ?? 'no answer';
}
