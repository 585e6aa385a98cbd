import type { ArtifactSpec, ArtifactVersionSpec, ProjectSpec } from '../scenario/model.ts';
import type { SimState } from '../state.ts';
import { releaseGuid } from './release-refs.ts';

/**
 * `Artifact` of a release definition (no version) or of a release (the chosen version). The spec's
 * `definitionReference` is a map of `{id, name}` pairs. The service also sends `sourceId`
 * (`<project id>:<build definition id>`, §4.2), which the spec's `Artifact` does not define: it is
 * left out, so that no client comes to depend on it through the simulator.
 */
export function renderReleaseArtifact(
  state: SimState,
  project: ProjectSpec,
  artifact: ArtifactSpec,
  version: ArtifactVersionSpec | null,
): Record<string, unknown> {
  const permalink = `${state.urls.organization}/_permalink/_build/index?collectionId=${releaseGuid(state, 'collection')}&projectId=${project.id}`;
  const reference: Record<string, { id: string; name: string }> = {
    definition: { id: String(artifact.definitionId), name: artifact.definitionName },
    project: { id: project.id, name: project.name },
    artifactSourceDefinitionUrl: {
      id: `${permalink}&definitionId=${artifact.definitionId}`,
      name: '',
    },
    defaultVersionType: artifact.defaultVersion
      ? { id: 'specificVersionType', name: 'Specific version' }
      : { id: 'selectDuringReleaseCreationType', name: 'Specify at the time of release creation' },
  };
  if (artifact.defaultVersion) {
    reference.defaultVersionSpecific = {
      id: artifact.defaultVersion.id,
      name: artifact.defaultVersion.name,
    };
  }
  if (version) {
    reference.version = { id: version.id, name: version.name };
    reference.artifactSourceVersionUrl = { id: `${permalink}&buildId=${version.id}`, name: '' };
  }
  return {
    alias: artifact.alias,
    type: artifact.type,
    isPrimary: artifact.isPrimary,
    isRetained: false,
    definitionReference: reference,
  };
}
