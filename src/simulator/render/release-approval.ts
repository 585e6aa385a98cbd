import { formatAzureDate } from '../clock.ts';
import type { ReleaseEnvironmentRecord, ReleaseRecord } from '../engine/release-record.ts';
import type { ApprovalState } from '../engine/release-state-types.ts';
import type { ProjectSpec, ReleaseDefinitionSpec } from '../scenario/model.ts';
import type { SimState } from '../state.ts';
import { assignedApproverIdentity } from '../engine/approvers.ts';
import { identityRef } from './common.ts';
import {
  approverIdentity,
  releaseApprovalUrl,
  releaseDefinitionShallowReference,
  releaseEnvironmentUrl,
  releaseShallowReference,
} from './release-refs.ts';

export interface ReleaseApprovalContext {
  readonly project: ProjectSpec;
  readonly definition: ReleaseDefinitionSpec;
  readonly release: ReleaseRecord;
  readonly env: ReleaseEnvironmentRecord;
}

/**
 * `ReleaseApproval` (docs/design/azure-devops.md §4.4). A stage's approval is assigned to its first
 * scripted approver (the others are in the stage's approvals snapshot); automated approvals have no
 * approver. The service also sends `trialNumber`, which the spec does not define: left out.
 */
export function renderReleaseApproval(
  state: SimState,
  context: ReleaseApprovalContext,
  approval: ApprovalState,
): Record<string, unknown> {
  const { project, definition, release, env } = context;
  const body: Record<string, unknown> = {
    id: approval.id,
    revision: approval.status === 'pending' ? 1 : 2,
    approvalType: approval.type,
    createdOn: formatAzureDate(approval.createdAt),
    modifiedOn: formatAzureDate(approval.modifiedAt),
    status: approval.status,
    comments: approval.comments,
    isAutomated: approval.isAutomated,
    isNotificationOn: !approval.isAutomated,
    attempt: 1,
    rank: 1,
    history: [],
    release: releaseShallowReference(state, release),
    releaseDefinition: releaseDefinitionShallowReference(state, project, definition),
    releaseEnvironment: {
      id: env.id,
      name: env.name,
      url: releaseEnvironmentUrl(state, project.id, release.id, env.id),
      _links: {},
    },
    url: releaseApprovalUrl(state, project.id, approval.id),
  };
  const firstApprover = approval.approvers[0];
  if (firstApprover !== undefined) {
    const assigned = assignedApproverIdentity(state, firstApprover, (name) =>
      approverIdentity(state, name),
    );
    body.approver = identityRef(state, assigned);
  }
  if (approval.status === 'approved' || approval.status === 'rejected') {
    if (approval.apiDecision) body.approvedBy = identityRef(state, approval.apiDecision.identity);
    else if (firstApprover !== undefined) body.approvedBy = body.approver;
  }
  return body;
}
