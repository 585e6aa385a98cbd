import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { ProjectSpec } from '../scenario/model.ts';
import type { SimState, LoggedRequest } from '../state.ts';
import { checkApiVersion, readApiVersion, serverHasRoute } from './api-version.ts';
import { authenticate, describeAuthorization, SIGN_IN_PAGE } from './auth.ts';
import { isServiceErrorBody, serviceErrorBody, serviceErrorWire, SimHttpError } from './errors.ts';
import { planFault } from './fault-answers.ts';
import { pickFault } from './faults.ts';
import type { RouteBase, RouteResponse, Router } from './route.ts';
import { messageOf } from '../../errors.ts';

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const LOGGED_HEADERS = [
  'accept',
  'content-type',
  'user-agent',
  'x-tfs-fedauthredirect',
  'x-vss-forcemsapassthrough',
];

/** A certificate and its key (PEM) to serve HTTPS with, as a corporate Azure DevOps Server does. */
export interface SimTls {
  readonly key: string;
  readonly cert: string;
}

/** Creates the HTTP (or, given `tls`, HTTPS) server that answers as Azure DevOps does. */
export function createSimServer(state: SimState, router: Router, tls?: SimTls): Server {
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(state, router, req, res).catch((error: unknown) => {
      // A bug in the simulator: answer 500 in the service's shape rather than hang the client.
      if (!res.headersSent) {
        send(res, 500, {
          body: serviceErrorBody('SimulatorInternalException', messageOf(error)),
        });
      } else {
        res.destroy();
      }
    });
  };
  return tls ? createTlsServer({ key: tls.key, cert: tls.cert }, listener) : createServer(listener);
}

async function handle(
  state: SimState,
  router: Router,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://simulator');
  const path = decodeURIComponent(url.pathname);
  const raw = await readBody(req);
  const body = parseBody(raw);
  const entry: LoggedRequest = {
    seq: state.nextRequestSeq(),
    time: state.now(),
    method,
    url: `${url.pathname}${url.search}`,
    headers: logHeaders(state, req),
    body: body === undefined ? (raw.length > 0 ? raw : null) : body,
    operation: null,
    status: null,
    identity: null,
    fault: null,
    response: null,
  };
  const located = locate(state, path);
  if (located?.base !== 'admin') state.logRequest(entry);

  const reply = (status: number, response: Omit<RouteResponse, 'status'> = {}): void => {
    entry.status = status;
    const sent = send(res, status, response);
    if (state.requestLog.recordResponses) entry.response = sent;
  };

  const fault = located?.base === 'admin' ? null : pickFault(state, method, path);
  if (fault) entry.fault = fault.spec.kind;
  const plan = fault ? planFault(state, fault.spec, body) : null;
  if (plan?.kind === 'answer') return reply(plan.response.status, plan.response);
  if (plan?.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  if (plan && plan.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));

  const response = await answer(state, router, located, method, url, req, body, entry);
  const sent = plan ? plan.after(response) : response;
  if (sent === 'reset') {
    // The request was handled (a create is committed), but the client never hears of it.
    entry.status = null;
    req.socket.destroy();
    return;
  }
  reply(sent.status, sent);
}

