/**
 * What the client tests share: a client pointed at a test simulator, a recorded fake clock for
 * retries (no test waits), and readers of the simulator's request log.
 */
import {
  createAzureDevOpsClient,
  type AzureDevOpsClient,
  type AzureDevOpsClientOptions,
} from '../../src/azdo/client.ts';
import type { RetryEvent, RetryOptions } from '../../src/azdo/retry.ts';
import type { FaultSpec } from '../../src/simulator/scenario/model.ts';
import { parseFaultSpec } from '../../src/simulator/scenario/faults.ts';
import type { LoggedRequest } from '../../src/simulator/state.ts';
import type { TestSimulator } from '../helpers/simulator.ts';

/** A clock that only moves when the client sleeps; every wait is recorded. */
export interface FakeTime {
  readonly delays: number[];
  readonly retry: Required<Pick<RetryOptions, 'sleep' | 'now' | 'random'>>;
}

export function fakeTime(random = 0.5): FakeTime {
  let now = Date.UTC(2026, 0, 1);
  const delays: number[] = [];
  return {
    delays,
    retry: {
      sleep: (ms) => {
        delays.push(ms);
        now += ms;
        return Promise.resolve();
      },
      now: () => now,
      random: () => random,
    },
  };
}

export interface TestClient {
  readonly client: AzureDevOpsClient;
  readonly time: FakeTime;
  readonly retries: RetryEvent[];
}

/** A client signed in with the simulator's first token, retries on a fake clock. */
export function clientFor(
  sim: TestSimulator,
  overrides: Partial<AzureDevOpsClientOptions> = {},
): TestClient {
  const time = fakeTime();
  const retries: RetryEvent[] = [];
  const client = createAzureDevOpsClient({
    organizationUrl: sim.organizationUrl,
    credential: {
      scheme: sim.token.kind === 'pat' ? 'basic' : 'bearer',
      secret: sim.token.value,
    },
    retry: time.retry,
    onRetry: (event) => retries.push(event),
    ...overrides,
  });
  return { client, time, retries };
}

/** Adds a fault as the admin API would. */
export function addFault(sim: TestSimulator, input: Record<string, unknown>): void {
  const parsed: FaultSpec | string = parseFaultSpec(input);
  if (typeof parsed === 'string') throw new Error(parsed);
  sim.state.addFault(parsed);
}

/** The logged requests whose method matches and whose path matches the pattern. */
export function requestsTo(sim: TestSimulator, method: string, path: RegExp): LoggedRequest[] {
  return sim.state.requests.filter(
    (entry) => entry.method === method && path.test(entry.url.split('?')[0] ?? ''),
  );
}
