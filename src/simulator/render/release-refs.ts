import type { Identity } from '../engine/build-record.ts';
import type { ReleaseRecord } from '../engine/release-record.ts';
import type { ProjectSpec, ReleaseDefinitionSpec, VariableSpec } from '../scenario/model.ts';
import type { SimState } from '../state.ts';

/**
 * URLs and shallow references shared by the release renderers. URLs carry the project id, not its
 * name, and the `Release` area in the service's own letter case (docs/design/azure-devops.md §0.8,
 * §4.2).
 */

const guids = new WeakMap<SimState, Map<string, string>>();

/**
 * `state.guid(label)`, remembered: a seeded GUID costs a SHA-1, and a release shows dozens of them
 * on every poll.
 */
export function releaseGuid(state: SimState, label: string): string {
  let known = guids.get(state);
  if (!known) {
    known = new Map();
    guids.set(state, known);
  }
  let guid = known.get(label);
  if (guid === undefined) {
    guid = state.guid(label);
    known.set(label, guid);
  }
  return guid;
}

/** An identity by display name (scripted approvers), with its remembered id. */
export function approverIdentity(state: SimState, displayName: string): Identity {
  return {
    id: releaseGuid(state, `identity:${displayName}`),
    displayName,
    uniqueName: displayName,
  };
}

function releaseApiBase(state: SimState, projectId: string): string {
  return `${state.urls.release}/${projectId}/_apis/Release`;
}

export function releaseUrl(state: SimState, projectId: string, releaseId: number): string {
  return `${releaseApiBase(state, projectId)}/releases/${releaseId}`;
}

function releaseDefinitionUrl(state: SimState, projectId: string, id: number): string {
  return `${releaseApiBase(state, projectId)}/definitions/${id}`;
}

export function releaseApprovalUrl(state: SimState, projectId: string, id: number): string {
  return `${releaseApiBase(state, projectId)}/approvals/${id}`;
}

export function releaseEnvironmentUrl(
  state: SimState,
  projectId: string,
  releaseId: number,
  environmentId: number,
): string {
  return `${releaseUrl(state, projectId, releaseId)}/environments/${environmentId}`;
}

/** Where a task's log is served (`Releases - Get Task Log`). */
export function releaseTaskLogUrl(
  state: SimState,
  projectId: string,
  ids: { releaseId: number; environmentId: number; deployPhaseId: number; taskId: number },
): string {
  return `${releaseEnvironmentUrl(state, projectId, ids.releaseId, ids.environmentId)}/deployPhases/${ids.deployPhaseId}/tasks/${ids.taskId}/logs`;
}

/** `ProjectReference` of the release spec: only id and name. */
export function releaseProjectReference(project: ProjectSpec): Record<string, unknown> {
  return { id: project.id, name: project.name };
}

/** `ReleaseShallowReference`. */
export function releaseShallowReference(
  state: SimState,
  release: ReleaseRecord,
): Record<string, unknown> {
  const url = releaseUrl(state, release.projectId, release.id);
  return {
    id: release.id,
    name: release.name,
    url,
    _links: {
      self: { href: url },
      web: { href: state.releaseWebUrl(release.projectId, release.id) },
    },
  };
}

/** `ReleaseDefinitionShallowReference`. */
export function releaseDefinitionShallowReference(
  state: SimState,
  project: ProjectSpec,
  definition: ReleaseDefinitionSpec,
): Record<string, unknown> {
  const url = releaseDefinitionUrl(state, project.id, definition.id);
  return {
    id: definition.id,
    name: definition.name,
    path: definition.path,
    projectReference: releaseProjectReference(project),
    url,
    _links: {
      self: { href: url },
      web: {
        href: `${state.urls.organization}/${project.id}/_release?definitionId=${definition.id}`,
      },
    },
  };
}

/** `ConfigurationVariableValue`s; secret values are never sent back. */
export function renderReleaseVariables(
  variables: Readonly<Record<string, VariableSpec>>,
): Record<string, Record<string, unknown>> {
  const rendered: Record<string, Record<string, unknown>> = {};
  for (const [name, variable] of Object.entries(variables)) {
    rendered[name] = variable.isSecret
      ? { isSecret: true, allowOverride: variable.allowOverride }
      : { value: variable.value, allowOverride: variable.allowOverride };
  }
  return rendered;
}
