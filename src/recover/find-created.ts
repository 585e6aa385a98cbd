/**
 * What a create made, looked for from its intent (create-intent.ts) by a later process: a flow
 * resumed from its `--state` after the process that sent the create died. The same rules as for
 * a lost answer (run-match.ts for a run, the description's mark for a release), and the same
 * patience: the service may take a moment to list what it just made (options.ts), counted from
 * when the create was sent, so a resume long after it looks once.
 */
import { systemNow, type Now } from '../clock.ts';
import type { AzureDevOpsClient } from '../azdo/client.ts';
import { isAzureDevOpsError } from '../azdo/errors.ts';
import { messageOf } from '../errors.ts';
import { buildWebUrl, releaseWebUrl, resolveHandle } from '../resolve/handle.ts';
import type { Release } from '../azdo/types.ts';
import type { Handle } from '../target.ts';
import type { CreateIntent, ReleaseCreateIntent, RunCreateIntent } from './create-intent.ts';
import { signedInIdentityId } from './create-intent.ts';
import { releasesMarked } from './find-release.ts';
import { foundOf, lookPatiently, type Found } from './look.ts';
import { markerText } from './marker.ts';
import {
  resolveRecoveryOptions,
  type RecoveryOptions,
  type ResolvedRecoveryOptions,
} from './options.ts';
import { candidateLook } from './run-candidates.ts';
import type { Verdict } from './run-match.ts';

type FindCreatedClient = Pick<
  AzureDevOpsClient,
  'organization' | 'builds' | 'pipelines' | 'releases' | 'location'
>;

/** What the create made: exactly one (follow it), nothing (it may be sent), or aztm cannot tell. */
export type CreatedLookup =
  | { readonly kind: 'one'; readonly handle: Handle }
  | { readonly kind: 'none' }
  | {
      readonly kind: 'undecided';
      /** Why aztm cannot tell, with what to check: `2 new runs … could each be it`. */
      readonly reason: string;
      /** The web pages of the runs or releases that could each be it (may be empty). */
      readonly candidates: readonly string[];
      /** The page that lists the definition's runs or releases. */
      readonly listUrl: string;
    };

interface FindCreatedOptions {
  readonly signal?: AbortSignal;
  /** When the create was (or was about to be) sent, in ms since the epoch (aztm's clock). */
  readonly sentAt: number;
  readonly recovery?: RecoveryOptions;
  readonly now?: Now;
}

/**
 * Looks for what the create described by `intent` made. Never sends anything.
 * @throws the signal's reason when it aborts; any error that is not the service's.
 */
export async function findCreated(
  client: FindCreatedClient,
  intent: CreateIntent,
  options: FindCreatedOptions,
): Promise<CreatedLookup> {
  const resolved = resolveRecoveryOptions(options.recovery);
  const elapsed = (options.now ?? systemNow)() - options.sentAt;
  const look = { ...resolved, lookDelaysMs: remainingDelays(resolved.lookDelaysMs, elapsed) };
  const listUrl = listPage(client, intent);
  const undecided = (reason: string, ids: readonly number[] = []): CreatedLookup => ({
    kind: 'undecided',
    reason,
    candidates: ids.map((id) => pageOf(client, intent, id)),
    listUrl,
  });
  try {
    const found =
      intent.kind === 'release'
        ? await lookForRelease(client, intent, look, options.signal)
        : await lookForRun(client, intent, look, options.signal);
    if (typeof found === 'string') return undecided(found);
    if (found.kind === 'none') return { kind: 'none' };
    if (found.kind === 'several') {
      return undecided(
        `${found.ids.length} ${intent.kind === 'release' ? 'releases' : 'new runs'} could each be it`,
        found.ids,
      );
    }
    const handle = await resolveHandle(
      client,
      { kind: intent.kind, project: intent.project, id: found.id },
      { ...(options.signal ? { signal: options.signal } : {}) },
    );
    return { kind: 'one', handle };
  } catch (error) {
    if (!isAzureDevOpsError(error)) throw error;
    return undecided(`what it made could not be listed (${messageOf(error)})`);
  }
}

