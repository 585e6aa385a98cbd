import { afterEach } from 'vitest';
import { ScaledClock } from '../../src/simulator/clock.ts';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../src/simulator/index.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import type { Scenario } from '../../src/simulator/scenario/model.ts';
import { cleanEnv } from './cli.ts';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

/**
 * A simulator for end-to-end tests of the CLI (in this process, test/helpers/run-in-process.ts, or
 * the built CLI as a process). Simulated time runs `speed` times faster than real time, so the
 * CLI (polling on real time) sees minutes pass in a fraction of a second. Tests assert outcomes
 * and the request log, never how many polls happened.
 */
export async function startE2ESimulator(
  options: { scenario?: Scenario; speed?: number; tls?: SimulatorOptions['tls'] } = {},
): Promise<RunningSimulator> {
  const scenario = options.scenario ?? defaultScenario();
  const sim = await startSimulator({
    scenario,
    clock: new ScaledClock(options.speed ?? 600, Date.now, scenario.startTime),
    requestLog: { limit: 100_000, recordResponses: true },
    ...(options.tls ? { tls: options.tls } : {}),
  });
  running.push(sim);
  return sim;
}

/** The environment of a CLI run against `sim`, in the seed's own variables, plus `extra`. */
export function e2eEnv(
  sim: RunningSimulator,
  extra: Record<string, string> = {},
): Record<string, string> {
  return cleanEnv({
    aztm_organization: sim.organizationUrl,
    aztm_project: 'DevOps',
    aztm_pat: sim.token.value,
    aztm_poll_interval: '0.1s',
    ...extra,
  });
}

/** The create requests (runs, builds, releases) the simulator received. */
export function createRequests(
  sim: RunningSimulator,
): { method: string; url: string; body: unknown }[] {
  return sim.state.requests
    .filter(
      (entry) =>
        entry.method === 'POST' &&
        /\/_apis\/(pipelines\/\d+\/runs|build\/builds|release\/releases)(\?|$)/i.test(entry.url),
    )
    .map((entry) => ({ method: entry.method, url: entry.url, body: entry.body }));
}
