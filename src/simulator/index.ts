import { listenOn } from './http/listen.ts';
import { ScaledClock, type SimClock } from './clock.ts';
import { createSimServer, type SimTls } from './http/server.ts';
import { Router } from './http/route.ts';
import { adminRoutes } from './routes/admin.ts';
import { adminBuildsRoutes } from './routes/admin-builds.ts';
import { adminReleasesRoutes } from './routes/admin-releases.ts';
import { approvalsRoutes } from './routes/approvals.ts';
import { buildRoutes } from './routes/build.ts';
import { coreProjectRoutes } from './routes/core-projects.ts';
import { locationRoutes } from './routes/location.ts';
import { pipelinesRoutes } from './routes/pipelines.ts';
import { releaseRoutes } from './routes/release.ts';
import type { Scenario, TokenSpec } from './scenario/model.ts';
import { SimState, type RequestLogOptions } from './state.ts';

export { ScaledClock } from './clock.ts';

export interface SimulatorOptions {
  readonly scenario: Scenario;
  /** Defaults to real time at speed 1, starting at the scenario's start time. */
  readonly clock?: SimClock;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Defaults to 127.0.0.1: the simulator is for this machine only. */
  readonly host?: string;
  /** The request log: at most 10,000 entries by default, answers not kept. */
  readonly requestLog?: RequestLogOptions;
  /** Serve HTTPS with this certificate (for proxy and certificate authority tests); HTTP by default. */
  readonly tls?: SimTls;
}

export interface RunningSimulator {
  /** `http://127.0.0.1:PORT` (`https://` when serving TLS) */
  readonly rootUrl: string;
  /** What `--organization` should be: the organization (or collection) URL. */
  readonly organizationUrl: string;
  /** The release host base (vsrm on Services, the collection URL on Server). */
  readonly releaseUrl: string;
  /** The scenario's first token, what a user signs in with. */
  readonly token: TokenSpec;
  readonly state: SimState;
  readonly clock: SimClock;
  close(): Promise<void>;
}

/** Builds the router with every area's routes. */
export function createRouter(): Router {
  const router = new Router();
  router.add(
    ...adminRoutes,
    ...adminBuildsRoutes,
    ...adminReleasesRoutes,
    ...locationRoutes,
    ...coreProjectRoutes,
    ...approvalsRoutes,
    ...pipelinesRoutes,
    ...buildRoutes,
    ...releaseRoutes,
  );
  return router;
}

/** Starts the simulator on loopback and resolves once it listens. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const { scenario } = options;
  const clock = options.clock ?? new ScaledClock(1, Date.now, scenario.startTime);
  const state = new SimState(scenario, clock, options.requestLog);
  const server = createSimServer(state, createRouter(), options.tls);
  const root = await listenOn(server, {
    ...(options.host ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    tls: Boolean(options.tls),
  });
  const organization =
    scenario.mode === 'services'
      ? `${root}/${scenario.organization}`
      : `${root}/tfs/${scenario.organization}`;
  const release =
    scenario.mode === 'services' ? `${root}/vsrm/${scenario.organization}` : organization;
  state.urls = { root, organization, release };
  const token = scenario.tokens[0];
  if (!token) throw new Error('the scenario declares no token');
  return {
    rootUrl: root,
    organizationUrl: organization,
    releaseUrl: release,
    token,
    state,
    clock,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
