/**
 * The Build area (docs/design/azure-devops.md §2): definitions, queueing, builds (pipeline runs
 * too: same id), cancel, timelines and logs.
 */
import {
  build,
  buildDefinition,
  buildDefinitionReference,
  queuedBuild,
  timeline,
} from './decode/builds.ts';
import { listAnswer, text, type Reader } from './decode/read.ts';
import { listAllPages, projectApi, type CallOptions, type RecentPageQuery } from './paging.ts';
import type { Transport, TransportRequest } from './transport.ts';
import type {
  Build,
  BuildDefinition,
  BuildDefinitionReference,
  QueueBuildBody,
  QueuedBuild,
  Timeline,
} from './types.ts';

/** One page of a definition's builds, newest queued first. */
interface RecentBuildsPage {
  readonly builds: QueuedBuild[];
  /**
   * The `x-ms-continuationtoken` of the next page (docs/design/azure-devops.md §0.3), or `null`.
   */
  readonly continuationToken: string | null;
}

interface DefinitionFilter {
  /** Exact name; the service also takes `*` wildcards. */
  readonly name?: string;
  /** Folder, like `\Regression`. */
  readonly path?: string;
}

interface LineRange {
  /** 1-based, inclusive (docs/design/azure-devops.md §2.5). */
  readonly startLine?: number;
  readonly endLine?: number;
}

export interface BuildsClient {
  getDefinition(
    project: string,
    definitionId: number,
    options?: CallOptions,
  ): Promise<BuildDefinition>;
  /** Definitions matching the filter, all pages. */
  listDefinitions(
    project: string,
    filter: DefinitionFilter,
    options?: CallOptions,
  ): Promise<BuildDefinitionReference[]>;
  /**
   * Queues a build. Never retried unless the service certainly did not act (docs/design/style.md
   * rule 5).
   */
  queue(project: string, body: QueueBuildBody, options?: CallOptions): Promise<Build>;
  get(project: string, buildId: number, options?: CallOptions): Promise<Build>;
  /**
   * One page of a definition's builds (a pipeline's runs: same ids,
   * docs/design/azure-devops.md §1), newest queued first, with `requestedBy` and `queueTime`.
   */
  listRecent(
    project: string,
    query: RecentPageQuery,
    options?: CallOptions,
  ): Promise<RecentBuildsPage>;
  /** PATCH `{"status": "cancelling"}` (docs/design/azure-devops.md §2.3). */
  cancel(project: string, buildId: number, options?: CallOptions): Promise<Build>;
  /** With `changeId`, only the records changed after it (§2.4). */
  getTimeline(
    project: string,
    buildId: number,
    changeId?: number,
    options?: CallOptions,
  ): Promise<Timeline>;
  /** A log's lines through the JSON form of the log resource (§2.5). */
  getLogLines(
    project: string,
    buildId: number,
    logId: number,
    range?: LineRange,
    options?: CallOptions,
  ): Promise<string[]>;
}

export function createBuildsClient(transport: Transport, organizationUrl: string): BuildsClient {
  const api = (project: string, path: string): string =>
    projectApi(organizationUrl, project, `build/${path}`);
  const call = async <T>(
    request: Omit<TransportRequest, 'signal'>,
    options: CallOptions,
    reader: Reader<T>,
  ): Promise<T> => (await transport.json({ ...request, signal: options.signal }, reader)).body;
  return {
    getDefinition: (project, definitionId, options = {}) =>
      call(
        { method: 'GET', url: api(project, `definitions/${definitionId}`) },
        options,
        buildDefinition,
      ),
    listDefinitions: (project, filter, options = {}) =>
      listAllPages(
        transport,
        {
          method: 'GET',
          url: api(project, 'definitions'),
          query: { name: filter.name, path: filter.path },
          signal: options.signal,
        },
        buildDefinitionReference,
      ),
    queue: (project, body, options = {}) =>
      call({ method: 'POST', url: api(project, 'builds'), body }, options, build),
    get: (project, buildId, options = {}) =>
      call({ method: 'GET', url: api(project, `builds/${buildId}`) }, options, build),
    async listRecent(project, query, options = {}) {
      const answer = await transport.json(
        {
          method: 'GET',
          url: api(project, 'builds'),
          query: {
            definitions: query.definitionId,
            queryOrder: 'queueTimeDescending',
            $top: query.top,
            continuationToken: query.continuationToken,
          },
          signal: options.signal,
        },
        listAnswer(queuedBuild),
      );
      return {
        builds: answer.body,
        continuationToken: answer.headers.get('x-ms-continuationtoken') || null,
      };
    },
    cancel: (project, buildId, options = {}) =>
      call(
        {
          method: 'PATCH',
          url: api(project, `builds/${buildId}`),
          body: { status: 'cancelling' },
          // Asking twice to cancel cancels once.
          repeatable: true,
        },
        options,
        build,
      ),
    // The timeline id is optional on the server's route though the spec requires it (§2).
    getTimeline: (project, buildId, changeId, options = {}) =>
      call(
        { method: 'GET', url: api(project, `builds/${buildId}/timeline`), query: { changeId } },
        options,
        timeline,
      ),
    getLogLines: (project, buildId, logId, range = {}, options = {}) =>
      call(
        {
          method: 'GET',
          url: api(project, `builds/${buildId}/logs/${logId}`),
          query: { startLine: range.startLine, endLine: range.endLine },
        },
        options,
        listAnswer(text),
      ),
  };
}
