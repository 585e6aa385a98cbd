/**
 * The product's own client against the simulator, for the follow tests: one attempt per request
 * (no retries), so an injected fault reaches `follow()` as a failed read, as a fault outlasting the
 * client's retries would; every request is logged. The decoders are on the path, as in the CLI.
 */
import { createAzureDevOpsClient, type AzureDevOpsClient } from '../../src/azdo/client.ts';
import type { TokenSpec } from '../../src/simulator/scenario/model.ts';
import type { TestSimulator } from '../helpers/simulator.ts';

export interface SimulatorClient extends AzureDevOpsClient {
  /** `METHOD path?query` of every request sent, in order. */
  readonly requests: string[];
}

/** The client, signed in with `token` (the scenario's first by default). */
export function simulatorClient(sim: TestSimulator, token: TokenSpec = sim.token): SimulatorClient {
  const requests: string[] = [];
  const logged: typeof fetch = (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    requests.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
    return fetch(input, init);
  };
  const client = createAzureDevOpsClient({
    organizationUrl: sim.organizationUrl,
    credential: { scheme: token.kind === 'pat' ? 'basic' : 'bearer', secret: token.value },
    fetch: logged,
    retry: { maxAttempts: 1 },
  });
  return Object.assign(client, { requests });
}
