/**
 * One attempt of a request as it went over the wire, for `--trace` (src/trace/). The request
 * headers hold the Authorization header as sent: whoever keeps an exchange must redact it.
 */
export interface Exchange {
  /** When the attempt was sent. */
  readonly sentAt: Date;
  readonly method: string;
  /** The absolute URL with its query. */
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  /** The body as sent, `null` when there was none. */
  readonly requestBody: string | null;
  /** What came back; `null` when no answer came (`error` says why). */
  readonly response: {
    readonly status: number;
    readonly headers: Headers;
    readonly body: string;
  } | null;
  readonly error?: unknown;
}
