import type { Identity } from '../engine/build-record.ts';
import type { ProjectSpec, TokenSpec } from '../scenario/model.ts';
import type { SimState } from '../state.ts';

/**
 * `{count, value}`, the wrapper of every list the service returns
 * (docs/design/azure-devops.md §0.3).
 */
export function listOf<T>(value: readonly T[]): { count: number; value: readonly T[] } {
  return { count: value.length, value };
}

/** The identity behind a token, as records keep it. */
export function identityOf(state: SimState, token: TokenSpec): Identity {
  return {
    id: state.guid(`identity:${token.userId}`),
    displayName: token.user,
    uniqueName: token.userId,
  };
}

/** An identity by display name only (approvers named in the scenario). */
export function namedIdentity(state: SimState, displayName: string): Identity {
  return { id: state.guid(`identity:${displayName}`), displayName, uniqueName: displayName };
}

/** `IdentityRef` as the specs define it. */
export function identityRef(state: SimState, identity: Identity): Record<string, unknown> {
  return {
    displayName: identity.displayName,
    id: identity.id,
    uniqueName: identity.uniqueName,
    url: `${state.urls.root}/_apis/Identities/${identity.id}`,
    descriptor: `aad.${Buffer.from(identity.id).toString('base64url')}`,
    _links: {
      avatar: {
        href: `${state.urls.organization}/_apis/GraphProfile/MemberAvatars/${identity.id}`,
      },
    },
  };
}

/** `TeamProjectReference` as the specs define it. */
export function projectReference(state: SimState, project: ProjectSpec): Record<string, unknown> {
  return {
    id: project.id,
    name: project.name,
    url: `${state.urls.organization}/_apis/projects/${project.id}`,
    state: 'wellFormed',
    revision: 1,
    visibility: 'private',
    lastUpdateTime: '2025-06-01T08:00:00Z',
  };
}
