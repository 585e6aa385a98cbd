/**
 * Queueing a pipeline run or a build so that exactly one exists: the definition's runs are listed
 * before the create is sent, and when its answer may have come after the service acted, the new
 * run is looked for among them by the rules of run-match.ts. Found: it is the run aztm follows.
 * Not one new run of aztm's identity after every look: nothing was made, and the create is sent
 * again (call.ts). New runs that cannot be told from ours, or that differ from what aztm asked
 * for (ours may be among them, shown otherwise): exit 5, naming each.
 */
import type { BuildsClient } from '../azdo/builds.ts';
import { isAzureDevOpsError } from '../azdo/errors.ts';
import type { LocationClient } from '../azdo/location.ts';
import type { OrganizationUrl } from '../azdo/organization.ts';
import type { CallOptions } from '../azdo/paging.ts';
import type { PipelinesClient } from '../azdo/pipelines.ts';
import type { QueuedBuild, ReferenceLinks } from '../azdo/types.ts';
import { untilAborted } from '../abort.ts';
import { interruptedBeforeCreate, stopBeforeCreate } from '../interrupted.ts';
import { buildWebUrl, webUrl } from '../resolve/handle.ts';
import { createCallOptions, createUntilKnown, type RecoveryCall, type Recovered } from './call.ts';
import { runIntent, signedInIdentityId } from './create-intent.ts';
import {
  listCandidates,
  lookedFor,
  LostCreateError,
  type Candidate,
  type LostCreate,
} from './lost-create.ts';
import { lookPatiently } from './look.ts';
import { candidateLook } from './run-candidates.ts';
import type { Judged, RunRequest, RunWindow, Verdict } from './run-match.ts';
import { runsBeforeCreate, type RunsBefore } from './run-window.ts';

interface RunClient {
  readonly organization: OrganizationUrl;
  readonly builds: Pick<BuildsClient, 'listRecent'>;
  readonly pipelines: Pick<PipelinesClient, 'getRun'>;
  readonly location: Pick<LocationClient, 'getConnectionData'>;
}

interface RunToQueue {
  readonly project: string;
  readonly definitionId: number;
  readonly noun: 'pipeline run' | 'build';
  /** `folder\name`, for messages. */
  readonly definition: string;
  /** What the create asks for: a run is ours only when queued with all of it. */
  readonly request: RunRequest;
}

/** What the create answered, or what the lookup found in its place. */
export interface QueuedRun {
  readonly id: number;
  readonly links: ReferenceLinks | undefined;
  readonly number: string | undefined;
}

