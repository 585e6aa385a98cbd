import { parseEnum, ReleaseApprovalStatus, ReleaseApprovalType } from '../../azdo/enums.ts';
import { decideReleaseApproval } from '../engine/release-actions.ts';
import { findReleaseDefinition } from '../engine/release-lookup.ts';
import { computeReleaseState } from '../engine/release-state.ts';
import { describeValue, isObject } from '../engine/release-variables.ts';
import { badRequest } from '../http/errors.ts';
import type { Route, RouteContext } from '../http/route.ts';
import { identityOf, listOf } from '../render/common.ts';
import { renderReleaseApproval } from '../render/release-approval.ts';
import { intPathParam, ok, projectOf } from './release-context.ts';
import { enumParam, intListParam, intParam, ReleaseQueryOrder } from './release-query.ts';

/** `Approvals - List` and `Approvals - Update` (docs/design/azure-devops.md §4.4). */
export const releaseApprovalRoutes: readonly Route[] = [
  {
    operation: 'Approvals - List',
    method: 'GET',
    base: 'release',
    template: '{project}/_apis/release/approvals',
    scope: 'vso.release',
    handle: (context) => listApprovals(context),
  },
  {
    operation: 'Approvals - Update',
    method: 'PATCH',
    base: 'release',
    template: '{project}/_apis/release/approvals/{approvalId:int}',
    scope: 'vso.release_manage',
    handle: (context) => {
      const { state } = context;
      const project = projectOf(context);
      const body = context.request.body;
      const status = isObject(body) ? parseEnum(ReleaseApprovalStatus, body.status) : undefined;
      if (status !== 'approved' && status !== 'rejected') {
        // [unverified] text.
        throw badRequest(
          'InvalidRequestException',
          `'${describeValue(isObject(body) ? body.status : body)}' is not an answer to an approval: send {"status": "approved" | "rejected", "comments": "..."}.`,
        );
      }
      // The field is `comments`, plural (§4.4); pipeline approvals use `comment`.
      const comments = isObject(body) && typeof body.comments === 'string' ? body.comments : '';
      const { release, env, approval } = decideReleaseApproval(
        state,
        intPathParam(context, 'approvalId'),
        { status, comments, by: identityOf(state, context.identity) },
        { projectId: project.id, checkCreator: true, caller: context.identity },
      );
      const definition = findReleaseDefinition(project, release.definitionId);
      return ok(renderReleaseApproval(state, { project, definition, release, env }, approval));
    },
  },
];

/**
 * Approvals of the project's releases. `statusFilter` defaults to pending (§4.4). Automated
 * approvals are not listed: they are assigned to nobody [unverified].
 */
function listApprovals(context: RouteContext): ReturnType<typeof ok> {
  const { state, request } = context;
  const { query } = request;
  const project = projectOf(context);
  const status = enumParam(query, 'statusFilter', ReleaseApprovalStatus) ?? 'pending';
  const type = enumParam(query, 'typeFilter', ReleaseApprovalType) ?? 'all';
  const releaseIds = intListParam(query, 'releaseIdsFilter');
  const requestedTop = intParam(query, 'top');
  const top = requestedTop !== undefined && requestedTop > 0 ? requestedTop : 50;
  const token = intParam(query, 'continuationToken');
  const order = enumParam(query, 'queryOrder', ReleaseQueryOrder) ?? 'descending';
  const assignedTo = query.get('assignedToFilter')?.trim().toLowerCase() ?? '';
  const now = state.now();

  const found: { approval: Record<string, unknown>; id: number }[] = [];
  for (const release of state.releases.values()) {
    if (release.projectId !== project.id) continue;
    if (releaseIds && !releaseIds.includes(release.id)) continue;
    const definition = findReleaseDefinition(project, release.definitionId);
    for (const env of computeReleaseState(release, now).environments) {
      for (const approval of [env.deployment?.preApproval, env.deployment?.postApproval]) {
        if (!approval || approval.isAutomated) continue;
        if (status !== 'undefined' && approval.status !== status) continue;
        if (type !== 'all' && type !== 'undefined' && approval.type !== type) continue;
        if (assignedTo && !approval.approvers.some((name) => name.toLowerCase() === assignedTo)) {
          continue;
        }
        if (token && (order === 'descending' ? approval.id > token : approval.id < token)) continue;
        const context = { project, definition, release, env: env.record };
        found.push({ id: approval.id, approval: renderReleaseApproval(state, context, approval) });
      }
    }
  }
  found.sort((a, b) => (order === 'descending' ? b.id - a.id : a.id - b.id));
  const next = found[top];
  const value = found.slice(0, top).map((entry) => entry.approval);
  return ok(listOf(value), next ? { 'x-ms-continuationtoken': String(next.id) } : undefined);
}
