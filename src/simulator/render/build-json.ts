import { formatAzureDate } from '../clock.ts';
import { definitionFolder, findDefinition, type DefinitionRef } from '../engine/build-create.ts';
import type { BuildRecord } from '../engine/build-record.ts';
import { computeBuildState, type BuildState } from '../engine/build-state.ts';
import type { ProjectSpec } from '../scenario/model.ts';
import type { SimState } from '../state.ts';
import { identityRef, projectReference } from './common.ts';

/** `{org}/{projectGuid}`: links carry the project id even when the request used its name (§0.8). */
export function projectUrl(state: SimState, projectId: string): string {
  return `${state.urls.organization}/${projectId}`;
}

/** The project a record belongs to; records are only created for scenario projects. */
function projectOf(state: SimState, projectId: string): ProjectSpec {
  const project = state.scenario.projects.find((candidate) => candidate.id === projectId);
  if (!project) throw new Error(`no project ${projectId} in the scenario`);
  return project;
}

/**
 * The agent pool queue every simulated build runs on, as a build answer names it: id, name and
 * pool only (recording: cli-extension test_build_cancel.yaml).
 */
function agentQueue(): Record<string, unknown> {
  return {
    id: 1,
    name: 'Azure Pipelines',
    pool: { id: 1, name: 'Azure Pipelines', isHosted: true },
  };
}

/** `DefinitionReference` (spec): what a Build says about its definition. */
function renderDefinitionReference(
  state: SimState,
  definition: DefinitionRef,
): Record<string, unknown> {
  const { spec, project } = definition;
  return {
    id: spec.id,
    name: spec.name,
    url: `${projectUrl(state, project.id)}/_apis/build/Definitions/${spec.id}?revision=${spec.revision}`,
    uri: `vstfs:///Build/Definition/${spec.id}`,
    path: definitionFolder(definition),
    type: 'build',
    queueStatus: 'enabled',
    revision: spec.revision,
    project: projectReference(state, project),
  };
}

/** `BuildDefinitionReference` (spec): an item of the definitions list. */
export function renderBuildDefinitionReference(
  state: SimState,
  definition: DefinitionRef,
  latest: { readonly latestBuild?: BuildRecord; readonly latestCompletedBuild?: BuildRecord } = {},
): Record<string, unknown> {
  const base = projectUrl(state, definition.project.id);
  return {
    _links: {
      self: { href: `${base}/_apis/build/Definitions/${definition.spec.id}` },
      web: { href: `${base}/_build/definition?definitionId=${definition.spec.id}` },
      editor: { href: `${base}/_build/designer?id=${definition.spec.id}&_a=edit-build-definition` },
      badge: { href: `${base}/_apis/build/status/${definition.spec.id}` },
    },
    quality: 'definition',
    queue: agentQueue(),
    ...(latest.latestBuild ? { latestBuild: renderBuild(state, latest.latestBuild) } : {}),
    ...(latest.latestCompletedBuild
      ? { latestCompletedBuild: renderBuild(state, latest.latestCompletedBuild) }
      : {}),
    ...renderDefinitionReference(state, definition),
    createdDate: formatAzureDate(state.scenario.startTime),
  };
}

/**
 * `BuildDefinition` (spec). A YAML pipeline is a build definition with process type 2, a classic
 * one has a designer process (type 1). Secret variable values are never returned: `null`.
 */
export function renderBuildDefinition(
  state: SimState,
  definition: DefinitionRef,
): Record<string, unknown> {
  const { spec } = definition;
  const variables = Object.fromEntries(
    Object.entries(spec.variables).map(([name, variable]) => [
      name,
      {
        value: variable.isSecret ? null : variable.value,
        ...(variable.isSecret ? { isSecret: true } : {}),
        ...(variable.allowOverride ? { allowOverride: true } : {}),
      },
    ]),
  );
  return {
    ...renderBuildDefinitionReference(state, definition),
    options: [],
    variables,
    tags: [],
    triggers: [],
    variableGroups: [],
    jobAuthorizationScope: 'projectCollection',
    jobTimeoutInMinutes: 60,
    jobCancelTimeoutInMinutes: 5,
    badgeEnabled: false,
    buildNumberFormat: '$(date:yyyyMMdd)$(rev:.r)',
    process:
      definition.kind === 'pipeline'
        ? { yamlFilename: 'azure-pipelines.yml', type: 2 }
        : { phases: [], type: 1 },
    repository: {
      ...repositoryOf(state, definition.project.id, spec.repository),
      defaultBranch: spec.defaultBranch,
    },
  };
}

