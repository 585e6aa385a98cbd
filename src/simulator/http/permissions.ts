import type { Permission, ProjectSpec, TokenSpec } from '../scenario/model.ts';
import { SimHttpError } from './errors.ts';

/**
 * Refuses, with the service's 403, a call the identity's project permissions deny although its
 * token scopes allow it.
 */
export function requirePermission(
  token: TokenSpec,
  permission: Permission,
  project: ProjectSpec,
  subject: string,
): void {
  if (!token.denied.includes(permission)) return;
  switch (permission) {
    case 'queueBuilds':
      // The service's words, as users report them (TriggerBuild #118, terraform-provider #1040).
      throw new SimHttpError(
        403,
        'AccessDeniedException',
        `TF215106: Access denied. ${token.user} needs Queue builds permissions for build pipeline ${subject} in team project ${project.name} to perform the action. For more information, contact the Azure DevOps administrator.`,
      );
    case 'createReleases':
      // [unverified] the wording of the release service's access check.
      throw new SimHttpError(
        403,
        'AccessCheckException',
        `VS402904: Access denied: User ${token.user} does not have create releases permission for release pipeline ${subject}. Contact your release manager.`,
      );
    case 'manageDeployments':
      // [unverified] the wording of the release service's access check.
      throw new SimHttpError(
        403,
        'AccessCheckException',
        `VS402904: Access denied: User ${token.user} does not have manage deployments permission for ${subject}. Contact your release manager.`,
      );
  }
}
