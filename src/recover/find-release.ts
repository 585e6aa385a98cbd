/**
 * Creating a release exactly once: its description carries `aztm <id>`, a random id per trigger
 * (marker.ts), and when the create's answer is lost, the release carrying it is looked for among
 * the definition's newest releases. The description is free text every definition accepts (fact
 * sheet §4.1), so unlike a run (run-match.ts) a release is recognised by its own mark.
 */
import { isAzureDevOpsError, type AzureDevOpsError } from '../azdo/errors.ts';
import type { OrganizationUrl } from '../azdo/organization.ts';
import type { ReleasesClient } from '../azdo/releases.ts';
import type { CallOptions } from '../azdo/paging.ts';
import type { Release } from '../azdo/types.ts';
import { stopBeforeCreate } from '../interrupted.ts';
import { createOnce, type RecoveryCall } from './call.ts';
import { createCallOptions } from './create-intent.ts';
import { lookedFor, LostCreateError, recoveredNotice, type LostCreate } from './lost-create.ts';
import { carriesMarker, markerText } from './marker.ts';
import { foundOf, lookPatiently, type Found } from './look.ts';

const PAGE_SIZE = 50;
/** Ours is among the newest: a busy definition would need 150 releases within seconds. */
const MAX_PAGES = 3;

export interface ReleaseClient {
  readonly organization: OrganizationUrl;
  readonly releases: Pick<ReleasesClient, 'listRecent' | 'get'>;
}

export interface ReleaseToCreate {
  readonly project: string;
  readonly definitionId: number;
  readonly definition: string;
}

/**
 * Sends `create` once (with `send` as its request options), with a fresh request id to put in
 * the description, and returns the release it made.
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
  return createOnce(
    () => create(requestId, send),
    async (error) => {
      const lost = lostCreate(client, release, error);
      const found = await findMarkedRelease(client, release, requestId, lost, call);
      call.onNotice(
        recoveredNotice(
          lost,
          `release ${found.name} (id ${found.id})`,
          `its description carries "${markerText(requestId)}"`,
        ),
      );
      return found;
    },
  );
}

async function findMarkedRelease(
  client: ReleaseClient,
  release: ReleaseToCreate,
  requestId: string,
  lost: LostCreate,
  call: RecoveryCall,
): Promise<Release> {
  const marker = `"${markerText(requestId)}"`;
  let outcome: { found: Found<Release>; looks: number; waitedMs: number };
  try {
    outcome = await lookPatiently(
      async () => foundOf(await releasesMarked(client, release, requestId, call.signal)),
      call.options,
      call.signal,
    );
  } catch (caught) {
    if (!isAzureDevOpsError(caught)) throw caught;
    throw new LostCreateError(lost, `its releases could not be listed (${caught.message})`);
  }
  const { found } = outcome;
  if (found.kind === 'none') {
    throw new LostCreateError(
      lost,
      `no release whose description carries ${marker} was found ${lookedFor(outcome.looks, outcome.waitedMs)}`,
    );
  }
  if (found.kind === 'several') {
    const ids = found.items.map((item) => item.id);
    throw new LostCreateError(
      lost,
      `${ids.length} releases carry ${marker} (${ids.join(', ')})`,
      ids,
    );
  }
  // The list leaves out the stages (`$expand`); the trigger needs them for `--stages`.
  try {
    return await client.releases.get(release.project, found.item.id, { signal: call.signal });
  } catch (caught) {
    if (!isAzureDevOpsError(caught)) throw caught;
    throw new LostCreateError(
      lost,
      `release ${found.item.name} carries ${marker} but could not be read (${caught.message})`,
      [found.item.id],
    );
  }
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
    // The definition's releases page, on the organization host like a release's (fact sheet §4.2).
    listUrl: `${client.organization.url}/${encodeURIComponent(release.project)}/_release?_a=releases&definitionId=${release.definitionId}`,
    error,
  };
}