async function answer(
  state: SimState,
  router: Router,
  located: { base: RouteBase; rest: string } | null,
  method: string,
  url: URL,
  req: IncomingMessage,
  body: unknown,
  entry: LoggedRequest,
): Promise<RouteResponse> {
  if (!located) {
    return {
      status: 404,
      body: serviceErrorBody(
        'OrganizationNotFoundException',
        `TF400813: The resource '${url.pathname}' is not part of an organization or collection this server hosts.`,
      ),
    };
  }
  try {
    let identity = state.scenario.tokens[0];
    if (located.base !== 'admin') {
      const auth = authenticate(state, req.headers);
      if (auth.kind === 'refused')
        return refuseSignIn(method, req, auth.token !== null && auth.scheme === 'bearer');
      identity = auth.token;
      entry.identity = auth.token.name;
    }
    const apiVersion = readApiVersion(url.searchParams, req.headers);
    if (located.base !== 'admin') checkApiVersion(method, apiVersion, state.scenario.apiVersion);

    let found = router.match(located.base, method, located.rest);
    if (found.kind !== 'found' && located.base === 'org' && state.scenario.mode === 'server') {
      // Azure DevOps Server has no release host: releases live under the collection (§9).
      const asRelease = router.match('release', method, located.rest);
      if (asRelease.kind !== 'none') found = asRelease;
    }
    if (found.kind === 'methodNotAllowed') {
      return {
        status: 405,
        body: serviceErrorBody(
          'HttpMethodNotAllowedException',
          `The requested resource does not support http method '${method}'.`,
        ),
      };
    }
    const tooOld =
      found.kind === 'found' &&
      state.scenario.mode === 'server' &&
      !serverHasRoute(found.route.template, state.scenario.apiVersion.max);
    if (found.kind === 'none' || !identity || tooOld) {
      return {
        status: 404,
        body: serviceErrorBody(
          'ControllerNotFoundException',
          `The controller for path '${url.pathname}' was not found or does not implement IController.`,
        ),
      };
    }
    const { route, params } = found;
    entry.operation = route.operation;

    let project: ProjectSpec | null = null;
    if (params.project !== undefined) {
      project = state.findProject(params.project) ?? null;
      const visible =
        project !== null &&
        (identity.projects === null ||
          identity.projects.some((p) => p.toLowerCase() === project?.name.toLowerCase()));
      if (!project || !visible) {
        // The Build controller answers 400 here, the others 404 (docs/design/azure-devops.md §5).
        const status = /_apis\/build\//i.test(route.template) ? 400 : 404;
        throw new SimHttpError(
          status,
          'ProjectDoesNotExistWithNameException',
          `TF200016: The following project does not exist: ${params.project}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
        );
      }
    }
    if (
      route.scope !== null &&
      located.base !== 'admin' &&
      !identity.scopes.includes(route.scope)
    ) {
      throw new SimHttpError(
        401,
        'UnauthorizedRequestException',
        `TF400813: The user '${identity.userId}' is not authorized to access this resource.`,
      );
    }
    return await route.handle({
      state,
      identity,
      project,
      request: {
        method,
        path: located.rest,
        params,
        query: url.searchParams,
        headers: req.headers,
        body,
        apiVersion,
        acceptsText: /text\/plain/i.test(req.headers.accept ?? ''),
      },
    });
  } catch (error) {
    if (error instanceof SimHttpError)
      return { status: error.status, body: error.body, headers: error.headers };
    throw error;
  }
}

/**
 * Not signed in: 203 + HTML, or 401 when the client asked for it (docs/design/azure-devops.md §5).
 */
function refuseSignIn(method: string, req: IncomingMessage, expiredBearer: boolean): RouteResponse {
  const suppress = /suppress/i.test(String(req.headers['x-tfs-fedauthredirect'] ?? ''));
  if (suppress || (expiredBearer && method === 'PATCH')) {
    return {
      status: 401,
      headers: { 'WWW-Authenticate': 'Basic realm="https://simulator.local/"' },
      body: serviceErrorBody(
        'UnauthorizedRequestException',
        "TF400813: The user '' is not authorized to access this resource.",
      ),
    };
  }
  return {
    status: 203,
    text: SIGN_IN_PAGE,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  };
}

/** Splits a path into the base it belongs to and the rest, or `null` for an unknown one. */
function locate(state: SimState, path: string): { base: RouteBase; rest: string } | null {
  const segments = path.split('/').filter((segment) => segment.length > 0);
  const org = state.scenario.organization.toLowerCase();
  if (segments[0] === '_sim') return { base: 'admin', rest: segments.slice(1).join('/') };
  if (state.scenario.mode === 'services') {
    if (segments[0]?.toLowerCase() === org)
      return { base: 'org', rest: segments.slice(1).join('/') };
    if (segments[0]?.toLowerCase() === 'vsrm' && segments[1]?.toLowerCase() === org) {
      return { base: 'release', rest: segments.slice(2).join('/') };
    }
    return null;
  }
  if (segments[0]?.toLowerCase() === 'tfs' && segments[1]?.toLowerCase() === org) {
    return { base: 'org', rest: segments.slice(2).join('/') };
  }
  return null;
}

function logHeaders(state: SimState, req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of LOGGED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const authorization = describeAuthorization(state, req.headers);
  if (authorization) headers.authorization = authorization;
  return headers;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string): unknown {
  if (raw.trim().length === 0) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function send(
  res: ServerResponse,
  status: number,
  response: Omit<RouteResponse, 'status'>,
): { contentType: string; text: string } {
  const headers: Record<string, string> = { ...response.headers };
  let payload = '';
  if (response.text !== undefined) {
    payload = response.text;
    headers['Content-Type'] ??= 'text/plain; charset=utf-8';
  } else if (status >= 400 && isServiceErrorBody(response.body)) {
    const wire = serviceErrorWire(response.body);
    payload = wire.text;
    headers['x-tfs-serviceerror'] ??= wire.header;
    headers['Content-Type'] ??= 'application/json; charset=utf-8';
  } else if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    headers['Content-Type'] ??= 'application/json; charset=utf-8';
  }
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(status, headers);
  res.end(payload);
  return { contentType: headers['Content-Type'] ?? '', text: payload };
}
