import type { TaskScript } from '../scenario/model.ts';
import type { Identity } from './build-record.ts';
import type { ForcedStageResult, ReleaseEnvironmentRecord } from './release-record.ts';
import { lastEventAt, planDeployment, type Plan, type PlannedTask } from './release-plan.ts';
import type {
  ApprovalState,
  ApprovalStatusName,
  DeploymentInterrupt,
  DeploymentState,
  DeploymentStatusName,
  EnvironmentStatusName,
  OperationStatusName,
  PhaseState,
  PhaseStatusName,
  TaskState,
  TaskStatusName,
} from './release-state-types.ts';

interface DeploymentInput {
  readonly env: ReleaseEnvironmentRecord;
  readonly requestedAt: number;
  readonly reason: 'automated' | 'manual';
  readonly requestedBy: Identity;
  /** The earliest interrupt at or after `requestedAt` and at or before `now`, if any. */
  readonly interrupt: DeploymentInterrupt | null;
  readonly now: number;
}

const TASK_STATUS_OF_RESULT = {
  succeeded: 'succeeded',
  succeededWithIssues: 'partiallySucceeded',
  failed: 'failed',
  canceled: 'canceled',
} as const satisfies Record<TaskScript['result'], TaskStatusName>;

const FORCED = {
  succeeded: {
    task: 'succeeded',
    phase: 'succeeded',
    approval: 'skipped',
    deployment: 'succeeded',
  },
  partiallySucceeded: {
    task: 'partiallySucceeded',
    phase: 'partiallySucceeded',
    approval: 'skipped',
    deployment: 'partiallySucceeded',
  },
  rejected: { task: 'failed', phase: 'failed', approval: 'rejected', deployment: 'failed' },
  canceled: {
    task: 'canceled',
    phase: 'canceled',
    approval: 'canceled',
    deployment: 'notDeployed',
  },
} as const satisfies Record<
  ForcedStageResult,
  {
    task: TaskStatusName;
    phase: PhaseStatusName;
    approval: ApprovalStatusName;
    deployment: DeploymentStatusName;
  }
>;

function taskAt(task: PlannedTask, at: number, cut: DeploymentInterrupt | null): TaskState {
  const { script } = task;
  if (task.skipped || at < task.start) {
    const skipped = cut !== null || (task.skipped && at >= task.start);
    const status = skipped ? 'skipped' : 'pending';
    return { script, status, startedAt: null, finishedAt: skipped ? at : null, logBodyLines: 0 };
  }
  if (at >= task.end) {
    const status = TASK_STATUS_OF_RESULT[script.result];
    return {
      script,
      status,
      startedAt: task.start,
      finishedAt: task.end,
      logBodyLines: script.log.length,
    };
  }
  // Running (or cut while running): the log is revealed in proportion to the elapsed time.
  const shown = Math.floor((script.log.length * (at - task.start)) / script.durationMs);
  const status = !cut ? 'inProgress' : cut.kind === 'force' ? FORCED[cut.result].task : 'canceled';
  return {
    script,
    status,
    startedAt: task.start,
    finishedAt: cut ? at : null,
    logBodyLines: Math.min(shown, script.log.length),
  };
}

function automatedApproval(id: number, type: ApprovalState['type'], at: number): ApprovalState {
  // A stage without approvers still shows an approval, automated and approved, as the service does.
  const status = 'approved';
  return {
    id,
    type,
    isAutomated: true,
    status,
    createdAt: at,
    modifiedAt: at,
    approvers: [],
    apiDecision: null,
    comments: '',
  };
}

interface Outcome {
  readonly environmentStatus: EnvironmentStatusName;
  readonly status: DeploymentStatusName;
  readonly operationStatus: OperationStatusName;
  readonly finishedAt: number | null;
}

