/**
 * Approvals as reporters see them (ApprovalView), and whether one is assigned to the identity aztm
 * signed in with. Only direct assignments count: an approval assigned to a group the caller
 * belongs to is not "assigned to the caller", so `--approve` never answers it on the strength of
 * a membership aztm cannot see (docs/design/anchor-tools.md: auto-approving is a trap).
 */
import type {
  ConnectionData,
  IdentityRef,
  PipelineApproval,
  ReleaseApproval,
} from '../azdo/types.ts';
import type { ApprovalView } from './snapshot.ts';

/**
 * Who aztm is signed in as: `connectionData.authenticatedUser` (docs/design/azure-devops.md §8.3).
 * Only its `id` says who it is: the real answer has no `displayName` or `uniqueName`, and the same
 * person's display name differs between APIs (§13 row 4).
 */
export interface Caller {
  readonly id: string;
}

export function callerOf(data: ConnectionData): Caller | null {
  const id = data.authenticatedUser?.id;
  return id ? { id } : null;
}

/** Whether `identity` is the caller: the same id (a GUID, in any letter case), never a name. */
export function isCaller(identity: IdentityRef | undefined, caller: Caller | null): boolean {
  if (!identity?.id || !caller) return false;
  return identity.id.toLowerCase() === caller.id.toLowerCase();
}

/**
 * A YAML approval (§3) as a view. Approvers are the assigned approvers of the steps still
 * pending (all steps when none says so); `url` is the run's page, where a person answers it.
 */
export function pipelineApprovalView(
  approval: PipelineApproval,
  url: string,
  caller: Caller | null,
): ApprovalView {
  const steps = approval.steps ?? [];
  const pending = steps.filter((step) => step.status === undefined || step.status === 'pending');
  const open = pending.length > 0 ? pending : steps;
  const approvers = open.map((step) => step.assignedApprover);
  return {
    id: approval.id,
    approvers: uniqueNames(approvers),
    ...(approval.instructions ? { instructions: approval.instructions } : {}),
    url,
    assignedToCaller: approvers.some((approver) => isCaller(approver, caller)),
  };
}

/**
 * The pending approvals of one release stage (§4.4) as one view. Its `id` is the approval that is
 * the caller's when there is one (the one `--approve` answers), else the first.
 */
export function releaseApprovalView(
  pending: readonly ReleaseApproval[],
  url: string,
  caller: Caller | null,
): ApprovalView | undefined {
  const first = pending[0];
  if (!first) return undefined;
  const callers = pending.find((approval) => isCaller(approval.approver, caller));
  return {
    id: String((callers ?? first).id),
    approvers: uniqueNames(pending.map((approval) => approval.approver)),
    url,
    assignedToCaller: callers !== undefined,
  };
}

function uniqueNames(identities: readonly (IdentityRef | undefined)[]): string[] {
  const names = identities
    .map((identity) => identity?.displayName ?? identity?.uniqueName)
    .filter((name): name is string => typeof name === 'string' && name !== '');
  return [...new Set(names)];
}
