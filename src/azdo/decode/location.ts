/**
 * Readers of the Location area's answers (docs/design/azure-devops.md §8): who the caller is, where
 * areas live.
 */
import type { ConnectionData, ResourceArea, ResourceAreasAnswer } from '../types.ts';
import { integer, list, object, optional, text, type Reader } from './read.ts';

type AuthenticatedUser = NonNullable<ConnectionData['authenticatedUser']>;

/**
 * The real `authenticatedUser` has `id` and `providerDisplayName`, and no `displayName` or
 * `uniqueName` (§13 row 4); the account name is under `properties.Account.$value`.
 */
const authenticatedUser: Reader<AuthenticatedUser> = (value, at) => {
  const user = object<AuthenticatedUser>({
    id: optional(text),
    displayName: optional(text),
    uniqueName: optional(text),
    providerDisplayName: optional(text),
  })(value, at);
  const account = object<{ properties?: { Account?: { $value?: string } } }>({
    properties: optional(
      object<{ Account?: { $value?: string } }>({
        Account: optional(object<{ $value?: string }>({ $value: optional(text) })),
      }),
    ),
  })(value, at).properties?.Account?.$value;
  return user.uniqueName === undefined && account !== undefined
    ? { ...user, uniqueName: account }
    : user;
};

export const connectionData = object<ConnectionData>({
  authenticatedUser: optional(authenticatedUser),
  authorizedUser: optional(authenticatedUser),
  instanceId: optional(text),
  deploymentType: optional(text),
});

const resourceArea = object<ResourceArea>({ id: text, name: optional(text), locationUrl: text });

/** Azure DevOps Server answers `{"count": 0, "value": null}` (§9). */
export const resourceAreas = object<ResourceAreasAnswer>({
  count: (value, at) => optional(integer)(value, at) ?? 0,
  value: list(resourceArea),
});
