import type { IncomingHttpHeaders } from 'node:http';
import type { ProjectSpec, Scope, TokenSpec } from '../scenario/model.ts';
import type { SimState } from '../state.ts';

/**
 * Where a route lives. `org`: under the organization (collection) URL; `release`: under the
 * release host (vsrm on Services, the collection URL on Server, docs/design/azure-devops.md §4,
 * §9); `admin`: under `/_sim`, the simulator's own API, which no real client uses.
 */
export type RouteBase = 'org' | 'release' | 'admin';

interface RouteRequest {
  readonly method: string;
  /** The path below the route's base, without a leading slash, as received (not lower-cased). */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body, or `undefined` when there was none. */
  readonly body: unknown;
  /** The api-version the request asked for (query or Accept header), or `null`. */
  readonly apiVersion: string | null;
  /** Whether the caller asked for text (Accept: text/plain) rather than JSON. */
  readonly acceptsText: boolean;
}

export interface RouteContext {
  readonly state: SimState;
  readonly request: RouteRequest;
  /** The authenticated identity; for admin routes, the scenario's first token. */
  readonly identity: TokenSpec;
  /** The project named by `{project}` in the template, resolved by name or id and visible. */
  readonly project: ProjectSpec | null;
}

export interface RouteResponse {
  readonly status: number;
  /** JSON body; `undefined` for none. */
  readonly body?: unknown;
  /** Plain-text body (logs); wins over `body`. */
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Route {
  /** A name for logs and the contract tests, e.g. `Builds - Get`. */
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';
  readonly base: RouteBase;
  /**
   * Path template below the base, matched case-insensitively (docs/design/azure-devops.md §0.5):
   * `{project}/_apis/build/builds/{buildId:int}`. `{name:int}` matches digits only; `{project}` is
   * resolved to a project.
   */
  readonly template: string;
  /** Scope a token needs; `null` for none beyond signing in. */
  readonly scope: Scope | null;
  handle(context: RouteContext): RouteResponse | Promise<RouteResponse>;
}

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

/** Matches requests to routes, case-insensitively, by base, method and path. */
export class Router {
  readonly #routes: CompiledRoute[] = [];

  add(...routes: readonly Route[]): void {
    for (const route of routes) {
      const names: string[] = [];
      const source = route.template
        .split('/')
        .map((segment) => {
          const param = /^\{(\w+)(:int)?\}$/.exec(segment);
          if (param?.[1]) {
            names.push(param[1]);
            return param[2] ? '(\\d+)' : '([^/]+)';
          }
          return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('/');
      this.#routes.push({ route, pattern: new RegExp(`^${source}/?$`, 'i'), names });
    }
  }

  /** All routes, for the location answers and the contract tests. */
  get routes(): readonly Route[] {
    return this.#routes.map((compiled) => compiled.route);
  }

  /**
   * Finds the route for a request. Returns `methodNotAllowed` when the path exists under another
   * method, so the server can answer 405 like the service does.
   */
  match(
    base: RouteBase,
    method: string,
    path: string,
  ):
    | { kind: 'found'; route: Route; params: Record<string, string> }
    | { kind: 'methodNotAllowed' }
    | { kind: 'none' } {
    let pathExists = false;
    for (const compiled of this.#routes) {
      if (compiled.route.base !== base) continue;
      const found = compiled.pattern.exec(path);
      if (!found) continue;
      if (compiled.route.method !== method) {
        pathExists = true;
        continue;
      }
      const params: Record<string, string> = {};
      compiled.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { kind: 'found', route: compiled.route, params };
    }
    return pathExists ? { kind: 'methodNotAllowed' } : { kind: 'none' };
  }
}
