/**
 * follow() through the product's own client against the simulator (simulator-client.ts), for the
 * tests of bad answers and refusals: every injected fault reaches the loop as a failed read, as one
 * outlasting the client's retries would.
 */
import type { FollowEvent } from '../../src/follow/events.ts';
import type { FollowClient } from '../../src/follow/follow.ts';
import type { Handle } from '../../src/target.ts';
import type { TestSimulator } from '../helpers/simulator.ts';
import { admin, eventsOf, followThrough, type SimulatedFollowOptions } from './harness.ts';
import { simulatorClient } from './simulator-client.ts';

export const BUILD_READ = '/_apis/build/builds/\\d+$';
export const TIMELINE_READ = '/_apis/build/builds/\\d+/timeline$';
export const RELEASE_READ = '/_apis/release/releases/\\d+$';

/** Adds a GET fault through the admin API once the first stage runs (after the create). */
export function faultOnceRunning(sim: TestSimulator, fault: Record<string, unknown>) {
  let added = false;
  return (event: FollowEvent): Promise<unknown> | undefined => {
    if (added || event.type !== 'stage' || event.stage.state !== 'running') return undefined;
    added = true;
    return admin(sim, 'faults', { method: 'GET', ...fault });
  };
}

/** `[level, text before the first colon]` of every notice. */
export const noticeStarts = (events: readonly FollowEvent[]) =>
  eventsOf(events, 'notice').map((notice) => [notice.level, notice.message.split(':')[0]]);

/** Follows until follow() rejects; returns what it rejected with and every event on the way. */
export async function followUntilRefused(
  sim: TestSimulator,
  handle: Handle,
  options: Omit<SimulatedFollowOptions, 'token'> & { client?: FollowClient } = {},
): Promise<{ error: unknown; events: FollowEvent[] }> {
  const events: FollowEvent[] = [];
  const { on, client, ...rest } = options;
  const error = await followThrough(sim, client ?? simulatorClient(sim), handle, {
    ...rest,
    on: (event) => {
      events.push(event);
      return on?.(event);
    },
  }).then(
    () => new Error('follow() ended without being refused'),
    (caught: unknown) => caught,
  );
  return { error, events };
}
