import { formatAzureDate } from '../clock.ts';
import type { ReleaseRecord } from '../engine/release-record.ts';
import type { ReleaseState } from '../engine/release-state-types.ts';
import { mergeVariables } from '../engine/release-variables.ts';
import type { ProjectSpec, ReleaseDefinitionSpec } from '../scenario/model.ts';
import type { SimState } from '../state.ts';
import { identityRef } from './common.ts';
import { renderReleaseArtifact } from './release-artifacts.ts';
import {
  DEFAULT_ENVIRONMENT_VIEW,
  renderReleaseEnvironment,
  type ReleaseEnvironmentView,
} from './release-environment.ts';
import {
  releaseDefinitionShallowReference,
  releaseProjectReference,
  releaseUrl,
  renderReleaseVariables,
} from './release-refs.ts';

/** Which parts of a release to show. A Get shows all; a list only what `$expand` names (§4). */
export interface ReleaseView extends ReleaseEnvironmentView {
  readonly environments: boolean;
  readonly artifacts: boolean;
  readonly variables: boolean;
}

export const FULL_RELEASE_VIEW: ReleaseView = {
  ...DEFAULT_ENVIRONMENT_VIEW,
  environments: true,
  artifacts: true,
  variables: true,
};

interface ReleaseRenderContext {
  readonly project: ProjectSpec;
  readonly definition: ReleaseDefinitionSpec;
  readonly release: ReleaseRecord;
}

/** `Release` (docs/design/azure-devops.md §4.2). */
export function renderRelease(
  state: SimState,
  context: ReleaseRenderContext,
  releaseState: ReleaseState,
  view: ReleaseView,
): Record<string, unknown> {
  const { project, definition, release } = context;
  const url = releaseUrl(state, project.id, release.id);
  const body: Record<string, unknown> = {
    id: release.id,
    name: release.name,
    status: releaseState.status,
    createdOn: formatAzureDate(release.createdAt),
    modifiedOn: formatAzureDate(releaseState.modifiedAt),
    modifiedBy: identityRef(state, release.modifiedBy),
    createdBy: identityRef(state, release.createdBy),
    createdFor: identityRef(state, release.createdBy),
    variables: view.variables
      ? renderReleaseVariables(mergeVariables(definition.variables, release.variables))
      : {},
    variableGroups: [],
    releaseDefinition: releaseDefinitionShallowReference(state, project, definition),
    releaseDefinitionRevision: release.definitionRevision,
    definitionSnapshotRevision: 1,
    description: release.description,
    reason: release.reason,
    releaseNameFormat: definition.releaseNameFormat,
    keepForever: release.keepForever,
    logsContainerUrl: `${url}/logs`,
    url,
    _links: { self: { href: url }, web: { href: state.releaseWebUrl(project.id, release.id) } },
    tags: [],
    projectReference: releaseProjectReference(project),
  };
  if (release.comment) body.comment = release.comment;
  if (view.environments) {
    body.environments = releaseState.environments.map((env) =>
      renderReleaseEnvironment(state, context, releaseState, env, view),
    );
  }
  if (view.artifacts) {
    body.artifacts = release.artifacts.map((artifact) =>
      renderReleaseArtifact(state, project, artifact.spec, artifact.version),
    );
  }
  return body;
}
