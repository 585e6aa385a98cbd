/**
 * Approvals as reporters see them (ApprovalView), and whether one is assigned to the identity aztm
 * signed in with. Only direct assignments count: an approval assigned to a group the caller
 * belongs to is not "assigned to the caller", so `--approve` never answers it on the strength of
 * a membership aztm cannot see (anchor-tools.md: auto-approving is a trap).
 */
import type {
  ConnectionData,
  IdentityRef,
  PipelineApproval,
  ReleaseApproval,
} from '../azdo/types.ts';
import type { ApprovalView } from './snapshot.ts';

/** Who aztm is signed in as: `connectionData.authenticatedUser` (fact sheet §8.3). */
export interface Caller {
  readonly id?: string;
  readonly uniqueName?: string;
  /** Its display name(s): `displayName` and the location service's `providerDisplayName`. */
  readonly displayNames: readonly string[];
}

export function callerOf(data: ConnectionData): Caller | null {
  const user = data.authenticatedUser;
  if (!user) return null;
  const names = [user.displayName, user.providerDisplayName].filter(
    (name): name is string => typeof name === 'string' && name !== '',
  );
  return {
    ...(user.id ? { id: user.id } : {}),
    ...(user.uniqueName ? { uniqueName: user.uniqueName } : {}),
    displayNames: names,
  };
}

const same = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a !== '' && a.toLowerCase() === b.toLowerCase();

/** Whether `identity` is the caller: same id, same unique name, or same display name. */
export function isCaller(identity: IdentityRef | undefined, caller: Caller | null): boolean {
  if (!identity || !caller) return false;
  return (
    same(identity.id, caller.id) ||
    same(identity.uniqueName, caller.uniqueName) ||
    caller.displayNames.some((name) => same(identity.displayName, name))
  );
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
