import {
  decideReleaseApproval,
  deployReleaseStage,
  forceFinishReleaseStage,
} from '../engine/release-actions.ts';
import {
  definitionOfRelease,
  findRelease,
  findReleaseEnvironmentByName,
} from '../engine/release-lookup.ts';
import type { ForcedStageResult, ReleaseRecord } from '../engine/release-record.ts';
import { computeReleaseState } from '../engine/release-state.ts';
import { isObject } from '../engine/release-variables.ts';
import { badRequest } from '../http/errors.ts';
import type { Route, RouteContext } from '../http/route.ts';
import { identityOf } from '../render/common.ts';
import type { SimState } from '../state.ts';
import { intPathParam, ok } from './release-context.ts';

/** A release as the admin API shows it: enough to see where every stage is, at a glance. */
function summarizeRelease(state: SimState, release: ReleaseRecord): Record<string, unknown> {
  const now = state.now();
  const { definition } = definitionOfRelease(state, release);
  const releaseState = computeReleaseState(release, now);
  return {
    id: release.id,
    name: release.name,
    projectId: release.projectId,
    definition: { id: definition.id, name: definition.name },
    status: releaseState.status,
    createdOn: new Date(release.createdAt).toISOString(),
    webUrl: state.releaseWebUrl(release.projectId, release.id),
    stages: releaseState.environments.map((env) => ({
      id: env.record.id,
      definitionEnvironmentId: env.record.definitionEnvironmentId,
      name: env.record.name,
      trigger: env.trigger,
      status: env.status,
      operationStatus: env.deployment?.operationStatus ?? null,
      approval: env.deployment?.preApproval
        ? { id: env.deployment.preApproval.id, status: env.deployment.preApproval.status }
        : null,
      tasks: (env.deployment?.phase?.tasks ?? []).map((task) => ({
        name: task.script.name,
        status: task.status,
      })),
    })),
  };
}

function releaseNamed(context: RouteContext): ReleaseRecord {
  return findRelease(context.state, null, intPathParam(context, 'releaseId'));
}

const FORCED_RESULTS: readonly ForcedStageResult[] = [
  'succeeded',
  'partiallySucceeded',
  'rejected',
  'canceled',
];

/**
 * The simulator's own release controls under `/_sim`: see every release, deploy a manual stage as
 * a user would, end a stage with a chosen result, answer an approval. No real client calls them.
 */
export const adminReleasesRoutes: readonly Route[] = [
  {
    operation: 'Admin - Releases',
    method: 'GET',
    base: 'admin',
    template: 'releases',
    scope: null,
    handle: ({ state }) => {
      const value = [...state.releases.values()].map((release) => summarizeRelease(state, release));
      return ok({ count: value.length, value });
    },
  },
  {
    operation: 'Admin - Release',
    method: 'GET',
    base: 'admin',
    template: 'releases/{releaseId:int}',
    scope: null,
    handle: (context) => ok(summarizeRelease(context.state, releaseNamed(context))),
  },
  {
    // As if someone deleted the release: every later read of it answers 404
    // ReleaseNotFoundException, as for a release that never existed.
    operation: 'Admin - Delete release',
    method: 'DELETE',
    base: 'admin',
    template: 'releases/{releaseId:int}',
    scope: null,
    handle: (context) => {
      context.state.deleteRelease(releaseNamed(context).id);
      return { status: 204 };
    },
  },
  {
    operation: 'Admin - Deploy release stage',
    method: 'POST',
    base: 'admin',
    template: 'releases/{releaseId:int}/stages/{stageName}/deploy',
    scope: null,
    handle: (context) => {
      const { state } = context;
      const release = releaseNamed(context);
      const env = findReleaseEnvironmentByName(release, context.request.params.stageName ?? '');
      deployReleaseStage(state, release, env, identityOf(state, context.identity), 'admin API');
      return ok(summarizeRelease(state, release));
    },
  },
  {
    operation: 'Admin - Finish release stage',
    method: 'POST',
    base: 'admin',
    template: 'releases/{releaseId:int}/stages/{stageName}/finish',
    scope: null,
    handle: (context) => {
      const body = context.request.body;
      const result = isObject(body) ? body.result : undefined;
      if (!FORCED_RESULTS.includes(result as ForcedStageResult)) {
        throw badRequest(
          'InvalidRequestException',
          `expected a body {"result": "${FORCED_RESULTS.join('" | "')}"}`,
        );
      }
      const { release } = forceFinishReleaseStage(
        context.state,
        intPathParam(context, 'releaseId'),
        context.request.params.stageName ?? '',
        result as ForcedStageResult,
      );
      return ok(summarizeRelease(context.state, release));
    },
  },
  {
    operation: 'Admin - Answer release approval',
    method: 'POST',
    base: 'admin',
    template: 'release-approvals/{approvalId:int}',
    scope: null,
    handle: (context) => {
      const { state } = context;
      const body = context.request.body;
      const status = isObject(body) ? body.status : undefined;
      if (status !== 'approved' && status !== 'rejected') {
        throw badRequest(
          'InvalidRequestException',
          'expected a body {"status": "approved" | "rejected", "comments": "..."}',
        );
      }
      const comments = isObject(body) && typeof body.comments === 'string' ? body.comments : '';
      // The admin API answers as the scenario's first identity and bypasses the creator rule.
      const { release } = decideReleaseApproval(state, intPathParam(context, 'approvalId'), {
        status,
        comments,
        by: identityOf(state, context.identity),
      });
      return ok(summarizeRelease(state, release));
    },
  },
];