function repositoryOf(state: SimState, projectId: string, name: string): Record<string, unknown> {
  return {
    id: state.guid(`repository:${projectId}:${name}`),
    type: 'TfsGit',
    name,
    url: `${projectUrl(state, projectId)}/_git/${encodeURIComponent(name)}`,
    clean: 'false',
    checkoutSubmodules: false,
  };
}

/** The definition a record was queued from, looked up in the scenario. */
export function definitionOfRecord(state: SimState, build: BuildRecord): DefinitionRef {
  const project = projectOf(state, build.projectId);
  const definition = findDefinition(project, build.definitionId);
  if (!definition) throw new Error(`no definition ${build.definitionId} in ${project.name}`);
  return definition;
}

/** Queue-time variables as the Build API carries them: a JSON string, secrets masked (§2.1). */
function parametersOf(build: BuildRecord): string | undefined {
  const entries = Object.entries(build.variables);
  if (entries.length === 0) return undefined;
  return JSON.stringify(
    Object.fromEntries(entries.map(([name, v]) => [name, v.isSecret ? '***' : v.value])),
  );
}

/** `Build` (spec, docs/design/azure-devops.md §2.2) at the current simulated time. */
export function renderBuild(
  state: SimState,
  build: BuildRecord,
  computed: BuildState = computeBuildState(build, state.now()),
): Record<string, unknown> {
  const definition = definitionOfRecord(state, build);
  const base = projectUrl(state, build.projectId);
  const requestedBy = identityRef(state, build.requestedBy);
  const lastChangedBy = build.canceledBy ? identityRef(state, build.canceledBy) : requestedBy;
  const parameters = parametersOf(build);
  return {
    _links: {
      self: { href: `${base}/_apis/build/Builds/${build.id}` },
      web: { href: state.buildWebUrl(build.projectId, build.id) },
      sourceVersionDisplayUri: { href: `${base}/_apis/build/builds/${build.id}/sources` },
      timeline: { href: `${base}/_apis/build/builds/${build.id}/Timeline` },
      badge: { href: `${base}/_apis/build/status/${build.definitionId}` },
    },
    properties: {},
    tags: [],
    validationResults: [],
    plans: [{ planId: build.planId }],
    triggerInfo: {},
    id: build.id,
    buildNumber: build.buildNumber,
    status: computed.status,
    ...(computed.result ? { result: computed.result } : {}),
    queueTime: formatAzureDate(computed.queueTime),
    ...(computed.startTime !== null ? { startTime: formatAzureDate(computed.startTime) } : {}),
    ...(computed.finishTime !== null ? { finishTime: formatAzureDate(computed.finishTime) } : {}),
    url: `${base}/_apis/build/Builds/${build.id}`,
    definition: renderDefinitionReference(state, definition),
    buildNumberRevision: Number(build.buildNumber.split('.').at(-1) ?? '1'),
    project: projectReference(state, definition.project),
    uri: `vstfs:///Build/Build/${build.id}`,
    sourceBranch: build.sourceBranch,
    sourceVersion: build.sourceVersion,
    queue: agentQueue(),
    priority: 'normal',
    reason: 'manual',
    requestedFor: requestedBy,
    requestedBy,
    lastChangedDate: formatAzureDate(computed.lastChangedOn),
    lastChangedBy,
    ...(parameters !== undefined ? { parameters } : {}),
    ...(Object.keys(build.templateParameters).length > 0
      ? { templateParameters: { ...build.templateParameters } }
      : {}),
    orchestrationPlan: { planId: build.planId },
    logs: { id: 0, type: 'Container', url: `${base}/_apis/build/builds/${build.id}/logs` },
    repository: repositoryOf(state, build.projectId, definition.spec.repository),
    retainedByRelease: false,
    appendCommitMessageToRunName: true,
  };
}

/**
 * The queue request's answer: the build as stored before an agent takes it, `notStarted` with no
 * `startTime` even when its scripted queue time is zero (docs/design/azure-devops.md §13 row 3;
 * recording: cli-extension tests/latest/integrationtests/recordings/test_build_cancel.yaml, whose
 * POST answers `"status": "notStarted"` and no `startTime`). Later reads show it as it runs.
 */
export function renderQueuedBuild(state: SimState, build: BuildRecord): Record<string, unknown> {
  const computed = computeBuildState(build, state.now());
  if (computed.status !== 'inProgress') return renderBuild(state, build, computed);
  return renderBuild(state, build, { ...computed, status: 'notStarted', startTime: null });
}
