import type { TokenSpec } from '../scenario/model.ts';
import type { SimState } from '../state.ts';
import type { Identity } from './build-record.ts';

/** The scenario identity a scripted approver name stands for (its display name or user id). */
function scenarioIdentityNamed(state: SimState, name: string): TokenSpec | undefined {
  const wanted = name.toLowerCase();
  return state.scenario.tokens.find(
    (token) => token.user.toLowerCase() === wanted || token.userId.toLowerCase() === wanted,
  );
}

/**
 * Whether the caller is among an approval's assigned approvers: named itself (display name or
 * user id), or a member of a named group. A token that lists no `groups` is a member of every
 * group. The service lets only an assigned approver answer (docs/design/azure-devops.md §13 row 8).
 */
export function isAssignedApprover(token: TokenSpec, approvers: readonly string[]): boolean {
  // An approval that names nobody is answered by anyone allowed to (see release-stage-parts.ts).
  if (token.groups === undefined || token.groups === null || approvers.length === 0) return true;
  const own = new Set([token.user, token.userId, ...token.groups].map((n) => n.toLowerCase()));
  return approvers.some((name) => own.has(name.toLowerCase()));
}

/**
 * The identity an approval shows as its assigned approver. A scenario identity keeps its id (the
 * one ConnectionData gives), but its IdentityRef here can carry another display name than the
 * one the caller signed in as: the service shows the directory's, with a suffix such as
 * " (Contoso)" (docs/design/azure-devops.md §13 row 4; recording: cli-extension
 * test_pull_request_createUpdateVoteListAbandonReactivateCompleteReviewers.yaml). Match callers by
 * id, never by name. Other names are groups or people outside the scenario.
 */
export function assignedApproverIdentity(
  state: SimState,
  name: string,
  fallback: (name: string) => Identity,
): Identity {
  const token = scenarioIdentityNamed(state, name);
  if (!token) return fallback(name);
  const organization = state.scenario.organization;
  const suffix = organization.charAt(0).toUpperCase() + organization.slice(1);
  return {
    id: state.guid(`identity:${token.userId}`),
    displayName: `${token.user} (${suffix})`,
    uniqueName: token.userId,
  };
}
