import type { TokenSpec } from '../scenario/model.ts';
import { identityOf } from '../render/common.ts';
import type { SimState } from '../state.ts';

/**
 * The well-known id of the Azure DevOps service owner, which the location service names in
 * `serviceOwner` (the same id owns the access mappings).
 */
const SERVICE_OWNER = '00025394-6065-48ca-87d9-7f5672854ef7';
const PUBLIC_MAPPING = 'PublicAccessMapping';

/**
 * `ConnectionData`, what `GET _apis/connectionData` (and so `WebApi.connect()`) answers (§8.3):
 * who the caller is and which deployment it reached, in the fields the real answer has (§13 row
 * 4; recording: cli-extension
 * test_pull_request_createUpdateVoteListAbandonReactivateCompleteReviewers.yaml).
 */
export function connectionData(state: SimState, token: TokenSpec): Record<string, unknown> {
  const user = identityRecord(state, token);
  const hosted = state.scenario.mode === 'services';
  return {
    authenticatedUser: user,
    authorizedUser: user,
    instanceId: state.guid('instance'),
    deploymentId: state.guid('deployment'),
    deploymentType: hosted ? 'hosted' : 'onPremises',
    locationServiceData: {
      serviceOwner: SERVICE_OWNER,
      defaultAccessMappingMoniker: PUBLIC_MAPPING,
      lastChangeId: 1,
      lastChangeId64: 1,
    },
  };
}

/**
 * The location service's `Identity` (not the `IdentityRef` other APIs return). Services
 * identities are Entra (`aad.`) ones; Server identities are Windows accounts (`win.`).
 */
function identityRecord(state: SimState, token: TokenSpec): Record<string, unknown> {
  const identity = identityOf(state, token);
  const hosted = state.scenario.mode === 'services';
  const descriptor = hosted
    ? `Microsoft.IdentityModel.Claims.ClaimsIdentity;${state.guid('tenant')}\\${identity.uniqueName}`
    : `System.Security.Principal.WindowsIdentity;${windowsSid(state, identity.id)}`;
  const subjectPrefix = hosted ? 'aad' : 'win';
  return {
    id: identity.id,
    descriptor,
    subjectDescriptor: `${subjectPrefix}.${Buffer.from(identity.id).toString('base64url')}`,
    providerDisplayName: identity.displayName,
    isActive: true,
    properties: {
      Account: { $type: 'System.String', $value: identity.uniqueName },
    },
    resourceVersion: 2,
    metaTypeId: 0,
  };
}

/** A stable, well-formed Windows account SID for an identity id. */
function windowsSid(state: SimState, identityId: string): string {
  const parts = state
    .guid(`sid:${identityId}`)
    .replace(/-/g, '')
    .match(/.{8}/g)
    ?.slice(0, 3)
    .map((hex) => parseInt(hex, 16));
  return `S-1-5-21-${(parts ?? [0, 0, 0]).join('-')}-1001`;
}
