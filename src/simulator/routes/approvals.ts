import { isAssignedApprover } from '../engine/approvers.ts';
import { parseEnum, PipelineApprovalStatus } from '../../azdo/enums.ts';
import {
  decidePipelineApproval,
  findPipelineApproval,
  listPipelineApprovals,
  type FoundApproval,
} from '../engine/build-actions.ts';
import type { SimHttpError } from '../http/errors.ts';
import type { Route, RouteContext } from '../http/route.ts';
import { renderPipelineApproval, type ApprovalRenderOptions } from '../render/approval-json.ts';
import { identityOf, listOf } from '../render/common.ts';
import { projectOfRoute } from './build-context.ts';
import { serviceError } from './build-errors.ts';
import { readCount } from './build-query.ts';

/**
 * Approvals of YAML pipelines (docs/design/azure-devops.md §3), computed from the runs' schedules.
 */
export const approvalsRoutes: readonly Route[] = [
  {
    operation: 'Approvals - Query',
    method: 'GET',
    base: 'org',
    template: '{project}/_apis/pipelines/approvals',
    scope: 'vso.build',
    handle: (context) => {
      const { query } = context.request;
      const ids = query.get('approvalIds');
      const wantedIds = ids ? new Set(ids.split(',').map((id) => id.trim().toLowerCase())) : null;
      const stateRaw = query.get('state');
      const status = stateRaw ? parseEnum(PipelineApprovalStatus, stateRaw) : undefined;
      if (stateRaw && status === undefined) {
        throw serviceError(
          400,
          'ArgumentException',
          `The value '${stateRaw}' of parameter 'state' is not valid.`,
        );
      }
      const users = query.get('userIds') ?? query.get('assignedTo');
      const wantedUsers = users ? users.split(',').map((u) => u.trim().toLowerCase()) : null;
      const top = readCount(query, 'top');
      const found = listPipelineApprovals(context.state, projectOfRoute(context).id)
        .filter(({ approval }) => !wantedIds || wantedIds.has(approval.id))
        .filter(({ approval }) => !status || status === 'all' || approval.status === status)
        .filter(
          ({ approval }) =>
            !wantedUsers || assignedTo(context, approval.script.approvers, wantedUsers),
        )
        .sort((a, b) => a.approval.createdOn - b.approval.createdOn || compareIds(a, b))
        .slice(0, top ?? undefined);
      const options = renderOptions(context);
      return {
        status: 200,
        body: listOf(found.map((item) => render(context, item, options))),
      };
    },
  },
  {
    operation: 'Approvals - Get',
    method: 'GET',
    base: 'org',
    template: '{project}/_apis/pipelines/approvals/{approvalId}',
    scope: 'vso.build',
    handle: (context) => {
      const id = context.request.params.approvalId ?? '';
      const found = findPipelineApproval(context.state, id, projectOfRoute(context).id);
      if (!found) throw approvalNotFound(id);
      return { status: 200, body: render(context, found, renderOptions(context)) };
    },
  },
  {
    operation: 'Approvals - Update',
    method: 'PATCH',
    base: 'org',
    template: '{project}/_apis/pipelines/approvals',
    scope: 'vso.build_execute',
    handle: (context) => {
      const { state, identity } = context;
      const projectId = projectOfRoute(context).id;
      const updates = readUpdates(context.request.body);
      // Check every update before answering any, so a bad one leaves all approvals as they were.
      const seen = new Set<string>();
      for (const update of updates) {
        const key = update.approvalId.toLowerCase();
        if (seen.has(key)) {
          throw serviceError(
            400,
            'InvalidApprovalUpdateException',
            `Approval ${update.approvalId} appears more than once in the request.`,
          );
        }
        seen.add(key);
        const found = findPipelineApproval(state, update.approvalId, projectId);
        if (!found) throw approvalNotFound(update.approvalId);
        if (found.approval.status !== 'pending') throw notPending(found);
        if (!isAssignedApprover(identity, found.approval.script.approvers)) {
          throw notAnApprover(identity.user, found);
        }
      }
      const answered = updates.map((update) => {
        const outcome = decidePipelineApproval(
          state,
          update.approvalId,
          { status: update.status, comment: update.comment, identity: identityOf(state, identity) },
          projectId,
        );
        if (outcome.kind === 'notFound') throw approvalNotFound(update.approvalId);
        if (outcome.kind === 'notPending') throw notPending(outcome.found);
        return outcome.found;
      });
      // The service answers with the steps expanded (spec httpExample of the update).
      const options = { ...renderOptions(context), steps: true };
      return { status: 200, body: listOf(answered.map((item) => render(context, item, options))) };
    },
  },
];

