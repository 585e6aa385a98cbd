import type { RouteContext } from '../http/route.ts';
import { findRelease, findReleaseDefinition } from '../engine/release-lookup.ts';
import type { ReleaseRecord } from '../engine/release-record.ts';
import type { ProjectSpec, ReleaseDefinitionSpec } from '../scenario/model.ts';

/** The project a `{project}` route resolved (the server has checked that it exists). */
export function projectOf(context: RouteContext): ProjectSpec {
  if (!context.project) throw new Error(`route without {project}: ${context.request.path}`);
  return context.project;
}

/** An integer path parameter (the template guarantees digits). */
export function intPathParam(context: RouteContext, name: string): number {
  return Number(context.request.params[name] ?? Number.NaN);
}

export interface ReleaseContext {
  readonly project: ProjectSpec;
  readonly definition: ReleaseDefinitionSpec;
  readonly release: ReleaseRecord;
}

/** The release named by `{releaseId}` in the route's project, with its definition. */
export function releaseContextOf(context: RouteContext): ReleaseContext {
  const project = projectOf(context);
  const release = findRelease(context.state, project.id, intPathParam(context, 'releaseId'));
  return { project, release, definition: findReleaseDefinition(project, release.definitionId) };
}

/** A 200 JSON answer. */
export function ok(
  body: unknown,
  headers?: Record<string, string>,
): {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
} {
  return headers ? { status: 200, body, headers } : { status: 200, body };
}