/**
 * Queues the run with `send` as its request options and returns it; `create` may be called again
 * (call.ts), each time the same.
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
  let identity: Identity | undefined;
  return createUntilKnown(
    () => create(send),
    {
      lost: (error) => ({
        noun: run.noun,
        definition: run.definition,
        // The definition's runs page (docs/design/azure-devops.md §1.2, `pipeline.web`).
        listUrl: `${client.organization.url}/${encodeURIComponent(run.project)}/_build?definitionId=${run.definitionId}`,
        error,
      }),
      look: async (lost, sends) => {
        const search = { lost, sends, call };
        identity ??= await signedInIdentity(client, search);
        return findQueuedRun(client, run, before, identity, search);
      },
    },
    call,
  );
}

interface Identity {
  readonly id: string;
  readonly name: string;
}

interface Search {
  readonly lost: LostCreate;
  readonly sends: number;
  readonly call: RecoveryCall;
}

async function findQueuedRun(
  client: RunClient,
  run: RunToQueue,
  before: RunsBefore,
  identity: Identity,
  search: Search,
): Promise<Recovered<QueuedRun>> {
  const { lost, sends, call } = search;
  if (before.kind === 'unknown') {
    throw new LostCreateError(
      lost,
      `its recent runs could not be listed before the request was sent (${before.reason}), so a new run cannot be told from an older one`,
      { sends },
    );
  }
  const window: RunWindow = {
    definitionId: run.definitionId,
    identityId: identity.id,
    knownIds: before.ids,
    notBefore: before.notBefore,
  };
  const which =
    `queued by ${identity.name}` +
    (before.notBefore === null ? '' : ` since ${new Date(before.notBefore).toISOString()}`);
  const look = candidateLook(client, {
    project: run.project,
    window,
    request: run.request,
    signal: call.signal,
  });
  let looked;
  try {
    looked = await lookPatiently(
      look,
      (verdict: Verdict) => verdict.kind === 'ours' || verdict.kind === 'cannotTell',
      call.options,
      call.signal,
    );
  } catch (caught) {
    // A list that fails even after the transport's retries ends the search.
    if (!isAzureDevOpsError(caught)) throw caught;
    throw new LostCreateError(lost, `its runs could not be listed (${caught.message})`, { sends });
  }
  const verdict = looked.found;
  switch (verdict.kind) {
    case 'ours': {
      const { build } = verdict.run;
      return {
        kind: 'found',
        item: { id: build.id, links: build._links, number: build.buildNumber },
        what: `${run.noun} ${build.id}`,
        how: `${queuedBy(build)}, with what aztm asked for`,
      };
    }
    case 'none':
      return {
        kind: 'nothing',
        reason: `no new run ${which} was found ${lookedFor(looked.looks, looked.waitedMs)}`,
      };
    case 'others':
    case 'cannotTell': {
      const candidates = verdict.candidates.map((judged) => candidateOf(client, run, judged));
      const count =
        candidates.length === 1 ? `1 new run ${which}` : `${candidates.length} new runs ${which}`;
      const one = candidates.length === 1;
      // Each differs as shown, yet aztm's own may be among them, shown otherwise than it was
      // asked (a default filled in, a value respelled): so it is not sent again either.
      const reason =
        verdict.kind === 'others'
          ? `${count} ${one ? 'was' : 'were'} found ${lookedFor(looked.looks, looked.waitedMs)}, none shown with what aztm asked for, yet its own may be among them: ${listCandidates(candidates)}`
          : `${count} could ${one ? '' : 'each '}be it: ${listCandidates(candidates)}`;
      throw new LostCreateError(lost, reason, { candidates, sends });
    }
  }
}

function candidateOf(client: RunClient, run: RunToQueue, judged: Judged): Candidate {
  const { build } = judged.shown;
  const url = webUrl(build._links, buildWebUrl(client, run.project, build.id));
  const { comparison } = judged;
  switch (comparison.kind) {
    case 'same':
      return { id: build.id, url };
    case 'differs':
      return { id: build.id, url, note: comparison.how };
    case 'unknown':
      return { id: build.id, url, note: `cannot be compared: ${comparison.why}` };
  }
}

/**
 * Who aztm is signed in as (docs/design/azure-devops.md §8.3): runs it queued name this id as
 * `requestedBy`.
 */
async function signedInIdentity(client: RunClient, search: Search): Promise<Identity> {
  const { lost, sends, call } = search;
  let id: string | undefined;
  let name: string | undefined;
  try {
    const user = (await client.location.getConnectionData({ signal: call.signal }))
      .authenticatedUser;
    id = user?.id;
    name = user?.providerDisplayName ?? user?.displayName ?? user?.uniqueName;
  } catch (caught) {
    if (!isAzureDevOpsError(caught)) throw caught;
    throw new LostCreateError(
      lost,
      `the signed-in identity could not be read (${caught.message})`,
      { sends },
    );
  }
  if (id === undefined) {
    throw new LostCreateError(lost, 'the service did not say which identity aztm is signed in as', {
      sends,
    });
  }
  return { id, name: name ?? id };
}

function queuedBy(run: QueuedBuild): string {
  const who = (run.requestedBy ?? run.requestedFor)?.displayName ?? 'aztm';
  return `queued by ${who}${run.queueTime ? ` at ${run.queueTime}` : ''}`;
}
