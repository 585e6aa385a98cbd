import { randomBytes } from 'node:crypto';
import { startReplayServer } from '../../simulator/replay/replay-server.ts';
import type { TraceRecord } from '../../trace/trace-record.ts';
import type { CommandContext } from '../command-context.ts';
import { EXIT } from '../../end-mapping.ts';
import { readPort, readTls } from '../simulator-options.ts';
import { untilStopped } from '../stop-signal.ts';

/**
 * `aztm simulate --replay FILE`: serves the trace's answers until SIGINT or SIGTERM, printing the
 * URLs to run the traced command against, as `aztm simulate` prints its own.
 */
export async function runReplay(
  context: CommandContext,
  trace: { readonly file: string; readonly records: readonly TraceRecord[] },
): Promise<number> {
  const { values, stdout, stderr } = context;
  const tls = readTls(values);
  const server = await startReplayServer({
    records: trace.records,
    port: readPort(values),
    ...(tls ? { tls } : {}),
    onMiss: (method, pathAndQuery) =>
      stderr.write(`aztm simulator: the trace holds no answer for ${method} ${pathAndQuery}\n`),
  });
  const stopped = untilStopped(stderr);
  // Any token is let in (the trace holds none); the command still wants one to send.
  const token = randomBytes(26).toString('hex');
  const releaseUrl = server.releaseUrl ?? server.organizationUrl;
  if (values.json === true) {
    stdout.write(
      `${JSON.stringify({ organizationUrl: server.organizationUrl, releaseUrl, token, tokenKind: 'pat' })}\n`,
    );
  } else {
    stdout.write(
      [
        `aztm simulator: replaying ${trace.file} (${trace.records.length} requests, answered in the order recorded)`,
        `  organization URL  ${server.organizationUrl}`,
        ...(server.releaseUrl ? [`  release URL       ${server.releaseUrl}`] : []),
        `  token (PAT)       ${token}   (any token works)`,
        '',
        'Run the command that made the trace again with --organization set to the organization URL;',
        'a request the trace does not hold gets a 404 that says so.',
        '',
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
  }
  await stopped;
  await server.close();
  return EXIT.succeeded;
}
