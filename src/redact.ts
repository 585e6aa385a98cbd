/**
 * Keeps secrets out of everything aztm prints (docs/design/cli-contract.md, "Secrets"). Tokens and
 * secret variable values are added once, at the edge; every reporter writes through a
 * `RedactingStream`.
 */
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { secretForms } from './secret-forms.ts';

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

  /**
   * Records a secret, as given and trimmed (a token is sent trimmed), with every form it can be
   * printed in (src/secret-forms.ts).
   */
  add(secret: string): void {
    const fresh = [...new Set([secret, secret.trim()])].filter(
      (value) => value !== '' && !this.#secrets.includes(value),
    );
    if (fresh.length === 0) return;
    this.#secrets.push(...fresh);
    const patterns = new Set(this.#patterns);
    for (const form of secretForms(secret)) {
      if (form.length >= MIN_REDACTED_LENGTH) patterns.add(form);
    }
    this.#patterns = [...patterns].sort((a, b) => b.length - a.length);
  }

  /**
   * `text` with every occurrence of every secret form replaced by `***`, and the start of one
   * cut short by `...` or `…` (a long value quoted in a message: src/inputs/values.ts).
   */
  redact(text: string): string {
    let result = text;
    for (const pattern of this.#patterns) {
      if (result.includes(pattern)) result = result.split(pattern).join(REDACTED);
    }
    return this.#patterns.length === 0 ? result : this.#redactCut(result);
  }

  /** Every secret added, trimmed too, short ones included, in the order they were added. */
  get secrets(): readonly string[] {
    return this.#secrets;
  }

  /** `text` with the start of a secret form just before a cut mark replaced too. */
  #redactCut(text: string): string {
    let result = '';
    let from = 0;
    for (const match of text.matchAll(CUT_MARK)) {
      const at = match.index;
      const cut = this.#cutFormLength(text, from, at);
      result += `${text.slice(from, at - cut)}${cut > 0 ? REDACTED : ''}${match[0]}`;
      from = at + match[0].length;
    }
    return from === 0 ? text : `${result}${text.slice(from)}`;
  }

  /** The length of the longest start of a secret form that ends at `at` (0: none). */
  #cutFormLength(text: string, from: number, at: number): number {
    let longest = 0;
    for (const pattern of this.#patterns) {
      const first = pattern.charCodeAt(0);
      for (let length = Math.min(pattern.length - 1, at - from); length > longest; length--) {
        if (length < MIN_REDACTED_LENGTH) break;
        if (text.charCodeAt(at - length) !== first) continue;
        if (text.startsWith(pattern.slice(0, length), at - length)) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }
}

/** Where text was cut short (`...`, `…`). */
const CUT_MARK = /\.\.\.|\u2026/g;

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
