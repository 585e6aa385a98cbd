/**
 * `aztm simulate --replay FILE`: a server that answers from a trace instead of a scenario, so that
 * the command that made the trace runs again offline and gets the same answers in the same order
 * (docs/design/cli-contract.md, "Added in the second plan"). Any token is accepted: the trace holds
 * none.
 */
import { listenOn } from '../http/listen.ts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { TraceRecord } from '../../trace/trace-record.ts';
import { serviceErrorBody } from '../http/errors.ts';
import type { SimTls } from '../http/server.ts';
import { createReplayBook, type ReplayBook } from './replay-book.ts';
import { rewriteOrigins, traceOrigins } from './trace-origins.ts';

interface ReplayServerOptions {
  readonly records: readonly TraceRecord[];
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** 127.0.0.1 by default. */
  readonly host?: string;
  readonly tls?: SimTls;
  /** Told each request the trace holds no answer for (it gets a 404). */
  readonly onMiss?: (method: string, pathAndQuery: string) => void;
}

export interface RunningReplayServer {
  readonly rootUrl: string;
  /** What `--organization` should be. */
  readonly organizationUrl: string;
  /** Where releases were read, when not under the organization URL (the simulator's /vsrm/). */
  readonly releaseUrl: string | null;
  close(): Promise<void>;
}

/**
 * Headers not passed on: the length and encoding belong to the recorded transfer (the trace holds
 * the decoded body), and a redacted cookie means nothing.
 */
const DROPPED_HEADERS = new Set([
  'connection',
  'content-encoding',
  'content-length',
  'keep-alive',
  'set-cookie',
  'transfer-encoding',
]);

export async function startReplayServer(
  options: ReplayServerOptions,
): Promise<RunningReplayServer> {
  const book = createReplayBook(options.records);
  const where = traceOrigins(options.records);
  let root = '';
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    // The request body is read and let go: requests are matched on method and URL alone.
    req.resume();
    req.on('end', () => {
      try {
        answer(book, req, res, { origins: where.origins, root, options });
      } catch (error) {
        // A hand-edited trace may hold a header Node refuses to send: say so, do not crash.
        if (res.headersSent) return void res.destroy();
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(serviceErrorBody('TraceAnswerInvalidException', String(error))));
      }
    });
  };
  const server: Server = options.tls
    ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, listener)
    : createServer(listener);
  root = await listenOn(server, {
    ...(options.host ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    tls: Boolean(options.tls),
  });
  const { organizationPath, releasePath } = where;
  return {
    rootUrl: root,
    organizationUrl: `${root}${organizationPath}`,
    releaseUrl:
      releasePath === null || releasePath === organizationPath ? null : `${root}${releasePath}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function answer(
  book: ReplayBook,
  req: IncomingMessage,
  res: ServerResponse,
  context: { origins: readonly string[]; root: string; options: ReplayServerOptions },
): void {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://replay');
  const pathAndQuery = `${url.pathname}${url.search}`;
  const record = book.next(method, pathAndQuery);
  if (!record) {
    context.options.onMiss?.(method, pathAndQuery);
    const body = serviceErrorBody(
      'TraceAnswerNotFoundException',
      `The trace holds no answer for ${method} ${pathAndQuery} (aztm simulate --replay serves only the requests of the trace, ${book.size} in all; was the command run with other inputs?)`,
    );
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
    return;
  }
  // No answer came when the trace was made (a reset, a time-out): none comes now either.
  if (record.status === null) {
    res.destroy();
    return;
  }
  const move = (text: string): string => rewriteOrigins(text, context.origins, context.root);
  for (const [name, value] of Object.entries(record.responseHeaders ?? {})) {
    if (!DROPPED_HEADERS.has(name.toLowerCase())) res.setHeader(name, move(value));
  }
  res.statusCode = record.status;
  res.end(record.responseBody === null ? undefined : move(record.responseBody));
}
