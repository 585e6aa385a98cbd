/**
 * YAML pipeline approvals (docs/design/azure-devops.md §3). A waiting approval's id is the id of
 * its `Checkpoint.Approval` timeline record (§2.4); the 7.1 Approval has no link to its run.
 */
import { pipelineApproval } from './decode/pipelines.ts';
import { listAnswer } from './decode/read.ts';
import { projectApi, type CallOptions } from './paging.ts';
import type { Transport } from './transport.ts';
import type { PipelineApproval, PipelineApprovalUpdate } from './types.ts';

export interface ApprovalsClient {
  /** One approval with its steps (who may approve). */
  get(project: string, approvalId: string, options?: CallOptions): Promise<PipelineApproval>;
  /** Approvals by id, with their steps. */
  query(
    project: string,
    approvalIds: readonly string[],
    options?: CallOptions,
  ): Promise<PipelineApproval[]>;
  /** Approves or rejects; the body is an array, the field `comment` (§3, §11.5). */
  answer(
    project: string,
    updates: readonly PipelineApprovalUpdate[],
    options?: CallOptions,
  ): Promise<PipelineApproval[]>;
}

export function createApprovalsClient(
  transport: Transport,
  organizationUrl: string,
): ApprovalsClient {
  const api = (project: string, path = ''): string =>
    projectApi(organizationUrl, project, `pipelines/approvals${path}`);
  return {
    async get(project, approvalId, options = {}) {
      const answer = await transport.json(
        {
          method: 'GET',
          url: api(project, `/${encodeURIComponent(approvalId)}`),
          query: { $expand: 'steps' },
          signal: options.signal,
        },
        pipelineApproval,
      );
      return answer.body;
    },
    async query(project, approvalIds, options = {}) {
      if (approvalIds.length === 0) return [];
      const answer = await transport.json(
        {
          method: 'GET',
          url: api(project),
          query: { approvalIds, $expand: 'steps' },
          signal: options.signal,
        },
        listAnswer(pipelineApproval),
      );
      return answer.body;
    },
    async answer(project, updates, options = {}) {
      const answer = await transport.json(
        { method: 'PATCH', url: api(project), body: updates, signal: options.signal },
        listAnswer(pipelineApproval),
      );
      return answer.body;
    },
  };
}
