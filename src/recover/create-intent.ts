/**
 * What identifies a create before it is sent: enough for a later process (a resumed flow, after
 * this one died) to look for what it made by the same rules as a lost answer (run-match.ts, the
 * release's mark), without sending it again. A plain JSON value: `flow run --state` writes it to
 * disk ahead of the create, once the request has its slot in the request budget.
 */
import type { LocationClient } from '../azdo/location.ts';
import type { RunRequest } from './run-match.ts';
import type { RunsBefore } from './run-window.ts';

export type CreateIntent = RunCreateIntent | ReleaseCreateIntent;

export interface RunCreateIntent {
  readonly kind: 'run';
  readonly noun: 'pipeline run' | 'build';
  readonly project: string;
  readonly definitionId: number;
  /** `folder\name`, for messages. */
  readonly definition: string;
  /**
   * Everything the create asked for (run-match.ts), a run being ours only when queued with all
   * of it. Secret variables keep their names, never their values: the state file holds none.
   */
  readonly request: RunRequest;
  /** The definition's runs listed before the create, or why they could not be. */
  readonly before:
    | { readonly ids: readonly number[]; readonly notBefore: number | null }
    | { readonly unknown: string };
  /** Who aztm was signed in as (docs/design/azure-devops.md §8.3); `null`: read when looking. */
  readonly identityId: string | null;
}

export interface ReleaseCreateIntent {
  readonly kind: 'release';
  readonly project: string;
  readonly definitionId: number;
  readonly definition: string;
  /** The id the release's description carries (marker.ts). */
  readonly requestId: string;
}

export function runIntent(
  run: Omit<RunCreateIntent, 'kind' | 'before' | 'identityId'>,
  before: RunsBefore,
  identityId: string | null,
): RunCreateIntent {
  return {
    kind: 'run',
    noun: run.noun,
    project: run.project,
    definitionId: run.definitionId,
    definition: run.definition,
    request: {
      ...run.request,
      variables: Object.fromEntries(
        Object.entries(run.request.variables).map(([name, variable]) => [
          name,
          variable.isSecret ? { value: '', isSecret: true } : variable,
        ]),
      ),
    },
    before:
      before.kind === 'known'
        ? { ids: [...before.ids], notBefore: before.notBefore }
        : { unknown: before.reason },
    identityId,
  };
}

/** One read of the signed-in identity per client, shared by its creates. */
const identities = new WeakMap<object, Promise<string | null>>();

/**
 * The id of the identity aztm is signed in as, or `null` when it cannot be read now (the lookup
 * then reads it itself).
 */
export function signedInIdentityId(
  location: Pick<LocationClient, 'getConnectionData'>,
  signal: AbortSignal | undefined,
): Promise<string | null> {
  const known = identities.get(location);
  if (known) return known;
  const reading = location.getConnectionData({ signal }).then(
    (data) => data.authenticatedUser?.id ?? null,
    () => null,
  );
  identities.set(location, reading);
  // A failed read is not remembered: the next create asks again.
  void reading.then((id) => {
    if (id === null) identities.delete(location);
  });
  return reading;
}

/** Whether `value` (read from a file) is a CreateIntent. */
export function isCreateIntent(value: unknown): value is CreateIntent {
  if (typeof value !== 'object' || value === null) return false;
  const intent = value as Partial<Record<string, unknown>>;
  if (
    typeof intent.project !== 'string' ||
    typeof intent.definitionId !== 'number' ||
    typeof intent.definition !== 'string'
  ) {
    return false;
  }
  if (intent.kind === 'release') return typeof intent.requestId === 'string';
  if (intent.kind !== 'run') return false;
  if (intent.noun !== 'pipeline run' && intent.noun !== 'build') return false;
  if (!isRunRequest(intent.request)) return false;
  if (intent.identityId !== null && typeof intent.identityId !== 'string') return false;
  return isRunsBefore(intent.before);
}

function isRunRequest(value: unknown): value is RunRequest {
  if (typeof value !== 'object' || value === null) return false;
  const request = value as Partial<Record<string, unknown>>;
  const textOrNull = (field: unknown): boolean => field === null || typeof field === 'string';
  return (
    textOrNull(request.branch) &&
    textOrNull(request.commit) &&
    isRecordOf(
      request.variables,
      (variable) =>
        typeof variable === 'object' &&
        variable !== null &&
        typeof (variable as { value?: unknown }).value === 'string',
    ) &&
    (request.templateParameters === null ||
      isRecordOf(request.templateParameters, (parameter) => typeof parameter === 'string')) &&
    Array.isArray(request.stagesToSkip) &&
    request.stagesToSkip.every((stage) => typeof stage === 'string')
  );
}

function isRecordOf(value: unknown, item: (entry: unknown) => boolean): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(item)
  );
}

function isRunsBefore(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const before = value as Partial<Record<string, unknown>>;
  if (typeof before.unknown === 'string') return true;
  return (
    Array.isArray(before.ids) &&
    before.ids.every((id) => typeof id === 'number') &&
    (before.notBefore === null || typeof before.notBefore === 'number')
  );
}
