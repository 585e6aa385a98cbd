/**
 * One look at the runs that could be the one a lost create queued: the definition's runs since
 * the window's start, the candidates among them (run-match.ts), and for a pipeline run each
 * candidate read in full through the Pipelines API, the only one that shows a run's template
 * parameters (a build's GET leaves them out even where the same run's GET shows `{}`: recordings
 * build/pyado-build-14-succeeded.json and run/pyado-run-14-yamldetails.json, the same run 14).
 */
import type { BuildsClient } from '../azdo/builds.ts';
import { isAzureDevOpsError } from '../azdo/errors.ts';
import type { PipelinesClient } from '../azdo/pipelines.ts';
import type { Run } from '../azdo/types.ts';
import {
  compareRequest,
  judge,
  whyNotCandidate,
  type Judged,
  type RunRequest,
  type RunWindow,
  type Verdict,
} from './run-match.ts';
import { runsSince } from './run-window.ts';

/** More new runs of one identity within minutes than any real job queues: aztm cannot tell. */
const MAX_CANDIDATES = 10;

interface CandidatesClient {
  readonly builds: Pick<BuildsClient, 'listRecent'>;
  readonly pipelines: Pick<PipelinesClient, 'getRun'>;
}

interface CandidateSearch {
  readonly project: string;
  readonly window: RunWindow;
  readonly request: RunRequest;
  readonly signal: AbortSignal | undefined;
}

/**
 * A look, to call once per look: what the service shows now. Each candidate's run is read once
 * (what a run was queued with does not change); a read that fails leaves it unknown.
 */
export function candidateLook(
  client: CandidatesClient,
  search: CandidateSearch,
): () => Promise<Verdict> {
  const runs = new Map<number, Run | null>();
  const readRun = async (id: number): Promise<Run | null> => {
    if (search.request.templateParameters === null) return null;
    if (!runs.has(id)) {
      const { project, window } = search;
      const read = client.pipelines
        .getRun(project, window.definitionId, id, { signal: search.signal })
        .catch((error: unknown) => {
          if (isAzureDevOpsError(error)) return null;
          throw error;
        });
      runs.set(id, await read);
    }
    return runs.get(id) ?? null;
  };
  return async () => {
    const { project, window } = search;
    const listed = await runsSince(
      client.builds,
      project,
      window.definitionId,
      window.notBefore,
      search.signal,
    );
    const candidates = listed.filter((build) => whyNotCandidate(build, window) === null);
    if (candidates.length > MAX_CANDIDATES) {
      return judge(
        candidates.map((build) => ({
          shown: { build, run: null },
          comparison: { kind: 'unknown', why: `one of more than ${MAX_CANDIDATES} new runs` },
        })),
      );
    }
    const judged: Judged[] = [];
    for (const build of candidates) {
      const shown = { build, run: await readRun(build.id) };
      judged.push({ shown, comparison: compareRequest(shown, search.request) });
    }
    return judge(judged);
  };
}
