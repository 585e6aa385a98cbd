/**
 * Keeps secrets out of everything aztm prints (cli-contract.md, "Secrets"). Tokens and secret
 * variable values are added once, at the edge; every reporter writes through a `RedactingStream`.
 */
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** What a secret is replaced with. */
export const REDACTED = '***';

/**
 * Secrets shorter than this are recorded (the agent may still mask them) but never replaced:
 * turning every `ab` of a log into `***` would hide more than it protects.
 */
const MIN_REDACTED_LENGTH = 4;

/** Anything text can be written to: a Node stream, or an in-memory sink in tests. */
export interface TextSink {
  write(text: string): unknown;
}

export class Redactor {
  readonly #secrets: string[] = [];
  /** Every form to replace, longest first so that a longer form is never half-replaced. */
  #patterns: readonly string[] = [];

  /** Records a secret; its forms as they may appear on the wire are redacted too. */
  add(secret: string): void {
    if (secret === '' || this.#secrets.includes(secret)) return;
    this.#secrets.push(secret);
    const patterns = new Set(this.#patterns);
    for (const form of formsOf(secret)) {
      if (form.length >= MIN_REDACTED_LENGTH) patterns.add(form);
    }
    this.#patterns = [...patterns].sort((a, b) => b.length - a.length);
  }

  /** `text` with every occurrence of every secret form replaced by `***`. */
  redact(text: string): string {
    let result = text;
    for (const pattern of this.#patterns) {
      if (result.includes(pattern)) result = result.split(pattern).join(REDACTED);
    }
    return result;
  }

  /** Every secret added, short ones included, in the order they were added. */
  get secrets(): readonly string[] {
    return this.#secrets;
  }
}

/**
 * The forms a secret takes in what aztm might print: itself; HTTP Basic credentials
 * (`base64(":" + pat)`, fact sheet §7) and plain base64, without padding so that the form is
 * still found when the encoded text goes on; URL-encoded (query strings); JSON-escaped
 * (`--json`, error bodies); and, for a multi-line secret, each line, since output is redacted
 * line by line.
 */
function formsOf(secret: string): string[] {
  const forms = [
    secret,
    unpaddedBase64(`:${secret}`),
    unpaddedBase64(secret),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replaceAll('%20', '+'),
    JSON.stringify(secret).slice(1, -1),
  ];
  const lines = secret.split(/\r?\n/);
  return lines.length > 1 ? [...forms, ...lines.flatMap((line) => formsOf(line))] : forms;
}

function unpaddedBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64').replace(/=+$/, '');
}

/**
 * A writable that redacts whole lines before passing them on. A partial line is held back until
 * its end arrives (a secret split over two writes is still found) or until `flush()`/`end()`.
 * Writes are forwarded synchronously, so output order across streams stays as written.
 */
export class RedactingStream extends Writable {
  readonly #target: TextSink;
  readonly #redactor: Redactor;
  readonly #decoder = new StringDecoder('utf8');
  #pending = '';

  constructor(target: TextSink, redactor: Redactor) {
    super({ decodeStrings: false });
    this.#target = target;
    this.#redactor = redactor;
  }

  override _write(
    chunk: unknown,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.#pending +=
      typeof chunk === 'string' ? chunk : this.#decoder.write(Buffer.from(chunk as Uint8Array));
    const end = this.#pending.lastIndexOf('\n');
    if (end >= 0) {
      const complete = this.#pending.slice(0, end + 1);
      this.#pending = this.#pending.slice(end + 1);
      this.#target.write(this.#redactor.redact(complete));
    }
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.flush();
    callback();
  }

  /** Passes on a held-back partial line (a reporter calls this when it closes). */
  flush(): void {
    this.#pending += this.#decoder.end();
    if (this.#pending === '') return;
    this.#target.write(this.#redactor.redact(this.#pending));
    this.#pending = '';
  }
}

/** Wraps `stream` so that everything written to it is redacted by `redactor`. */
export function redactingStream(stream: TextSink, redactor: Redactor): RedactingStream {
  return new RedactingStream(stream, redactor);
}
