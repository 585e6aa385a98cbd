import { messageOf } from '../errors.ts';
/** Entra ID gave no token: which sign-in method failed, why, and what to check; never a secret. */
export class SignInError extends Error {
  /** How the method is named to the user, e.g. "Entra ID managed identity". */
  readonly method: string;
  /** What the identity library or the token endpoint said, on one line. */
  readonly reason: string;
  readonly hint: string;

  constructor(method: string, reason: string, hint: string, cause?: unknown) {
    super(
      `Could not sign in with ${method}: ${reason}`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'SignInError';
    this.method = method;
    this.reason = reason;
    this.hint = hint;
  }
}

/**
 * An identity library message on one line, without the trace and correlation ids, timestamps and
 * links the token endpoint appends: what a CI log reader needs, and no more. MSAL puts the token
 * endpoint's own words after "Description:".
 */
export function summaryOf(error: unknown): string {
  const text = messageOf(error);
  // MSAL's words when it cannot read the authority's metadata; the cause (DNS, proxy, an
  // untrusted certificate) is not kept, so say where to look.
  if (/endpoints_resolution_error/.test(text)) {
    return 'the Entra ID authority could not be reached or read (check AZURE_AUTHORITY_HOST, the network and proxy, and that its certificate is trusted: --ca-file or NODE_EXTRA_CA_CERTS)';
  }
  const described =
    /Description:\s*([\s\S]*?)(?:\s+-\s+(?:Correlation ID|Trace ID|Timestamp):|$)/.exec(text);
  const code = /^\s*(\w+):/.exec(text)?.[1];
  const core = described?.[1] ? `${code ? `${code}: ` : ''}${described[1]}` : text;
  const kept = core
    .replace(/\s*(Trace ID|Correlation ID|Timestamp):[\s\S]*$/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  return kept.length > 400 ? `${kept.slice(0, 399)}…` : kept || 'no reason given';
}
