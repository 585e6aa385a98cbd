/**
 * Acting at the moment a request reaches the simulator (in this process): the listener runs as
 * the request is logged, before the simulator handles it, so a test can read a file or kill the
 * CLI at exactly that point instead of polling for it.
 */
import type { RunningSimulator } from '../../src/simulator/index.ts';
import type { LoggedRequest } from '../../src/simulator/state.ts';

/** The create requests of runs, builds and releases (as createRequests in e2e.ts). */
export const CREATE_PATH = /\/_apis\/(pipelines\/\d+\/runs|build\/builds|release\/releases)(\?|$)/i;

export function onCreateArrival(
  sim: RunningSimulator,
  listener: (entry: LoggedRequest, count: number) => void,
): void {
  const log = sim.state.logRequest.bind(sim.state);
  let count = 0;
  sim.state.logRequest = (entry: LoggedRequest): void => {
    log(entry);
    if (entry.method === 'POST' && CREATE_PATH.test(entry.url)) listener(entry, ++count);
  };
}
