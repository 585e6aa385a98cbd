/**
 * The Build area (fact sheet §2): definitions, queueing, builds (pipeline runs too: same id),
 * cancel, timelines and logs.
 */
import {
  listAllPages,
  projectApi,
  valuesOf,
  type CallOptions,
  type RecentPageQuery,
} from './paging.ts';
import type { Transport } from './transport.ts';
import type {
  Build,
  BuildDefinition,
  BuildDefinitionReference,
  IdentityRef,
  ListOf,
  QueueBuildBody,
  Timeline,
} from './types.ts';

/** A build as the list returns it, with who queued it (fact sheet §2.2). */
export interface QueuedBuild extends Build {
  readonly requestedBy?: IdentityRef;
}

/** One page of a definition's builds, newest queued first. */
export interface RecentBuildsPage {
  readonly builds: QueuedBuild[];
  /** The `x-ms-continuationtoken` of the next page (fact sheet §0.3), or `null`. */
  readonly continuationToken: string | null;
}

export interface DefinitionFilter {
  /** Exact name; the service also takes `*` wildcards. */
  readonly name?: string;
  /** Folder, like `\Regression`. */
  readonly path?: string;
}

export interface LineRange {
  /** 1-based, inclusive (fact sheet §2.5). */
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
  /** Queues a build. Never retried unless the service certainly did not act (style.md rule 5). */
  queue(project: string, body: QueueBuildBody, options?: CallOptions): Promise<Build>;
  get(project: string, buildId: number, options?: CallOptions): Promise<Build>;
  /**
   * One page of a definition's builds (a pipeline's runs: same ids, fact sheet §1), newest
   * queued first, with `requestedBy` and `queueTime`.
   */
  listRecent(
    project: string,
    query: RecentPageQuery,
    options?: CallOptions,
  ): Promise<RecentBuildsPage>;
  /** PATCH `{"status": "cancelling"}` (fact sheet §2.3). */
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
  const get = async <T>(url: string, options: CallOptions, query = {}): Promise<T> =>
    (await transport.json<T>({ method: 'GET', url, query, signal: options.signal })).body;
  return {
    getDefinition: (project, definitionId, options = {}) =>
      get<BuildDefinition>(api(project, `definitions/${definitionId}`), options),
    listDefinitions: (project, filter, options = {}) =>
      listAllPages<BuildDefinitionReference>(transport, {
        method: 'GET',
        url: api(project, 'definitions'),
        query: { name: filter.name, path: filter.path },
        signal: options.signal,
      }),
    async queue(project, body, options = {}) {
      const answer = await transport.json<Build>({
        method: 'POST',
        url: api(project, 'builds'),
        body,
        signal: options.signal,
      });
      return answer.body;
    },
    get: (project, buildId, options = {}) => get<Build>(api(project, `builds/${buildId}`), options),
    async listRecent(project, query, options = {}) {
      const answer = await transport.json<ListOf<QueuedBuild>>({
        method: 'GET',
        url: api(project, 'builds'),
        query: {
          definitions: query.definitionId,
          queryOrder: 'queueTimeDescending',
          $top: query.top,
          continuationToken: query.continuationToken,
        },
        signal: options.signal,
      });
      return {
        builds: valuesOf(answer.body),
        continuationToken: answer.headers.get('x-ms-continuationtoken') || null,
      };
    },
    async cancel(project, buildId, options = {}) {
      const answer = await transport.json<Build>({
        method: 'PATCH',
        url: api(project, `builds/${buildId}`),
        body: { status: 'cancelling' },
        signal: options.signal,
      });
      return answer.body;
    },
    // The timeline id is optional on the server's route though the spec requires it (§2).
    getTimeline: (project, buildId, changeId, options = {}) =>
      get<Timeline>(api(project, `builds/${buildId}/timeline`), options, { changeId }),
    async getLogLines(project, buildId, logId, range = {}, options = {}) {
      const list = await get<ListOf<string>>(
        api(project, `builds/${buildId}/logs/${logId}`),
        options,
        {
          startLine: range.startLine,
          endLine: range.endLine,
        },
      );
      return valuesOf(list);
    },
  };
}
