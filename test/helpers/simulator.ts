import { afterEach } from 'vitest';
import { ManualClock } from '../../src/simulator/clock.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import type { Scenario } from '../../src/simulator/scenario/model.ts';
import { TEST_PAT } from './scenario-builder.ts';

export interface TestSimulator extends RunningSimulator {
  readonly manualClock: ManualClock;
  /**
   * A request signed in with the scenario's first token (a PAT) or else the test PAT, to a path
   * under the organization URL (or a full URL).
   */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** The same, under the release host. */
  releaseApi(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

/** Starts a simulator on loopback with a manual clock; it is closed after the test. */
export async function startTestSimulator(scenario: Scenario): Promise<TestSimulator> {
  const manualClock = new ManualClock(scenario.startTime);
  // Answers are kept so that the contract checks can read whole sessions from the request log.
  const sim = await startSimulator({
    scenario,
    clock: manualClock,
    requestLog: { limit: 100_000, recordResponses: true },
  });
  running.push(sim);
  const request =
    (base: string) =>
    (path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> => {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (!headers.has('authorization')) {
        const secret = sim.token.kind === 'pat' ? sim.token.value : TEST_PAT;
        headers.set('authorization', `Basic ${Buffer.from(`:${secret}`).toString('base64')}`);
      }
      if (json !== undefined) headers.set('content-type', 'application/json');
      const url = /^https?:/.test(path) ? path : `${base}/${path.replace(/^\//, '')}`;
      return fetch(url, {
        ...rest,
        headers,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
    };
  return Object.assign(sim, {
    manualClock,
    api: request(sim.organizationUrl),
    releaseApi: request(sim.releaseUrl),
  });
}
