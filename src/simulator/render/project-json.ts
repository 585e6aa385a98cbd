import type { ProjectSpec } from '../scenario/model.ts';
import type { SimState } from '../state.ts';
import { projectReference } from './common.ts';

/** The Agile process, which the simulated projects all use. */
const AGILE_TEMPLATE_TYPE_ID = 'adcc42ab-9882-485e-a3ed-7678f01f66bc';

/**
 * `TeamProject` (core 7.1 spec; MicrosoftDocs/vsts-rest-api-specs
 * specification/core/7.1/core.json): the reference plus `_links`, and with `includeCapabilities`
 * the `capabilities` (version control and process) and the `defaultTeam`. The spec types
 * `capabilities` as `map<string, map<string, string>>`, so every value is a string ("True").
 */
export function renderTeamProject(
  state: SimState,
  project: ProjectSpec,
  includeCapabilities: boolean,
): Record<string, unknown> {
  const projectsUrl = `${state.urls.organization}/_apis/projects`;
  const teamId = state.guid(`team:${project.id}`);
  return {
    ...projectReference(state, project),
    _links: {
      self: { href: `${projectsUrl}/${project.id}` },
      collection: {
        href: `${state.urls.organization}/_apis/projectCollections/${state.guid('collection')}`,
      },
      web: { href: `${state.urls.organization}/${encodeURIComponent(project.name)}` },
    },
    ...(includeCapabilities
      ? {
          capabilities: {
            versioncontrol: { sourceControlType: 'Git', gitEnabled: 'True', tfvcEnabled: 'False' },
            processTemplate: { templateName: 'Agile', templateTypeId: AGILE_TEMPLATE_TYPE_ID },
          },
          defaultTeam: {
            id: teamId,
            name: `${project.name} Team`,
            url: `${projectsUrl}/${project.id}/teams/${teamId}`,
          },
        }
      : {}),
  };
}
