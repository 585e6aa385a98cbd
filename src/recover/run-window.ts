/**
 * The runs of a definition around a create: listed just before it is sent (so that every run that
 * already existed is known), and again when its answer was lost (to find the new one). Both read
 * the Build API's list, newest queued first, which carries `requestedBy` and `queueTime` where the
 * Pipelines API's list carries neither (docs/design/azure-devops.md §1, §2.2).
 */
import type { BuildsClient } from '../azdo/builds.ts';
import type { QueuedBuild } from '../azdo/types.ts';
import { messageOf } from '../errors.ts';
import { isAzureDevOpsError } from '../azdo/errors.ts';
import { QUEUE_TIME_ALLOWANCE_MS, queueTimeOf } from './run-match.ts';

const PAGE_SIZE = 50;
/** 500 runs queued within a few minutes of each other is far beyond any real definition. */
const MAX_PAGES = 10;

/** What was known of the definition's runs before the create. */
export type RunsBefore =
  | {
      readonly kind: 'known';
      readonly ids: ReadonlySet<number>;
      /** The earliest queue time a new run can have (service's clock); `null`: there were none. */
      readonly notBefore: number | null;
    }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * Lists the runs that existed before the create: every run down to two minutes before the newest
 * one. A failure does not stop the create; it only means a lost answer cannot be resolved.
 */
export async function runsBeforeCreate(
  builds: Pick<BuildsClient, 'listRecent'>,
  project: string,
  definitionId: number,
  signal: AbortSignal | undefined,
): Promise<RunsBefore> {
  try {
    const window = await listWindow(builds, project, definitionId, 'fromNewest', signal);
    if (!window.complete) {
      return { kind: 'unknown', reason: `more than ${PAGE_SIZE * MAX_PAGES} recent runs` };
    }
    return {
      kind: 'known',
      ids: new Set(window.runs.map((run) => run.id)),
      notBefore: window.notBefore,
    };
  } catch (error) {
    if (!isAzureDevOpsError(error)) throw error;
    return { kind: 'unknown', reason: messageOf(error) };
  }
}

/** The runs queued at or after `notBefore` (all of them when `null`), newest first. */
export async function runsSince(
  builds: Pick<BuildsClient, 'listRecent'>,
  project: string,
  definitionId: number,
  notBefore: number | null,
  signal: AbortSignal | undefined,
): Promise<QueuedBuild[]> {
  return (await listWindow(builds, project, definitionId, notBefore, signal)).runs;
}

/**
 * Reads pages until one ends with a run queued before the window's start. `fromNewest`: the
 * window starts two minutes before the newest run the first page shows.
 */
async function listWindow(
  builds: Pick<BuildsClient, 'listRecent'>,
  project: string,
  definitionId: number,
  start: number | null | 'fromNewest',
  signal: AbortSignal | undefined,
): Promise<{ runs: QueuedBuild[]; notBefore: number | null; complete: boolean }> {
  const runs: QueuedBuild[] = [];
  let notBefore = start === 'fromNewest' ? null : start;
  let token: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await builds.listRecent(
      project,
      { definitionId, top: PAGE_SIZE, continuationToken: token },
      { signal },
    );
    if (page === 0 && start === 'fromNewest') notBefore = windowStart(answer.builds);
    runs.push(...answer.builds);
    token = answer.continuationToken;
    const last = answer.builds.at(-1);
    const lastTime = last === undefined ? null : queueTimeOf(last);
    const pastStart = notBefore !== null && lastTime !== null && lastTime < notBefore;
    if (token === null || pastStart) return { runs, notBefore, complete: true };
  }
  return { runs, notBefore, complete: false };
}

/** Two minutes before the newest queue time, or `null` when no run shows one. */
function windowStart(runs: readonly QueuedBuild[]): number | null {
  const times = runs.map(queueTimeOf).filter((time): time is number => time !== null);
  return times.length === 0 ? null : Math.max(...times) - QUEUE_TIME_ALLOWANCE_MS;
}
