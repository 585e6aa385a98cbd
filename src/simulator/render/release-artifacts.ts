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

/**
 * `ArtifactVersion` (release 7.1 spec; the Node client's type adds `sourceId`): the versions an
 * artifact source offers for a new release, newest first, and its default. The simulator knows
 * no more of a build than its id and number; the branch is its definition's default branch.
 */
export function renderArtifactVersions(
  project: ProjectSpec,
  artifact: ArtifactSpec,
): Record<string, unknown> {
  const definition = [...project.pipelines, ...project.buildDefinitions].find(
    (candidate) => candidate.id === artifact.definitionId,
  );
  const buildVersion = (version: ArtifactVersionSpec): Record<string, unknown> => ({
    id: version.id,
    name: version.name,
    sourceBranch: definition?.defaultBranch ?? 'refs/heads/main',
    definitionId: String(artifact.definitionId),
    definitionName: artifact.definitionName,
    sourceRepositoryType: 'TfsGit',
    isMultiDefinitionType: false,
  });
  const newestFirst = [...artifact.versions].sort((a, b) => Number(b.id) - Number(a.id));
  return {
    alias: artifact.alias,
    sourceId: `${project.id}:${artifact.definitionId}`,
    ...(artifact.defaultVersion ? { defaultVersion: buildVersion(artifact.defaultVersion) } : {}),
    versions: newestFirst.map(buildVersion),
    errorMessage: null,
  };
}
