/**
 * Creating a release exactly once: its description carries `aztm <id>`, a random id per trigger
 * (marker.ts), and when the create's answer is lost, the release carrying it is looked for among
 * the definition's newest releases; the request is sent again, with the same id, only when none
 * carries it. The description is free text every definition accepts
 * (docs/design/azure-devops.md §4.1), so unlike a run (run-match.ts) a release is recognised by its
 * own mark.
 */
import { isAzureDevOpsError, type AzureDevOpsError } from '../azdo/errors.ts';
import type { OrganizationUrl } from '../azdo/organization.ts';
import type { ReleasesClient } from '../azdo/releases.ts';
import type { CallOptions } from '../azdo/paging.ts';
import type { Release } from '../azdo/types.ts';
import { stopBeforeCreate } from '../interrupted.ts';
import { releaseWebUrl, webUrl } from '../resolve/handle.ts';
import { createCallOptions, createUntilKnown, type RecoveryCall, type Recovered } from './call.ts';
import { listCandidates, lookedFor, LostCreateError, type LostCreate } from './lost-create.ts';
import { carriesMarker, markerText } from './marker.ts';
import { foundOf, lookPatiently, type Found, type Looked } from './look.ts';

const PAGE_SIZE = 50;
/** Ours is among the newest: a busy definition would need 150 releases within seconds. */
const MAX_PAGES = 3;

interface ReleaseClient {
  readonly organization: OrganizationUrl;
  readonly releases: Pick<ReleasesClient, 'listRecent' | 'get'>;
}

interface ReleaseToCreate {
  readonly project: string;
  readonly definitionId: number;
  readonly definition: string;
}

/**
 * Creates the release with a fresh request id in its description, and returns it. When the
 * answer may have come after the service acted, the release carrying the id is looked for; when
 * none does after every look, the same request, same id, is sent again (call.ts), so that every
 * send is looked for the same way.
 * @throws LostCreateError when the answer was lost and no single release carries the id.
 */
export async function createReleaseOnce(
  client: ReleaseClient,
  release: ReleaseToCreate,
  create: (requestId: string, send: CallOptions) => Promise<Release>,
  call: RecoveryCall,
): Promise<Release> {
  const requestId = call.options.newRequestId();
  const send = await createCallOptions(call, () =>
    Promise.resolve({
      kind: 'release' as const,
      project: release.project,
      definitionId: release.definitionId,
      definition: release.definition,
      requestId,
    }),
  );
  stopBeforeCreate(call.interrupt);
  return createUntilKnown(
    () => create(requestId, send),
    {
      lost: (error) => lostCreate(client, release, error),
      look: (lost, sends) => findMarkedRelease(client, release, requestId, { lost, sends, call }),
    },
    call,
  );
}

interface Search {
  readonly lost: LostCreate;
  readonly sends: number;
  readonly call: RecoveryCall;
}

async function findMarkedRelease(
  client: ReleaseClient,
  release: ReleaseToCreate,
  requestId: string,
  search: Search,
): Promise<Recovered<Release>> {
  const { lost, sends, call } = search;
  const marker = `"${markerText(requestId)}"`;
  let outcome: Looked<Found<Release>>;
  try {
    outcome = await lookPatiently(
      async () => foundOf(await releasesMarked(client, release, requestId, call.signal)),
      (found) => found.kind !== 'none',
      call.options,
      call.signal,
    );
  } catch (caught) {
    if (!isAzureDevOpsError(caught)) throw caught;
    throw new LostCreateError(lost, `its releases could not be listed (${caught.message})`, {
      sends,
    });
  }
  const { found } = outcome;
  if (found.kind === 'none') {
    return {
      kind: 'nothing',
      reason: `no release whose description carries ${marker} was found ${lookedFor(outcome.looks, outcome.waitedMs)}`,
    };
  }
  if (found.kind === 'several') {
    const candidates = found.items.map((item) => ({
      id: item.id,
      url: webUrl(item._links, releaseWebUrl(client, release.project, item.id)),
    }));
    throw new LostCreateError(
      lost,
      `${candidates.length} releases carry ${marker}: ${listCandidates(candidates)}`,
      { candidates, sends },
    );
  }
  // The list leaves out the stages (`$expand`); the trigger needs them for `--stages`.
  let read: Release;
  try {
    read = await client.releases.get(release.project, found.item.id, { signal: call.signal });
  } catch (caught) {
    if (!isAzureDevOpsError(caught)) throw caught;
    const url = webUrl(found.item._links, releaseWebUrl(client, release.project, found.item.id));
    throw new LostCreateError(
      lost,
      `release ${found.item.name} carries ${marker} but could not be read (${caught.message})`,
      { candidates: [{ id: found.item.id, url }], sends },
    );
  }
  return {
    kind: 'found',
    item: read,
    what: `release ${read.name} (id ${read.id})`,
    how: `its description carries "${markerText(requestId)}"`,
  };
}

/** The definition's newest releases whose description carries the request id. */
export async function releasesMarked(
  client: ReleaseClient,
  release: ReleaseToCreate,
  requestId: string,
  signal: AbortSignal | undefined,
): Promise<Release[]> {
  const marked: Release[] = [];
  let token: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await client.releases.listRecent(
      release.project,
      { definitionId: release.definitionId, top: PAGE_SIZE, continuationToken: token },
      { signal },
    );
    marked.push(...answer.releases.filter((item) => carriesMarker(item.description, requestId)));
    token = answer.continuationToken;
    if (token === null || marked.length > 0) break;
  }
  return marked;
}

function lostCreate(
  client: ReleaseClient,
  release: ReleaseToCreate,
  error: AzureDevOpsError,
): LostCreate {
  return {
    noun: 'release',
    definition: release.definition,
    // The definition's releases page, on the organization host like a release's
    // (docs/design/azure-devops.md §4.2).
    listUrl: `${client.organization.url}/${encodeURIComponent(release.project)}/_release?_a=releases&definitionId=${release.definitionId}`,
    error,
  };
}
