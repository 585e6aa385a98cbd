import type { Route, RouteContext } from '../http/route.ts';
import { listOf, projectReference } from '../render/common.ts';
import { renderTeamProject } from '../render/project-json.ts';
import type { ProjectSpec } from '../scenario/model.ts';

/**
 * The Core projects API (core 7.1 spec, `Projects - List` and `Projects - Get`), which the
 * simulator's own `project.url` and `_links` point at. Any signed-in identity reads the projects
 * it can see; the service wants `vso.project`, a scope the simulator does not model.
 */
export const coreProjectRoutes: readonly Route[] = [
  {
    operation: 'Projects - List',
    method: 'GET',
    base: 'org',
    template: '_apis/projects',
    scope: null,
    handle: (context) => {
      const visible = context.state.scenario.projects.filter((project) =>
        isVisible(context, project),
      );
      return {
        status: 200,
        body: listOf(visible.map((project) => projectReference(context.state, project))),
      };
    },
  },
  {
    // The server resolves `{project}` by name or id and answers TF200016 (404) for one the
    // caller cannot see, as the service does.
    operation: 'Projects - Get',
    method: 'GET',
    base: 'org',
    template: '_apis/projects/{project}',
    scope: null,
    handle: (context) => {
      const { project } = context;
      if (!project) throw new Error('the server resolves {project} before the handler runs');
      const include = context.request.query.get('includeCapabilities')?.toLowerCase() === 'true';
      return { status: 200, body: renderTeamProject(context.state, project, include) };
    },
  },
];

function isVisible(context: RouteContext, project: ProjectSpec): boolean {
  const { projects } = context.identity;
  return (
    projects === null || projects.some((name) => name.toLowerCase() === project.name.toLowerCase())
  );
}
