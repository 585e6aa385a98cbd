/**
 * Writes a `--trace` file. Every line is written synchronously as its request ends, so a run that
 * is interrupted or crashes leaves a complete trace behind: there is nothing to flush.
 */
import { appendFileSync, closeSync, openSync } from 'node:fs';
import type { Exchange } from '../azdo/exchange.ts';
import type { Redactor } from '../redact.ts';
import { traceRecordOf } from './trace-record.ts';

interface TraceWriter {
  /** Redacts and appends one exchange (a client's `onExchange`). */
  readonly onExchange: (exchange: Exchange) => void;
  /**
   * Closes the file; later exchanges are left out. The CLI never calls it (the file must stay
   * open until the last request of the process, a cancel on Ctrl+C included): the exit closes it.
   */
  close(): void;
}

interface TraceWriterOptions {
  /** Tokens and secret values; those added later (an Entra ID token) are redacted too. */
  readonly redactor: Redactor;
  /**
   * Told once when a line cannot be written (disk full); the run goes on untraced, since a
   * trace is worth less than the run it records.
   */
  readonly onWriteError: (error: unknown) => void;
}

/**
 * Creates or truncates `path` at once, so that a path that cannot be written fails before any
 * request is sent.
 * @throws the file system's error (`ENOENT`, `EACCES`, `EISDIR`...) when `path` cannot be opened.
 */
export function createTraceWriter(path: string, options: TraceWriterOptions): TraceWriter {
  const fd = openSync(path, 'w');
  let failed = false;
  let closed = false;
  return {
    onExchange(exchange) {
      if (failed || closed) return;
      try {
        appendFileSync(fd, `${JSON.stringify(traceRecordOf(exchange, options.redactor))}\n`);
      } catch (error) {
        failed = true;
        options.onWriteError(error);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}
