import { ManualClock } from '../clock.ts';
import { badRequest, notFound } from '../http/errors.ts';
import type { Route, RouteResponse } from '../http/route.ts';
import { parseFaultSpec } from '../scenario/faults.ts';

/**
 * The simulator's own API under `/_sim`: what tests and users rehearsing a flow use to see what a
 * client sent and to steer the simulated organization. No real Azure DevOps client calls it.
 */
export const adminRoutes: readonly Route[] = [
  {
    operation: 'Admin - Health',
    method: 'GET',
    base: 'admin',
    template: 'health',
    scope: null,
    handle: ({ state }) =>
      ok({
        organization: state.scenario.organization,
        mode: state.scenario.mode,
        organizationUrl: state.urls.organization,
        releaseUrl: state.urls.release,
        now: new Date(state.now()).toISOString(),
        process: processUsage(),
      }),
  },
  {
    operation: 'Admin - Requests',
    method: 'GET',
    base: 'admin',
    template: 'requests',
    scope: null,
    handle: ({ state, request }) => {
      const since = Number(request.query.get('since') ?? '0');
      const value = state.requests.filter((entry) => entry.seq > since);
      return ok({ count: value.length, value });
    },
  },
  {
    operation: 'Admin - Clear requests',
    method: 'DELETE',
    base: 'admin',
    template: 'requests',
    scope: null,
    handle: ({ state }) => {
      state.requests.length = 0;
      return { status: 204 };
    },
  },
  {
    operation: 'Admin - List faults',
    method: 'GET',
    base: 'admin',
    template: 'faults',
    scope: null,
    handle: ({ state }) => ok({ count: state.faults.length, value: state.faults }),
  },
  {
    operation: 'Admin - Add fault',
    method: 'POST',
    base: 'admin',
    template: 'faults',
    scope: null,
    handle: ({ state, request }) => {
      const parsed = parseFaultSpec(request.body);
      if (typeof parsed === 'string') throw badRequest('InvalidFaultException', parsed);
      return { status: 201, body: state.addFault(parsed) };
    },
  },
  {
    operation: 'Admin - Clear faults',
    method: 'DELETE',
    base: 'admin',
    template: 'faults',
    scope: null,
    handle: ({ state }) => {
      state.faults.length = 0;
      return { status: 204 };
    },
  },
  {
    operation: 'Admin - Clock',
    method: 'GET',
    base: 'admin',
    template: 'clock',
    scope: null,
    handle: ({ state }) =>
      ok({ now: new Date(state.now()).toISOString(), manual: state.clock instanceof ManualClock }),
  },
  {
    operation: 'Admin - Advance clock',
    method: 'POST',
    base: 'admin',
    template: 'clock/advance',
    scope: null,
    handle: ({ state, request }) => {
      if (!(state.clock instanceof ManualClock)) {
        throw badRequest(
          'InvalidClockException',
          'the clock is not manual: start the simulator with a manual clock to advance it',
        );
      }
      const ms = (request.body as { ms?: unknown } | undefined)?.ms;
      if (typeof ms !== 'number' || !(ms >= 0)) {
        throw badRequest(
          'InvalidClockException',
          'expected a body {"ms": <milliseconds, 0 or more>}',
        );
      }
      state.clock.advance(ms);
      return ok({ now: new Date(state.now()).toISOString() });
    },
  },
  {
    operation: 'Admin - Revoke token',
    method: 'POST',
    base: 'admin',
    template: 'tokens/{name}/revoke',
    scope: null,
    handle: ({ state, request }) => {
      const name = request.params.name ?? '';
      if (!state.scenario.tokens.some((token) => token.name === name)) {
        throw notFound('TokenNotFoundException', `no token named '${name}' in the scenario`);
      }
      state.revokedTokens.add(name);
      return { status: 204 };
    },
  },
];

/** CPU and memory of the simulator's process, for the benchmark. */
function processUsage(): { cpuSeconds: number; peakRssMb: number; rssMb: number } {
  const cpu = process.cpuUsage();
  return {
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rssMb: process.memoryUsage.rss() / 1024 / 1024,
  };
}

function ok(body: unknown): RouteResponse {
  return { status: 200, body };
}