interface ApprovalUpdate {
  readonly approvalId: string;
  readonly status: 'approved' | 'rejected';
  readonly comment: string;
}

/**
 * The body is an array (docs/design/azure-devops.md §3, §11.5); `status` as a name in any case or a
 * number.
 */
function readUpdates(body: unknown): ApprovalUpdate[] {
  const invalid = (message: string): SimHttpError =>
    serviceError(400, 'InvalidApprovalUpdateException', message);
  if (!Array.isArray(body) || body.length === 0) {
    throw invalid(
      'The body must be a non-empty array of approval updates, like [{"approvalId": "<id>", "status": "approved", "comment": "..."}].',
    );
  }
  return body.map((item: unknown): ApprovalUpdate => {
    if (typeof item !== 'object' || item === null)
      throw invalid('Each approval update must be an object.');
    const { approvalId, status, comment, reassignTo } = item as Record<string, unknown>;
    if (typeof approvalId !== 'string' || approvalId.trim() === '') {
      throw invalid('Each approval update needs an approvalId.');
    }
    if (reassignTo !== undefined && reassignTo !== null) {
      throw invalid(
        'Reassigning approvals is not simulated: answer them with status approved or rejected.',
      );
    }
    const parsed = parseEnum(PipelineApprovalStatus, status);
    if (parsed !== 'approved' && parsed !== 'rejected') {
      throw invalid(
        `The status of an approval update must be 'approved' or 'rejected', got ${JSON.stringify(status)}.`,
      );
    }
    return {
      approvalId: approvalId.trim(),
      status: parsed,
      comment: typeof comment === 'string' ? comment : '',
    };
  });
}

function approvalNotFound(id: string): SimHttpError {
  return serviceError(
    404,
    'ApprovalNotFoundException',
    `Approval with id ${id} does not exist or you do not have permission to view it.`,
  );
}

/**
 * 403 for a caller who is not an assigned approver (docs/design/azure-devops.md §13 row 8). No
 * recording of this answer was found: the typeKey is the build service's 403 (§5,
 * AccessDeniedException) and the wording is [inferred].
 */
function notAnApprover(user: string, found: FoundApproval): SimHttpError {
  return serviceError(
    403,
    'AccessDeniedException',
    `User ${user} is not an approver of approval ${found.approval.id}: only its assigned approvers (${found.approval.script.approvers.join(', ')}) can approve or reject it.`,
  );
}

function notPending(found: FoundApproval): SimHttpError {
  return serviceError(
    400,
    'InvalidApprovalUpdateException',
    `Approval ${found.approval.id} cannot be updated because it is not pending: its status is '${found.approval.status}'.`,
  );
}

function renderOptions(context: RouteContext): ApprovalRenderOptions {
  const expand = (context.request.query.get('$expand') ?? 'none').toLowerCase();
  const version = /^(\d+)\.(\d+)/.exec(context.request.apiVersion ?? '');
  const major = Number(version?.[1] ?? 0);
  const minor = Number(version?.[2] ?? 0);
  return {
    steps: expand.includes('steps'),
    permissions: expand.includes('permissions'),
    canAnswer: context.identity.scopes.includes('vso.build_execute'),
    withPipeline: major > 7 || (major === 7 && minor >= 2),
  };
}

function render(
  context: RouteContext,
  { build, approval }: FoundApproval,
  options: ApprovalRenderOptions,
): Record<string, unknown> {
  return renderPipelineApproval(context.state, build, approval, options);
}

/** `userIds`: approvers by identity id or name; the simulator's approvers are named only. */
function assignedTo(
  context: RouteContext,
  approvers: readonly string[],
  wanted: readonly string[],
): boolean {
  return approvers.some((name) => {
    const id = context.state.guid(`identity:${name}`);
    return wanted.includes(name.toLowerCase()) || wanted.includes(id);
  });
}

function compareIds(a: FoundApproval, b: FoundApproval): number {
  return a.approval.id < b.approval.id ? -1 : a.approval.id > b.approval.id ? 1 : 0;
}