type Ids =
  | { readonly kind: 'one'; readonly id: number }
  | { readonly kind: 'none' }
  | {
      readonly kind: 'several';
      readonly ids: readonly number[];
    };

async function lookForRun(
  client: FindCreatedClient,
  intent: RunCreateIntent,
  resolved: ResolvedRecoveryOptions,
  signal: AbortSignal | undefined,
): Promise<Ids | string> {
  if ('unknown' in intent.before) {
    return `the definition's runs could not be listed before the create was sent (${intent.before.unknown}), so a new run cannot be told from an older one`;
  }
  const identityId = intent.identityId ?? (await signedInIdentityId(client.location, signal));
  if (identityId === null) return 'the signed-in identity could not be read';
  // The same look as for a lost answer (run-candidates.ts): a run is ours only when queued with
  // everything the create asked for.
  const look = candidateLook(client, {
    project: intent.project,
    window: {
      definitionId: intent.definitionId,
      identityId,
      knownIds: new Set(intent.before.ids),
      notBefore: intent.before.notBefore,
    },
    request: intent.request,
    signal,
  });
  const { found } = await lookPatiently(
    look,
    (verdict: Verdict) => verdict.kind === 'ours' || verdict.kind === 'cannotTell',
    resolved,
    signal,
  );
  switch (found.kind) {
    case 'ours':
      return { kind: 'one', id: found.run.build.id };
    case 'none':
      return { kind: 'none' };
    case 'others':
    case 'cannotTell':
      // Runs that differ as shown may still be ours, shown otherwise than asked (find-run.ts):
      // never taken for nothing made.
      return { kind: 'several', ids: found.candidates.map((judged) => judged.shown.build.id) };
  }
}

async function lookForRelease(
  client: FindCreatedClient,
  intent: ReleaseCreateIntent,
  look: ResolvedRecoveryOptions,
  signal: AbortSignal | undefined,
): Promise<Ids | string> {
  const { found } = await lookPatiently(
    async () => foundOf(await releasesMarked(client, intent, intent.requestId, signal)),
    (found: Found<Release>) => found.kind !== 'none',
    look,
    signal,
  );
  if (found.kind === 'several') {
    return `${found.items.length} releases carry "${markerText(intent.requestId)}" (${found.items.map((item) => item.id).join(', ')})`;
  }
  return idsOf(found);
}

function idsOf<T extends { readonly id: number }>(found: Found<T>): Ids {
  switch (found.kind) {
    case 'one':
      return { kind: 'one', id: found.item.id };
    case 'none':
      return { kind: 'none' };
    case 'several':
      return { kind: 'several', ids: found.items.map((item) => item.id) };
  }
}

/**
 * The waits still ahead when `elapsedMs` of them have passed since the create was sent: a look
 * at each point of the schedule not yet reached.
 */
export function remainingDelays(delays: readonly number[], elapsedMs: number): number[] {
  const remaining: number[] = [];
  let point = 0;
  let from = Math.max(0, elapsedMs);
  for (const delay of delays) {
    point += delay;
    if (point <= from) continue;
    remaining.push(point - from);
    from = point;
  }
  return remaining;
}

function listPage(client: FindCreatedClient, intent: CreateIntent): string {
  const project = `${client.organization.url}/${encodeURIComponent(intent.project)}`;
  return intent.kind === 'release'
    ? `${project}/_release?_a=releases&definitionId=${intent.definitionId}`
    : `${project}/_build?definitionId=${intent.definitionId}`;
}

function pageOf(client: FindCreatedClient, intent: CreateIntent, id: number): string {
  return intent.kind === 'release'
    ? releaseWebUrl(client, intent.project, id)
    : buildWebUrl(client, intent.project, id);
}
