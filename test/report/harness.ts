/** Runs events through `createReporter` into memory, the way the CLI would with real streams. */
import type { FollowEvent } from '../../src/follow/events.ts';
import { Redactor } from '../../src/redact.ts';
import { createReporter, type ReporterOptions } from '../../src/report/index.ts';
import { MemoryStream } from './fixtures.ts';

export interface Report {
  readonly stdout: MemoryStream;
  readonly stderr: MemoryStream;
}

export function report(
  events: readonly FollowEvent[],
  options: Partial<Omit<ReporterOptions, 'stdout' | 'stderr'>> & Pick<ReporterOptions, 'mode'>,
): Report {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const reporter = createReporter({
    json: false,
    redactor: new Redactor(),
    color: false,
    allowPartial: false,
    now: () => new Date('2024-05-01T07:30:00Z'),
    ...options,
    stdout,
    stderr,
  });
  for (const event of events) reporter.onEvent(event);
  reporter.close();
  return { stdout, stderr };
}
