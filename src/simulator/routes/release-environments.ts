import { EnvironmentStatus, parseEnum } from '../../azdo/enums.ts';
import {
  cancelReleaseStage,
  deployReleaseStage,
  environmentStateNow,
} from '../engine/release-actions.ts';
import { releaseJobLogLines, releaseTaskLogLines } from '../engine/release-logs.ts';
import { findReleaseEnvironment } from '../engine/release-lookup.ts';
import { computeReleaseState } from '../engine/release-state.ts';
import { describeValue, isObject, readVariableOverrides } from '../engine/release-variables.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { requirePermission } from '../http/permissions.ts';
import type { Route, RouteContext } from '../http/route.ts';
import { identityOf } from '../render/common.ts';
import {
  DEFAULT_ENVIRONMENT_VIEW,
  renderReleaseEnvironment,
  type ReleaseEnvironmentView,
} from '../render/release-environment.ts';
import { intPathParam, ok, releaseContextOf } from './release-context.ts';
import { flagsParam, intParam, SingleReleaseExpands } from './release-query.ts';

const ENVIRONMENT_TEMPLATE =
  '{project}/_apis/release/releases/{releaseId:int}/environments/{environmentId:int}';

/** The stage at the current simulated time, rendered. */
function renderEnvironmentNow(context: RouteContext, view: ReleaseEnvironmentView): unknown {
  const release = releaseContextOf(context);
  const env = findReleaseEnvironment(release.release, intPathParam(context, 'environmentId'));
  const releaseState = computeReleaseState(release.release, context.state.now());
  const envState = releaseState.environments.find((candidate) => candidate.record.id === env.id);
  if (!envState)
    throw new Error(`stage ${env.id} missing from the state of release ${release.release.id}`);
  return renderReleaseEnvironment(context.state, release, releaseState, envState, view);
}

/**
 * `Releases - Get/Update Release Environment` and `Releases - Get Task Log`
 * (docs/design/azure-devops.md §4.3).
 */
export const releaseEnvironmentRoutes: readonly Route[] = [
  {
    operation: 'Releases - Get Release Environment',
    method: 'GET',
    base: 'release',
    template: ENVIRONMENT_TEMPLATE,
    scope: 'vso.release',
    handle: (context) => {
      const expand = flagsParam(context.request.query, '$expand', SingleReleaseExpands);
      const view = { ...DEFAULT_ENVIRONMENT_VIEW, tasks: expand?.has('tasks') ?? false };
      return ok(renderEnvironmentNow(context, view));
    },
  },
  {
    operation: 'Releases - Update Release Environment',
    method: 'PATCH',
    base: 'release',
    template: ENVIRONMENT_TEMPLATE,
    scope: 'vso.release_execute',
    handle: (context) => {
      updateEnvironment(context);
      // After a deploy the answer already says `queued` (§4.3, httpExample).
      return ok(renderEnvironmentNow(context, DEFAULT_ENVIRONMENT_VIEW));
    },
  },
  {
    operation: 'Releases - Get Task Log',
    method: 'GET',
    base: 'release',
    template: `${ENVIRONMENT_TEMPLATE}/deployPhases/{releaseDeployPhaseId:int}/tasks/{taskId:int}/logs`,
    scope: 'vso.release',
    handle: (context) => {
      const lines = taskLog(context);
      const { query } = context.request;
      // 1-based and inclusive, like the build logs (§2.5).
      const start = Math.max(intParam(query, 'startLine') ?? 1, 1);
      const end = intParam(query, 'endLine') ?? lines.length;
      const text = lines.slice(start - 1, Math.max(end, start - 1)).join('\n');
      return { status: 200, text };
    },
  },
];

/** `ReleaseEnvironmentUpdateMetadata`: inProgress deploys, canceled cancels (§4.3). */
function updateEnvironment(context: RouteContext): void {
  const { state } = context;
  const { release, definition } = releaseContextOf(context);
  const env = findReleaseEnvironment(release, intPathParam(context, 'environmentId'));
  if (context.project) {
    const subject = `stage ${env.name} of ${release.name}`;
    requirePermission(context.identity, 'manageDeployments', context.project, subject);
  }
  const body = context.request.body;
  const invalid = (message: string) => badRequest('InvalidRequestException', message);
  if (!isObject(body)) {
    throw badRequest(
      'ArgumentNullException',
      'Value cannot be null.\r\nParameter name: environmentUpdateData',
    );
  }
  const status = parseEnum(EnvironmentStatus, body.status);
  if (status !== 'inProgress' && status !== 'canceled') {
    throw invalid(
      `'${describeValue(body.status)}' is not a status a stage can be set to: use inProgress to deploy it or canceled to cancel its deployment.`,
    );
  }
  if (body.scheduledDeploymentTime !== undefined && body.scheduledDeploymentTime !== null) {
    throw invalid(
      'The simulator does not schedule deployments: send scheduledDeploymentTime null.',
    );
  }
  const by = identityOf(state, context.identity);
  const comment = typeof body.comment === 'string' ? body.comment : '';
  if (status === 'canceled') {
    cancelReleaseStage(state, release, env, by, comment);
    return;
  }
  const stage = definition.stages.find((candidate) => candidate.id === env.definitionEnvironmentId);
  const overrides = readVariableOverrides(stage?.variables ?? {}, body.variables, env.name);
  deployReleaseStage(state, release, env, by, comment);
  env.variables = { ...env.variables, ...overrides };
}

/** The log lines of a job (task id 1) or task of a stage's deploy phase. */
function taskLog(context: RouteContext): string[] {
  const { release } = releaseContextOf(context);
  const env = findReleaseEnvironment(release, intPathParam(context, 'environmentId'));
  const phaseId = intPathParam(context, 'releaseDeployPhaseId');
  const taskId = intPathParam(context, 'taskId');
  const phase = environmentStateNow(context.state, release, env).deployment?.phase;
  const missing = () =>
    // [unverified] typeKey and text.
    notFound(
      'TaskLogNotFoundException',
      `No log exists for task ${taskId} of deploy phase ${phaseId} in release ${release.id}.`,
    );
  if (!phase || phaseId !== env.deployPhaseId) throw missing();
  if (taskId === 1) return releaseJobLogLines(phase.tasks);
  const task = phase.tasks[taskId - 2];
  const lines = task ? releaseTaskLogLines(task) : null;
  if (!lines) throw missing();
  return lines;
}
