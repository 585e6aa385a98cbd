import type { Identity } from '../engine/build-record.ts';
import type { ReleaseRecord } from '../engine/release-record.ts';
import type { ProjectSpec, ReleaseDefinitionSpec } from '../scenario/model.ts';
import type { SimState } from '../state.ts';
import { formatAzureDate } from '../clock.ts';
import { identityOf, identityRef, namedIdentity } from './common.ts';
import { renderReleaseArtifact } from './release-artifacts.ts';
import {
  releaseDefinitionShallowReference,
  releaseShallowReference,
  renderReleaseVariables,
} from './release-refs.ts';
import {
  ENVIRONMENT_OPTIONS,
  renderApprovalSteps,
  renderAutomatedSteps,
  renderConditions,
  renderDeployPhases,
} from './release-stage-parts.ts';

/** What a definitions list adds with `$expand` (a Get shows everything). */
interface ReleaseDefinitionExpand {
  readonly environments: boolean;
  readonly artifacts: boolean;
  readonly variables: boolean;
  readonly lastRelease: boolean;
}

export const FULL_DEFINITION: ReleaseDefinitionExpand = {
  environments: true,
  artifacts: true,
  variables: true,
  lastRelease: true,
};

/** Who "wrote" the scenario's definitions: the identity of its first token. */
function definitionAuthor(state: SimState): Identity {
  const token = state.scenario.tokens[0];
  return token ? identityOf(state, token) : namedIdentity(state, 'Project Administrator');
}

/** The definition's releases so far, oldest first. */
function releasesOfDefinition(
  state: SimState,
  project: ProjectSpec,
  definition: ReleaseDefinitionSpec,
): ReleaseRecord[] {
  return [...state.releases.values()].filter(
    (release) => release.projectId === project.id && release.definitionId === definition.id,
  );
}

/** `ReleaseDefinition` (docs/design/azure-devops.md §4.5). */
export function renderReleaseDefinition(
  state: SimState,
  project: ProjectSpec,
  definition: ReleaseDefinitionSpec,
  expand: ReleaseDefinitionExpand,
): Record<string, unknown> {
  const author = identityRef(state, definitionAuthor(state));
  const createdOn = formatAzureDate(state.scenario.startTime - 30 * 24 * 3_600_000);
  const releases = releasesOfDefinition(state, project, definition);
  const body: Record<string, unknown> = {
    ...releaseDefinitionShallowReference(state, project, definition),
    source: 'userInterface',
    revision: definition.revision,
    description: '',
    createdBy: author,
    createdOn,
    modifiedBy: author,
    modifiedOn: createdOn,
    isDeleted: false,
    variables: expand.variables ? renderReleaseVariables(definition.variables) : {},
    variableGroups: [],
    releaseNameFormat: definition.releaseNameFormat,
    triggers: [],
    tags: [],
  };
  if (expand.environments) {
    body.environments = [...definition.stages]
      .sort((a, b) => a.rank - b.rank)
      .map((stage) => {
        // The definition shows what the next release of it will do.
        const deploy = stage.deploys[Math.min(releases.length, stage.deploys.length - 1)];
        return {
          id: stage.id,
          name: stage.name,
          rank: stage.rank,
          owner: author,
          variables: renderReleaseVariables(stage.variables),
          variableGroups: [],
          preDeployApprovals: renderApprovalSteps(
            state,
            definition,
            deploy?.approval ?? null,
            (rank) => stage.id * 100 + rank,
          ),
          deployStep: { id: stage.id * 100 + 50 },
          postDeployApprovals: renderAutomatedSteps(stage.id * 100 + 60),
          deployPhases: renderDeployPhases(state, deploy?.tasks ?? []),
          environmentOptions: ENVIRONMENT_OPTIONS,
          conditions: renderConditions(
            stage.trigger.kind,
            stage.trigger.kind === 'afterStages' ? stage.trigger.stages : [],
          ),
          executionPolicy: { concurrencyCount: 1, queueDepthCount: 0 },
          schedules: [],
          retentionPolicy: { daysToKeep: 30, releasesToKeep: 3, retainBuild: true },
          preDeploymentGates: { id: 0, gates: [] },
          postDeploymentGates: { id: 0, gates: [] },
          environmentTriggers: [],
          badgeUrl: `${state.urls.release}/_apis/public/Release/badge/${project.id}/${definition.id}/${stage.id}`,
        };
      });
  }
  if (expand.artifacts) {
    body.artifacts = definition.artifacts.map((artifact) =>
      renderReleaseArtifact(state, project, artifact, null),
    );
  }
  const last = releases.at(-1);
  if (expand.lastRelease && last) {
    // `ReleaseReference` has no `url`.
    const reference = releaseShallowReference(state, last);
    delete reference.url;
    body.lastRelease = {
      ...reference,
      artifacts: [],
      createdBy: identityRef(state, last.createdBy),
      createdOn: formatAzureDate(last.createdAt),
      modifiedBy: identityRef(state, last.modifiedBy),
      description: last.description,
      reason: last.reason,
      releaseDefinition: releaseDefinitionShallowReference(state, project, definition),
    };
  }
  return body;
}
