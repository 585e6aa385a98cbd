import type { BuildRecord } from '../engine/build-record.ts';
import { badRequest } from '../http/errors.ts';
import type { RouteContext } from '../http/route.ts';
import type { ProjectSpec } from '../scenario/model.ts';
import { buildNotFound } from './build-errors.ts';

/** The project of a `{project}` route; the server resolved it and checked it is visible. */
export function projectOfRoute(context: RouteContext): ProjectSpec {
  if (!context.project) throw new Error(`route ${context.request.path} has no {project}`);
  return context.project;
}

/** An integer path parameter the template matched as `{name:int}`. */
export function intParam(context: RouteContext, name: string): number {
  return Number(context.request.params[name] ?? Number.NaN);
}

/** A run or build of the route's project, or 404 BuildNotFoundException. */
export function buildOfRoute(context: RouteContext, param = 'buildId'): BuildRecord {
  const project = projectOfRoute(context);
  const id = intParam(context, param);
  const build = context.state.builds.get(id);
  if (!build || build.projectId !== project.id) throw buildNotFound(id);
  return build;
}

/** A JSON object body, or 400 naming what the operation expected. */
export function objectBody(
  context: RouteContext,
  what: string,
  options: { readonly optional?: boolean } = {},
): Record<string, unknown> {
  const { body } = context.request;
  if (body === undefined && options.optional) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(
      'ArgumentNullException',
      `Value cannot be null or was not a JSON object.\r\nParameter name: ${what}`,
    );
  }
  return body as Record<string, unknown>;
}

/**
 * Whether the caller asked for JSON rather than text (docs/design/azure-devops.md §2.5: logs serve
 * both).
 */
export function wantsJson(context: RouteContext): boolean {
  const accept = context.request.headers.accept ?? '';
  return /application\/json/i.test(accept) && !context.request.acceptsText;
}
