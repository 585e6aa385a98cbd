/**
 * Queueing a pipeline run or a build exactly once: the definition's runs are listed before the
 * create is sent, and when its answer is lost, the new run is looked for among them by the rules
 * of run-match.ts. Found: it is the run aztm follows. Not found, or not told apart: exit 5.
 */
import type { QueuedBuild, BuildsClient } from '../azdo/builds.ts';
import { isAzureDevOpsError, type AzureDevOpsError } from '../azdo/errors.ts';
import type { LocationClient } from '../azdo/location.ts';
import type { OrganizationUrl } from '../azdo/organization.ts';
import type { CallOptions } from '../azdo/paging.ts';
import type { ReferenceLinks } from '../azdo/types.ts';
import { untilAborted } from '../abort.ts';
import { interruptedBeforeCreate, stopBeforeCreate } from '../interrupted.ts';
import { createOnce, type RecoveryCall } from './call.ts';
import { createCallOptions, runIntent, signedInIdentityId } from './create-intent.ts';
import { lookedFor, LostCreateError, recoveredNotice, type LostCreate } from './lost-create.ts';
import { lookPatiently, type Found } from './look.ts';
import { matchOurRun, type RunCriteria } from './run-match.ts';
import { runsBeforeCreate, runsSince, type RunsBefore } from './run-window.ts';

export interface RunClient {
  readonly organization: OrganizationUrl;
  readonly builds: Pick<BuildsClient, 'listRecent'>;
  readonly location: Pick<LocationClient, 'getConnectionData'>;
}

export interface RunToQueue {
  readonly project: string;
  readonly definitionId: number;
  /** Full ref asked for; `null`: the definition's default branch. */
  readonly branch: string | null;
  readonly noun: 'pipeline run' | 'build';
  /** `folder\name`, for messages. */
  readonly definition: string;
}

/** What the create answered, or what the lookup found in its place. */
export interface QueuedRun {
  readonly id: number;
  readonly links: ReferenceLinks | undefined;
  readonly number: string | undefined;
}

/**
 * Sends `create` (with `send` as its request options) once and returns the run it queued.
 * @throws LostCreateError when the answer was lost and the run could not be told.
 */
export async function queueRunOnce(
  client: RunClient,
  run: RunToQueue,
  create: (send: CallOptions) => Promise<QueuedRun>,
  call: RecoveryCall,
): Promise<QueuedRun> {
  const before = await untilAborted(
    runsBeforeCreate(client.builds, run.project, run.definitionId, call.signal),
    call.interrupt,
  );
  // Interrupted while listing: nothing was sent that could start a run.
  if (before === null) throw interruptedBeforeCreate();
  const send = await createCallOptions(call, async () =>
    runIntent(
      run,
      before,
      await untilAborted(signedInIdentityId(client.location, call.signal), call.interrupt),
    ),
  );
  stopBeforeCreate(call.interrupt);
  const sendCreate = (): Promise<QueuedRun> => create(send);
  return createOnce(sendCreate, async (error) => {
    const found = await findQueuedRun(client, run, before, error, call);
    call.onNotice(
      recoveredNotice(lostCreate(client, run, error), `${run.noun} ${found.id}`, queuedBy(found)),
    );
    return { id: found.id, links: found._links, number: found.buildNumber };
  });
}

async function findQueuedRun(
  client: RunClient,
  run: RunToQueue,
  before: RunsBefore,
  error: AzureDevOpsError,
  call: RecoveryCall,
): Promise<QueuedBuild> {
  const lost = lostCreate(client, run, error);
  if (before.kind === 'unknown') {
    throw new LostCreateError(
      lost,
      `its recent runs could not be listed before the request was sent (${before.reason}), so a new run cannot be told from an older one`,
    );
  }
  const identity = await signedInIdentity(client, lost, call.signal);
  const criteria: RunCriteria = {
    definitionId: run.definitionId,
    identityId: identity.id,
    branch: run.branch,
    knownIds: before.ids,
    notBefore: before.notBefore,
  };
  const which =
    `queued by ${identity.name}` +
    (run.branch === null ? '' : ` on ${run.branch}`) +
    (before.notBefore === null ? '' : ` since ${new Date(before.notBefore).toISOString()}`);
  const result = await lookForRun(client, run, before.notBefore, criteria, lost, call);
  const { found } = result;
  if (found.kind === 'one') return found.item;
  if (found.kind === 'several') {
    const ids = found.items.map((item) => item.id);
    throw new LostCreateError(
      lost,
      `${ids.length} new runs ${which} could each be it (${ids.join(', ')})`,
      ids,
    );
  }
  throw new LostCreateError(
    lost,
    `no new run ${which} was found ${lookedFor(result.looks, result.waitedMs)}`,
  );
}

/** Looks for the run until found; a list that fails even after the transport's retries ends it. */
async function lookForRun(
  client: RunClient,
  run: RunToQueue,
  notBefore: number | null,
  criteria: RunCriteria,
  lost: LostCreate,
  call: RecoveryCall,
): Promise<{ found: Found<QueuedBuild>; looks: number; waitedMs: number }> {
  try {
    return await lookPatiently(
      async () =>
        matchOurRun(
          await runsSince(client.builds, run.project, run.definitionId, notBefore, call.signal),
          criteria,
        ),
      call.options,
      call.signal,
    );
  } catch (caught) {
    if (!isAzureDevOpsError(caught)) throw caught;
    throw new LostCreateError(lost, `its runs could not be listed (${caught.message})`);
  }
}

/** Who aztm is signed in as (fact sheet §8.3): runs it queued name this id as `requestedBy`. */
async function signedInIdentity(
  client: RunClient,
  lost: LostCreate,
  signal: AbortSignal | undefined,
): Promise<{ id: string; name: string }> {
  let id: string | undefined;
  let name: string | undefined;
  try {
    const user = (await client.location.getConnectionData({ signal })).authenticatedUser;
    id = user?.id;
    name = user?.providerDisplayName ?? user?.displayName ?? user?.uniqueName;
  } catch (caught) {
    if (!isAzureDevOpsError(caught)) throw caught;
    throw new LostCreateError(lost, `the signed-in identity could not be read (${caught.message})`);
  }
  if (id === undefined) {
    throw new LostCreateError(lost, 'the service did not say which identity aztm is signed in as');
  }
  return { id, name: name ?? id };
}

function lostCreate(client: RunClient, run: RunToQueue, error: AzureDevOpsError): LostCreate {
  return {
    noun: run.noun,
    definition: run.definition,
    // The definition's runs page (fact sheet §1.2, `pipeline.web`).
    listUrl: `${client.organization.url}/${encodeURIComponent(run.project)}/_build?definitionId=${run.definitionId}`,
    error,
  };
}

function queuedBy(run: QueuedBuild): string {
  const who = (run.requestedBy ?? run.requestedFor)?.displayName ?? 'aztm';
  return `queued by ${who}${run.queueTime ? ` at ${run.queueTime}` : ''}`;
}
