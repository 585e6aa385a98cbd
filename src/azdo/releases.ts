/**
 * The Release area (docs/design/azure-devops.md §4), on the release host: vsrm on Services, the
 * collection URL on Server (§9). Definitions, releases, stage deploys and cancels, approvals and
 * task logs.
 */
import { listAnswer, type Reader } from './decode/read.ts';
import {
  release,
  releaseApproval,
  releaseDefinition,
  releaseEnvironment,
} from './decode/releases.ts';
import { listAllPages, projectApi, type CallOptions, type RecentPageQuery } from './paging.ts';
import type { Transport, TransportRequest } from './transport.ts';
import type {
  Release,
  ReleaseApproval,
  ReleaseApprovalStatus,
  ReleaseApprovalUpdate,
  ReleaseDefinition,
  ReleaseEnvironment,
  ReleaseEnvironmentUpdateMetadata,
  ReleaseStartMetadata,
} from './types.ts';

interface ReleaseDefinitionFilter {
  readonly searchText?: string;
  /** With `searchText`: the whole name, in any letter case, rather than a part of it. */
  readonly isExactNameMatch?: boolean;
  /** A folder and the folders below it. */
  readonly path?: string;
}

interface ReleaseApprovalFilter {
  readonly releaseIds: readonly number[];
  /** The service's default is `pending` (§4.4). */
  readonly status?: ReleaseApprovalStatus;
}

/** One page of a definition's releases, newest first. */
interface RecentReleasesPage {
  readonly releases: Release[];
  /** The next page's token (docs/design/azure-devops.md §0.3), or `null`. */
  readonly continuationToken: string | null;
}

export interface ReleasesClient {
  getDefinition(
    project: string,
    definitionId: number,
    options?: CallOptions,
  ): Promise<ReleaseDefinition>;
  /** Definitions matching the filter, all pages. */
  listDefinitions(
    project: string,
    filter: ReleaseDefinitionFilter,
    options?: CallOptions,
  ): Promise<ReleaseDefinition[]>;
  /** Creates a release. Never retried unless the service certainly did not act. */
  create(project: string, body: ReleaseStartMetadata, options?: CallOptions): Promise<Release>;
  /** One page of a definition's releases, newest first, each with its `description` (§4). */
  listRecent(
    project: string,
    query: RecentPageQuery,
    options?: CallOptions,
  ): Promise<RecentReleasesPage>;
  /** With `withTasks`, `$expand=tasks`: the deploy phases' tasks (for failures and logs). */
  get(
    project: string,
    releaseId: number,
    options?: CallOptions & { readonly withTasks?: boolean },
  ): Promise<Release>;
  /**
   * Deploys (`inProgress`) or cancels (`canceled`) a stage. `environmentId` is the release's
   * environment id, not the definition's (§4.3).
   */
  updateEnvironment(
    project: string,
    releaseId: number,
    environmentId: number,
    update: ReleaseEnvironmentUpdateMetadata,
    options?: CallOptions,
  ): Promise<ReleaseEnvironment>;
  listApprovals(
    project: string,
    filter: ReleaseApprovalFilter,
    options?: CallOptions,
  ): Promise<ReleaseApproval[]>;
  /** Approves or rejects; the field is `comments`, plural (§4.4). */
  answerApproval(
    project: string,
    approvalId: number,
    update: ReleaseApprovalUpdate,
    options?: CallOptions,
  ): Promise<ReleaseApproval>;
  /** A task's log as lines (the service answers text/plain). */
  getTaskLog(
    project: string,
    releaseId: number,
    environmentId: number,
    deployPhaseId: string | number,
    taskId: number,
    options?: CallOptions,
  ): Promise<string[]>;
}

export function createReleasesClient(
  transport: Transport,
  releaseUrl: (options: CallOptions) => Promise<string>,
): ReleasesClient {
  const api = async (project: string, path: string, options: CallOptions): Promise<string> =>
    projectApi(await releaseUrl(options), project, `release/${path}`);
  const json = async <T>(
    request: Omit<TransportRequest, 'url'> & { project: string; path: string },
    reader: Reader<T>,
  ): Promise<T> => {
    const url = await api(request.project, request.path, { signal: request.signal });
    return (await transport.json({ ...request, url }, reader)).body;
  };
  return {
    getDefinition: (project, definitionId, options = {}) =>
      json(
        { method: 'GET', project, path: `definitions/${definitionId}`, signal: options.signal },
        releaseDefinition,
      ),
    async listDefinitions(project, filter, options = {}) {
      return listAllPages(
        transport,
        {
          method: 'GET',
          url: await api(project, 'definitions', options),
          query: {
            searchText: filter.searchText,
            isExactNameMatch: filter.isExactNameMatch,
            path: filter.path,
          },
          signal: options.signal,
        },
        releaseDefinition,
      );
    },
    create: (project, body, options = {}) =>
      json({ method: 'POST', project, path: 'releases', body, signal: options.signal }, release),
    async listRecent(project, query, options = {}) {
      const answer = await transport.json(
        {
          method: 'GET',
          url: await api(project, 'releases', options),
          query: {
            definitionId: query.definitionId,
            queryOrder: 'descending',
            $top: query.top,
            continuationToken: query.continuationToken,
          },
          signal: options.signal,
        },
        listAnswer(release),
      );
      return {
        releases: answer.body,
        continuationToken: answer.headers.get('x-ms-continuationtoken') || null,
      };
    },
    get: (project, releaseId, options = {}) =>
      json(
        {
          method: 'GET',
          project,
          path: `releases/${releaseId}`,
          query: { $expand: options.withTasks ? 'tasks' : undefined },
          signal: options.signal,
        },
        release,
      ),
    updateEnvironment: (project, releaseId, environmentId, update, options = {}) =>
      json(
        {
          method: 'PATCH',
          project,
          path: `releases/${releaseId}/environments/${environmentId}`,
          body: update,
          signal: options.signal,
          // Asking twice to cancel a stage cancels it once; a deploy is sent once.
          repeatable: update.status === 'canceled',
        },
        releaseEnvironment,
      ),
    async listApprovals(project, filter, options = {}) {
      if (filter.releaseIds.length === 0) return [];
      return json(
        {
          method: 'GET',
          project,
          path: 'approvals',
          query: { releaseIdsFilter: filter.releaseIds, statusFilter: filter.status },
          signal: options.signal,
        },
        listAnswer(releaseApproval),
      );
    },
    answerApproval: (project, approvalId, update, options = {}) =>
      json(
        {
          method: 'PATCH',
          project,
          path: `approvals/${approvalId}`,
          body: update,
          signal: options.signal,
        },
        releaseApproval,
      ),
    async getTaskLog(project, releaseId, environmentId, deployPhaseId, taskId, options = {}) {
      const path = `releases/${releaseId}/environments/${environmentId}/deployPhases/${encodeURIComponent(String(deployPhaseId))}/tasks/${taskId}/logs`;
      const text = await transport.text({
        method: 'GET',
        url: await api(project, path, options),
        signal: options.signal,
      });
      return text === '' ? [] : text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
    },
  };
}
