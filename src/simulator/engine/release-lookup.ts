import { notFound } from '../http/errors.ts';
import type { ProjectSpec, ReleaseDefinitionSpec } from '../scenario/model.ts';
import type { SimState } from '../state.ts';
import type { ReleaseEnvironmentRecord, ReleaseRecord } from './release-record.ts';

/**
 * Finding definitions, releases, stages and approvals, with the service's not-found answers.
 * The typeKeys and the release / stage / approval messages are [unverified]; the definition message
 * is the one seen in a 3p report (Azure/azure-cli-extensions#1505).
 */

export function findReleaseDefinition(project: ProjectSpec, id: number): ReleaseDefinitionSpec {
  const definition = project.releaseDefinitions.find((candidate) => candidate.id === id);
  if (!definition) {
    throw notFound(
      'ReleaseDefinitionNotFoundException',
      `VS402936: Release pipeline with ID ${id} does not exist. Specify a valid ID and try again.`,
    );
  }
  return definition;
}

/**
 * A release of the project (a release of another project is as good as absent), or of any project
 * when `projectId` is `null` (the admin API).
 */
export function findRelease(state: SimState, projectId: string | null, id: number): ReleaseRecord {
  const release = state.releases.get(id);
  if (!release || (projectId !== null && release.projectId !== projectId)) {
    throw notFound('ReleaseNotFoundException', `Release with ID ${id} does not exist.`);
  }
  return release;
}

/** A stage by its release environment id (not its definition environment id, §4.3). */
export function findReleaseEnvironment(
  release: ReleaseRecord,
  environmentId: number,
): ReleaseEnvironmentRecord {
  const env = release.environments.find((candidate) => candidate.id === environmentId);
  if (!env) {
    const hint = release.environments.some((e) => e.definitionEnvironmentId === environmentId)
      ? ' (that is a definition environment id: use the release environment id)'
      : '';
    throw notFound(
      'ReleaseEnvironmentNotFoundException',
      `Environment with ID ${environmentId} does not exist in release ${release.id}${hint}.`,
    );
  }
  return env;
}

/** A stage by name, any letter case (the admin API names stages). */
export function findReleaseEnvironmentByName(
  release: ReleaseRecord,
  name: string,
): ReleaseEnvironmentRecord {
  const wanted = name.toLowerCase();
  const env = release.environments.find((candidate) => candidate.name.toLowerCase() === wanted);
  if (!env) {
    throw notFound(
      'ReleaseEnvironmentNotFoundException',
      `Release ${release.id} has no stage named '${name}'.`,
    );
  }
  return env;
}

/** The project and definition a release was created from. */
export function definitionOfRelease(
  state: SimState,
  release: ReleaseRecord,
): { project: ProjectSpec; definition: ReleaseDefinitionSpec } {
  const project = state.findProject(release.projectId);
  if (!project) throw new Error(`release ${release.id} belongs to no project of the scenario`);
  return { project, definition: findReleaseDefinition(project, release.definitionId) };
}

/** The stage whose pre-deploy or post-deploy approval has this id, or `null`. */
export function findApprovalOwner(
  state: SimState,
  approvalId: number,
): { release: ReleaseRecord; env: ReleaseEnvironmentRecord } | null {
  for (const release of state.releases.values()) {
    for (const env of release.environments) {
      if (env.preApprovalId === approvalId || env.postApprovalId === approvalId) {
        return { release, env };
      }
    }
  }
  return null;
}

export function approvalNotFound(approvalId: number): Error {
  return notFound(
    'ReleaseApprovalNotFoundException',
    `Approval with ID ${approvalId} does not exist.`,
  );
}
