import type { ApprovalScript } from '../scenario/model.ts';
import type { BuildRecord, Identity } from './build-record.ts';
import { after, compareMoments, later, moment, NEVER, type Moment } from './build-moment.ts';
import type { PlannedRecord, StagePlan } from './build-plan.ts';

/** A YAML approval as the schedule decides it, whatever the clock says. */
export interface PlannedApproval {
  readonly id: string;
  readonly buildId: number;
  readonly stageName: string;
  readonly stageDisplayName: string;
  readonly script: ApprovalScript;
  /**
   * The Checkpoint.Approval record; the approval id is its id (docs/design/azure-devops.md §2.4).
   */
  readonly record: Readonly<PlannedRecord>;
  readonly createdAt: Moment;
  /** `pending` here means nobody ever answers it. */
  status: 'pending' | 'approved' | 'rejected' | 'canceled';
  decidedAt: Moment;
  decision: { readonly by: string; readonly comment: string; readonly identity?: Identity } | null;
}

/**
 * Decides a stage's approval from its script and the answers given through the APIs: the
 * earliest answer wins. Decisions given through an API rank by the order they were given (see
 * build-moment.ts), so their effects sort after anything already seen at the same millisecond.
 */
export function decideApproval(
  build: BuildRecord,
  plan: StagePlan,
  createdAt: Moment,
  decisionRanks: ReadonlyMap<string, number>,
): PlannedApproval {
  const record = plan.approval as PlannedRecord;
  const script = plan.script.approval as ApprovalScript;
  const approval: PlannedApproval = {
    id: record.id,
    buildId: build.id,
    stageName: plan.script.name,
    stageDisplayName: plan.script.displayName,
    script,
    record,
    createdAt,
    status: 'pending',
    decidedAt: NEVER,
    decision: null,
  };
  // The scripted answer comes `afterMs` after the request, unless an API answered first.
  if (script.outcome !== 'pending') {
    approval.status = script.outcome;
    approval.decidedAt = after(createdAt, script.afterMs);
    approval.decision = { by: script.approvers[0] ?? 'Approver', comment: script.comment };
  }
  const given = build.approvalDecisions.get(record.id);
  if (given) {
    const at = later(createdAt, moment(given.at, decisionRanks.get(record.id) ?? 1));
    if (compareMoments(at, approval.decidedAt) < 0) {
      approval.status = given.status;
      approval.decidedAt = at;
      approval.decision = {
        by: given.by,
        comment: given.comment,
        ...(given.identity ? { identity: given.identity } : {}),
      };
    }
  }
  return approval;
}
