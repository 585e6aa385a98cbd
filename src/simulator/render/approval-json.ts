import { assignedApproverIdentity } from '../engine/approvers.ts';
import { formatAzureDate } from '../clock.ts';
import type { BuildRecord, Identity } from '../engine/build-record.ts';
import type { PipelineApprovalView } from '../engine/build-state.ts';
import type { SimState } from '../state.ts';
import { projectUrl } from './build-json.ts';
import { identityRef, namedIdentity } from './common.ts';

export interface ApprovalRenderOptions {
  /** `$expand=steps`: the steps are listed; otherwise `steps` is empty (spec httpExamples). */
  readonly steps: boolean;
  /** `$expand=permissions`. */
  readonly permissions: boolean;
  /** Whether the caller may answer (scope vso.build_execute). */
  readonly canAnswer: boolean;
  /**
   * From api-version 7.2 the approval names its run in `pipeline` (docs/design/azure-devops.md §3).
   */
  readonly withPipeline: boolean;
}

/** `Approval` of a YAML pipeline (spec approvalsAndChecks, docs/design/azure-devops.md §3). */
export function renderPipelineApproval(
  state: SimState,
  build: BuildRecord,
  approval: PipelineApprovalView,
  options: ApprovalRenderOptions,
): Record<string, unknown> {
  const base = projectUrl(state, build.projectId);
  const permissions = options.canAnswer ? 'update' : 'view';
  return {
    id: approval.id,
    steps: options.steps ? renderSteps(state, approval, options.permissions && permissions) : [],
    status: approval.status,
    createdOn: formatAzureDate(approval.createdOn),
    lastModifiedOn: formatAzureDate(approval.lastModifiedOn),
    ...(approval.script.instructions ? { instructions: approval.script.instructions } : {}),
    executionOrder: 'anyOrder',
    minRequiredApprovers: 1,
    blockedApprovers: [],
    ...(options.permissions ? { permissions } : {}),
    ...(options.withPipeline
      ? {
          pipeline: {
            owner: {
              _links: { web: { href: state.buildWebUrl(build.projectId, build.id) } },
              id: build.id,
              name: build.buildNumber,
            },
            id: String(build.definitionId),
          },
        }
      : {}),
    _links: { self: { href: `${base}/_apis/pipelines/approvals/${approval.id}` } },
  };
}

/**
 * One step per approver the scenario names. Once answered, the approver who answered (matched by
 * identity id or name, else the first step) carries the answer and the other steps are `skipped`: one approval
 * is enough (`minRequiredApprovers: 1`) [unverified how the service shows the others].
 */
function renderSteps(
  state: SimState,
  approval: PipelineApprovalView,
  permissions: string | false,
): Record<string, unknown>[] {
  const { decision } = approval;
  const approvers = approval.script.approvers;
  const identities = approvers.map((name) =>
    assignedApproverIdentity(state, name, (other) => namedIdentity(state, other)),
  );
  // By identity id first (display names may differ, docs/design/azure-devops.md §13 row 4), then by
  // name.
  const answeredBy = (name: string, index: number): boolean =>
    decision !== null &&
    (identities[index]?.id === decision.identity?.id ||
      name.toLowerCase() === decision.by.toLowerCase());
  const answeredIndex = decision ? Math.max(0, approvers.findIndex(answeredBy)) : -1;
  return approvers.map((name, index) => {
    const assigned = identityRef(state, identities[index] ?? namedIdentity(state, name));
    const answered = index === answeredIndex && decision !== null;
    const status =
      approval.status === 'pending' || approval.status === 'canceled'
        ? approval.status
        : answered
          ? approval.status
          : 'skipped';
    const actual: Identity | null = answered
      ? (decision.identity ?? namedIdentity(state, decision.by))
      : null;
    return {
      assignedApprover: assigned,
      ...(actual ? { actualApprover: identityRef(state, actual) } : {}),
      status,
      ...(answered && decision.comment ? { comment: decision.comment } : {}),
      order: index + 1,
      ...(actual ? { lastModifiedBy: identityRef(state, actual) } : {}),
      initiatedOn: formatAzureDate(approval.createdOn),
      lastModifiedOn: formatAzureDate(approval.lastModifiedOn),
      history: [],
      ...(permissions ? { permissions } : {}),
    };
  });
}
