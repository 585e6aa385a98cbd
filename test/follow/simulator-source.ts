/**
 * A minimal FollowSource over fetch, against the simulator: test code only (the product's client
 * lives in src/azdo). No retries, so an injected fault reaches `follow()` as a failed read, as a
 * fault outlasting the real client's retries would. Errors are the client's AzureDevOpsError.
 */
import { AzureDevOpsError, errorFromAnswer } from '../../src/azdo/errors.ts';
import type {
  Build,
  ConnectionData,
  PipelineApproval,
  Release,
  ReleaseApproval,
  Timeline,
} from '../../src/azdo/types.ts';
import type { FollowSource } from '../../src/follow/source.ts';
import type { TokenSpec } from '../../src/simulator/scenario/model.ts';
import type { TestSimulator } from '../helpers/simulator.ts';

const API = 'api-version=7.1';

export interface SimulatorSource extends FollowSource {
  /** `METHOD path?query` of every request sent, in order. */
  readonly requests: string[];
}

export function simulatorSource(sim: TestSimulator, token: TokenSpec = sim.token): SimulatorSource {
  const requests: string[] = [];
  const authorization =
    token.kind === 'pat'
      ? `Basic ${Buffer.from(`:${token.value}`).toString('base64')}`
      : `Bearer ${token.value}`;

  async function send(
    method: string,
    url: string,
    options: { json?: unknown; accept?: string } = {},
  ): Promise<string> {
    const parsed = new URL(url);
    requests.push(`${method} ${parsed.pathname}${parsed.search}`);
    const headers: Record<string, string> = {
      authorization,
      accept: options.accept ?? 'application/json',
      // As every Node auth handler does: a refused token gets 401, not a sign-in page (§5).
      'x-tfs-fedauthredirect': 'Suppress',
    };
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const request = { method, url };
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
      });
    } catch (cause) {
      throw new AzureDevOpsError(`no answer from ${url}`, {
        kind: 'network',
        request,
        status: null,
        cause,
      });
    }
    const text = await response.text();
    if (response.status !== 200) throw errorFromAnswer(request, response.status, text);
    return text;
  }

  const json = async <T>(method: string, url: string, body?: unknown): Promise<T> =>
    JSON.parse(await send(method, url, body === undefined ? {} : { json: body })) as T;
  const org = (project: string, path: string, query = ''): string =>
    `${sim.organizationUrl}/${encodeURIComponent(project)}/_apis/${path}?${API}${query}`;
  const vsrm = (project: string, path: string, query = ''): string =>
    `${sim.releaseUrl}/${encodeURIComponent(project)}/_apis/release/${path}?${API}${query}`;

  return {
    requests,
    getBuild: (project, id) => json<Build>('GET', org(project, `build/builds/${id}`)),
    getTimeline: (project, id, changeId) =>
      json<Timeline>(
        'GET',
        org(
          project,
          `build/builds/${id}/timeline`,
          changeId === undefined ? '' : `&changeId=${changeId}`,
        ),
      ),
    getBuildLogLines: async (project, id, logId, range = {}) => {
      const query = [
        range.startLine === undefined ? '' : `&startLine=${range.startLine}`,
        range.endLine === undefined ? '' : `&endLine=${range.endLine}`,
      ].join('');
      const answer = await json<{ value: string[] }>(
        'GET',
        org(project, `build/builds/${id}/logs/${logId}`, query),
      );
      return answer.value;
    },
    getPipelineApproval: (project, id) =>
      json<PipelineApproval>('GET', org(project, `pipelines/approvals/${id}`, '&$expand=steps')),
    answerPipelineApproval: async (project, approvalId, status, comment) => {
      const answer = await json<{ value: PipelineApproval[] }>(
        'PATCH',
        org(project, 'pipelines/approvals'),
        [{ approvalId, status, comment }],
      );
      const approval = answer.value[0];
      if (!approval) throw new Error('the approvals PATCH answered no approval');
      return approval;
    },
    cancelBuild: (project, id) =>
      json<Build>('PATCH', org(project, `build/builds/${id}`), { status: 'cancelling' }),
    getRelease: (project, id, options = {}) =>
      json<Release>(
        'GET',
        vsrm(project, `releases/${id}`, options.withTasks === true ? '&$expand=tasks' : ''),
      ),
    getReleaseTaskLog: async (project, releaseId, environmentId, phaseId, taskId) => {
      const path = `releases/${releaseId}/environments/${environmentId}/deployPhases/${phaseId}/tasks/${taskId}/logs`;
      const text = await send('GET', vsrm(project, path), { accept: 'text/plain' });
      return text === '' ? [] : text.split('\n');
    },
    answerReleaseApproval: (project, approvalId, status, comments) =>
      json<ReleaseApproval>('PATCH', vsrm(project, `approvals/${approvalId}`), {
        status,
        comments,
      }),
    updateReleaseEnvironment: (project, releaseId, environmentId, status, comment) =>
      json<unknown>('PATCH', vsrm(project, `releases/${releaseId}/environments/${environmentId}`), {
        status,
        comment,
      }),
    getConnectionData: () =>
      json<ConnectionData>('GET', `${sim.organizationUrl}/_apis/connectionData`),
  };
}
