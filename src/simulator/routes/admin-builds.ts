import { BuildResult, parseEnum, PipelineApprovalStatus } from '../../azdo/enums.ts';
import { formatAzureDate } from '../clock.ts';
import {
  cancelBuild,
  decidePipelineApproval,
  findPipelineApproval,
  forceFinishBuild,
} from '../engine/build-actions.ts';
import type { BuildRecord } from '../engine/build-record.ts';
import { computeBuildState, type PipelineApprovalView } from '../engine/build-state.ts';
import { badRequest, notFound, SimHttpError } from '../http/errors.ts';
import type { Route, RouteContext } from '../http/route.ts';
import { renderPipelineApproval } from '../render/approval-json.ts';
import { definitionOfRecord } from '../render/build-json.ts';
import { identityOf, namedIdentity } from '../render/common.ts';
import { renderTimeline } from '../render/timeline-json.ts';
import type { SimState } from '../state.ts';

/**
 * The simulator's own API for runs and builds (under `/_sim`, no sign-in): what tests and people
 * rehearsing a flow use to see every run, end one, or answer a YAML approval as its approver.
 */
export const adminBuildsRoutes: readonly Route[] = [
  {
    operation: 'Admin - Runs',
    method: 'GET',
    base: 'admin',
    template: 'runs',
    scope: null,
    handle: ({ state }) => {
      const value = [...state.builds.values()].map((build) => runSummary(state, build));
      return { status: 200, body: { count: value.length, value } };
    },
  },
  {
    operation: 'Admin - Run',
    method: 'GET',
    base: 'admin',
    template: 'runs/{id:int}',
    scope: null,
    handle: (context) => ({ status: 200, body: runDetail(context.state, adminBuild(context)) }),
  },
  {
    // As if someone deleted the run in the web UI: every later read of it answers 404
    // BuildNotFoundException, the service's answer for a build that does not exist (§5).
    operation: 'Admin - Delete run',
    method: 'DELETE',
    base: 'admin',
    template: 'runs/{id:int}',
    scope: null,
    handle: (context) => {
      context.state.deleteBuild(adminBuild(context).id);
      return { status: 204 };
    },
  },
  {
    operation: 'Admin - Finish run',
    method: 'POST',
    base: 'admin',
    template: 'runs/{id:int}/finish',
    scope: null,
    handle: (context) => {
      const { state, request } = context;
      const build = adminBuild(context);
      const raw = (request.body as { result?: unknown } | undefined)?.result;
      const result = parseEnum(BuildResult, raw);
      if (result === undefined || result === 'none') {
        throw badRequest(
          'InvalidRunResultException',
          'expected a body {"result": "succeeded" | "partiallySucceeded" | "failed" | "canceled"}',
        );
      }
      if (!forceFinishBuild(state, build, result)) {
        throw new SimHttpError(
          409,
          'RunAlreadyCompletedException',
          `run ${build.id} has already completed`,
        );
      }
      return { status: 200, body: runDetail(state, build) };
    },
  },
  {
    operation: 'Admin - Cancel run',
    method: 'POST',
    base: 'admin',
    template: 'runs/{id:int}/cancel',
    scope: null,
    handle: (context) => {
      const { state, identity } = context;
      const build = adminBuild(context);
      cancelBuild(state, build, identityOf(state, identity));
      return { status: 200, body: runDetail(state, build) };
    },
  },
  {
    operation: 'Admin - Answer approval',
    method: 'POST',
    base: 'admin',
    template: 'approvals/{approvalId}',
    scope: null,
    handle: (context) => {
      const { state, request } = context;
      const id = request.params.approvalId ?? '';
      const body = (request.body ?? {}) as { status?: unknown; comment?: unknown };
      const status = parseEnum(PipelineApprovalStatus, body.status);
      if (status !== 'approved' && status !== 'rejected') {
        throw badRequest(
          'InvalidApprovalUpdateException',
          'expected a body {"status": "approved" | "rejected", "comment": "..."}',
        );
      }
      const found = findPipelineApproval(state, id);
      if (!found) throw notFound('ApprovalNotFoundException', `no YAML approval with id ${id}`);
      // Answer as the approver the scenario names would.
      const approver = namedIdentity(state, found.approval.script.approvers[0] ?? 'Approver');
      const outcome = decidePipelineApproval(state, id, {
        status,
        comment: typeof body.comment === 'string' ? body.comment : '',
        identity: approver,
      });
      if (outcome.kind !== 'answered') {
        throw badRequest(
          'InvalidApprovalUpdateException',
          `approval ${id} is not pending: its status is '${found.approval.status}'`,
        );
      }
      return {
        status: 200,
        body: {
          buildId: outcome.found.build.id,
          approval: renderPipelineApproval(state, outcome.found.build, outcome.found.approval, {
            steps: true,
            permissions: false,
            canAnswer: true,
            withPipeline: false,
          }),
        },
      };
    },
  },
];

function adminBuild(context: RouteContext): BuildRecord {
  const id = Number(context.request.params.id);
  const build = context.state.builds.get(id);
  if (!build) throw notFound('BuildNotFoundException', `no run or build with id ${id}`);
  return build;
}

/** One line of the run list: enough for a test or a person to find a run and its request. */
function runSummary(state: SimState, build: BuildRecord): Record<string, unknown> {
  const computed = computeBuildState(build, state.now());
  const definition = definitionOfRecord(state, build);
  return {
    id: build.id,
    kind: build.kind,
    project: { id: definition.project.id, name: definition.project.name },
    definition: { id: definition.spec.id, name: definition.spec.name },
    buildNumber: build.buildNumber,
    status: computed.status,
    result: computed.result,
    sourceBranch: build.sourceBranch,
    variables: build.variables,
    templateParameters: build.templateParameters,
    stagesToSkip: build.stagesToSkip,
    webUrl: state.buildWebUrl(build.projectId, build.id),
    queuedAt: formatAzureDate(build.queuedAt),
    requestedBy: build.requestedBy.displayName,
    createdFrom: build.createdFrom,
    cancelRequestedAt:
      build.cancelRequestedAt === null ? null : formatAzureDate(build.cancelRequestedAt),
    forcedFinish: build.forcedFinish
      ? { at: formatAzureDate(build.forcedFinish.at), result: build.forcedFinish.result }
      : null,
  };
}

/** A run as the engine computes it now: times, approvals, logs and the full timeline. */
function runDetail(state: SimState, build: BuildRecord): Record<string, unknown> {
  const computed = computeBuildState(build, state.now());
  const date = (ms: number | null): string | null => (ms === null ? null : formatAzureDate(ms));
  return {
    ...runSummary(state, build),
    startTime: date(computed.startTime),
    finishTime: date(computed.finishTime),
    approvals: computed.approvals.map((approval: PipelineApprovalView) => ({
      id: approval.id,
      stage: approval.stageName,
      status: approval.status,
      approvers: approval.script.approvers,
      createdOn: formatAzureDate(approval.createdOn),
      decidedBy: approval.decision?.by ?? null,
      comment: approval.decision?.comment ?? null,
    })),
    logs: computed.logs.map((log) => ({
      id: log.id,
      recordId: log.recordId,
      lineCount: log.lineCount,
    })),
    timeline: renderTimeline(state, build, computed),
  };
}
