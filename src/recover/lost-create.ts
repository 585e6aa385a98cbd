/**
 * The create whose answer was lost and whose result aztm could not find: the error the command
 * line turns into exit 5, and the words of the notices when it found it or sends it again. The
 * create is sent again only when the looks found nothing it could have made (call.ts); never on
 * an answer alone (docs/design/style.md rule 5; docs/design/anchor-tools.md: a repeated create
 * deploys twice).
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
  /**
   * The transport's error for the create: no answer, an answer that could not be read, or a 5xx
   * or 429 that may have come after the service acted.
   */
  readonly error: AzureDevOpsError;
}

/** A run or release that could be the one created, or that was looked at and set aside. */
export interface Candidate {
  readonly id: number;
  /** Its web page. */
  readonly url: string;
  /** How it differs from what aztm asked for, or what cannot be compared; none: the same. */
  readonly note?: string;
}

export class LostCreateError extends AzureDevOpsError {
  /** The page to check: the definition's runs or releases. */
  readonly listUrl: string;
  /** The runs or releases aztm found and could not take as its own (or tell apart). */
  readonly candidates: readonly Candidate[];
  /** How many times the create was sent. */
  readonly sends: number;

  constructor(
    lost: LostCreate,
    reason: string,
    details: { readonly candidates?: readonly Candidate[]; readonly sends?: number } = {},
  ) {
    const sends = details.sends ?? 1;
    super(
      `the create request got ${whatCameBack(lost.error)} and aztm cannot tell whether it ` +
        `created a ${lost.noun} of "${lost.definition}": ${reason}. ` +
        (sends === 1
          ? 'aztm did not send the request again'
          : `aztm sent the request ${sends} times and will not send it again`) +
        `; check ${lost.listUrl} before you trigger it again`,
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
    this.candidates = details.candidates ?? [];
    this.sends = sends;
  }
}

/** `https://…?buildId=7 (variable x has another value), https://…?buildId=8`. */
export function listCandidates(candidates: readonly Candidate[]): string {
  return candidates
    .map((candidate) => (candidate.note ? `${candidate.url} (${candidate.note})` : candidate.url))
    .join(', ');
}

/** The notice when aztm found what it created: `found` names it, `how` says how it was told. */
export function recoveredNotice(lost: LostCreate, found: string, how: string, sends = 1): string {
  return (
    `the create request got ${whatCameBack(lost.error)}: found ${found} that aztm created (${how}); ` +
    (sends === 1 ? 'the request was not sent again' : `the request was sent ${sends} times in all`)
  );
}

/** The notice before the create is sent again: `reason` says what the looks did not find. */
export function resendNotice(lost: LostCreate, reason: string, send: number, max: number): string {
  return `the create request got ${whatCameBack(lost.error)} and ${reason}: aztm takes it that no ${lost.noun} was created and sends the request again (${send} of at most ${max})`;
}

/** Interrupted while aztm looked for what the create made: it is not sent again. */
export function interruptedLookNotice(lost: LostCreate, reason: string): string {
  return `interrupted after the create request got ${whatCameBack(lost.error)} and ${reason}; aztm did not send the request again: a ${lost.noun} of "${lost.definition}" may have been created; check ${lost.listUrl}`;
}

/** `in one look`, `in 4 looks over 10 s`, for the "nothing found" reasons. */
export function lookedFor(looks: number, waitedMs: number): string {
  return looks === 1 ? 'in one look' : `in ${looks} looks over ${Math.round(waitedMs / 1000)} s`;
}

/**
 * `no answer (ECONNRESET)`, `no answer within 30 s` (the transport's words, answers.ts), an
 * answer that could not be read, or `HTTP 502`.
 */
function whatCameBack(error: AzureDevOpsError): string {
  if (error.kind === 'badAnswer') return 'an answer that could not be read';
  if (error.status !== null) return `HTTP ${error.status}`;
  return /got (no answer.*)$/.exec(error.message)?.[1] ?? 'no answer';
}