function outcomeAt(p: Plan, at: number, cut: DeploymentInterrupt | null): Outcome {
  if (cut?.kind === 'cancel') {
    return {
      environmentStatus: 'canceled',
      status: 'notDeployed',
      operationStatus: 'canceled',
      finishedAt: at,
    };
  }
  if (cut?.kind === 'force') {
    const r = cut.result;
    const started = p.tasksStart !== null && at >= p.tasksStart;
    let operationStatus: OperationStatusName = 'canceled';
    if (r === 'succeeded' || r === 'partiallySucceeded') operationStatus = 'approved';
    else if (r === 'rejected') operationStatus = started ? 'phaseFailed' : 'rejected';
    return { environmentStatus: r, status: FORCED[r].deployment, operationStatus, finishedAt: at };
  }
  const open = (
    environmentStatus: EnvironmentStatusName,
    operationStatus: OperationStatusName,
  ): Outcome => ({
    environmentStatus,
    status: 'inProgress',
    operationStatus,
    finishedAt: null,
  });
  if (at < p.queueEnd) return open('queued', 'queued');
  // §12: while a pre-deploy approval waits, the stage is inProgress and the attempt `pending`.
  if (at < p.approvalDecidedAt) return open('inProgress', 'pending');
  if (at < p.end) return open('inProgress', 'phaseInProgress');
  const finishedAt = p.end;
  switch (p.result) {
    case 'rejected':
      return {
        environmentStatus: 'rejected',
        status: 'notDeployed',
        operationStatus: 'rejected',
        finishedAt,
      };
    case 'succeeded':
    case 'partiallySucceeded':
      // The automated post-deploy approval follows at once; the service then reports `Approved`.
      return {
        environmentStatus: p.result,
        status: p.result,
        operationStatus: 'approved',
        finishedAt,
      };
    case 'failed':
      // No `failed` EnvironmentStatus exists: a failed deployment shows as rejected (§4.2).
      return {
        environmentStatus: 'rejected',
        status: 'failed',
        operationStatus: 'phaseFailed',
        finishedAt,
      };
    case 'canceled':
      return {
        environmentStatus: 'canceled',
        status: 'notDeployed',
        operationStatus: 'phaseCanceled',
        finishedAt,
      };
  }
}

function phaseStatusAt(p: Plan, done: boolean, cut: DeploymentInterrupt | null): PhaseStatusName {
  if (cut) return cut.kind === 'force' ? FORCED[cut.result].phase : 'canceled';
  if (!done) return 'inProgress';
  if (p.result === 'succeeded' || p.result === 'partiallySucceeded') return p.result;
  return p.result === 'canceled' ? 'canceled' : 'failed';
}

/** The deployment of one stage at `input.now`, from its request time, script and interrupts. */
export function computeDeployment(input: DeploymentInput): DeploymentState {
  const { env, requestedAt } = input;
  const p = planDeployment(env, requestedAt);
  const cut = input.interrupt !== null && input.interrupt.at < p.end ? input.interrupt : null;
  const at = cut ? cut.at : input.now;

  let preApproval: ApprovalState | null = null;
  const script = env.deploy.approval;
  if (at >= p.queueEnd && !script) {
    preApproval = automatedApproval(env.preApprovalId, 'preDeploy', p.queueEnd);
  } else if (at >= p.queueEnd && script) {
    const decided = at >= p.approvalDecidedAt && p.approvalOutcome !== null;
    let status: ApprovalStatusName = decided && p.approvalOutcome ? p.approvalOutcome : 'pending';
    let modifiedAt = decided ? p.approvalDecidedAt : p.queueEnd;
    if (status === 'pending' && cut) {
      status = cut.kind === 'force' ? FORCED[cut.result].approval : 'canceled';
      modifiedAt = at;
    }
    const apiDecision = decided ? p.apiDecision : null;
    preApproval = {
      id: env.preApprovalId,
      type: 'preDeploy',
      isAutomated: false,
      status,
      createdAt: p.queueEnd,
      modifiedAt,
      approvers: script.approvers,
      apiDecision,
      comments: decided ? (apiDecision?.comment ?? script.comment) : '',
    };
  }

  let phase: PhaseState | null = null;
  if (p.tasksStart !== null && at >= p.tasksStart) {
    const done = at >= p.end;
    const status = phaseStatusAt(p, done, cut);
    const tasks = p.tasks.map((task) => taskAt(task, at, cut));
    phase = { status, startedAt: p.tasksStart, finishedAt: cut ? at : done ? p.end : null, tasks };
  }

  const outcome = outcomeAt(p, at, cut);
  const succeeded =
    outcome.environmentStatus === 'succeeded' || outcome.environmentStatus === 'partiallySucceeded';
  const postApproval =
    succeeded && outcome.finishedAt !== null
      ? automatedApproval(env.postApprovalId, 'postDeploy', outcome.finishedAt)
      : null;
  return {
    requestedAt,
    reason: input.reason,
    requestedBy: input.requestedBy,
    ...outcome,
    hasStarted: at >= p.queueEnd,
    preApproval,
    postApproval,
    phase,
    lastModifiedAt: outcome.finishedAt ?? lastEventAt(p, requestedAt, at),
  };
}
