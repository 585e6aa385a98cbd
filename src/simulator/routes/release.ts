import { parseEnum, ReleaseStatus } from '../../azdo/enums.ts';
import {
  abandonRelease,
  activateRelease,
  setManualEnvironments,
} from '../engine/release-actions.ts';
import { createRelease } from '../engine/release-create.ts';
import { findReleaseDefinition } from '../engine/release-lookup.ts';
import { computeReleaseState, releaseStatusAt } from '../engine/release-state.ts';
import { describeValue, isObject } from '../engine/release-variables.ts';
import { badRequest } from '../http/errors.ts';
import { requirePermission } from '../http/permissions.ts';
import type { Route, RouteContext } from '../http/route.ts';
import { identityOf, listOf } from '../render/common.ts';
import { FULL_DEFINITION, renderReleaseDefinition } from '../render/release-definition.ts';
import { FULL_RELEASE_VIEW, renderRelease, type ReleaseView } from '../render/release-release.ts';
import { releaseApprovalRoutes } from './release-approvals.ts';
import { ok, projectOf, releaseContextOf, type ReleaseContext } from './release-context.ts';
import { releaseDefinitionRoutes } from './release-definitions.ts';
import { releaseEnvironmentRoutes } from './release-environments.ts';
import {
  ApprovalFilters,
  enumParam,
  flagsParam,
  intListParam,
  intParam,
  ReleaseExpands,
  ReleaseQueryOrder,
  SingleReleaseExpands,
} from './release-query.ts';

/** The full release at the current simulated time. */
function renderNow(context: RouteContext, release: ReleaseContext, view: ReleaseView): unknown {
  const state = context.state;
  return renderRelease(state, release, computeReleaseState(release.release, state.now()), view);
}

/** `Releases - *` (docs/design/azure-devops.md §4, §4.1, §4.2). */
const releaseResourceRoutes: readonly Route[] = [
  {
    operation: 'Releases - Create',
    method: 'POST',
    base: 'release',
    template: '{project}/_apis/release/releases',
    scope: 'vso.release_execute',
    handle: (context) => {
      const project = projectOf(context);
      const body = context.request.body as { definitionId?: unknown } | undefined;
      const named = project.releaseDefinitions.find((d) => d.id === Number(body?.definitionId));
      const subject = named?.name ?? `id ${describeValue(body?.definitionId)}`;
      requirePermission(context.identity, 'createReleases', project, subject);
      const createdBy = identityOf(context.state, context.identity);
      const release = createRelease(context.state, project, context.request.body, createdBy);
      const definition = findReleaseDefinition(project, release.definitionId);
      return ok(renderNow(context, { project, definition, release }, FULL_RELEASE_VIEW));
    },
  },
  {
    operation: 'Releases - Get Release',
    method: 'GET',
    base: 'release',
    template: '{project}/_apis/release/releases/{releaseId:int}',
    scope: 'vso.release',
    handle: (context) => {
      const { query } = context.request;
      const release = releaseContextOf(context);
      if (query.get('definitionSnapshotRevision')) {
        // `Get Release Revision`: the definition the release was created from, as text.
        const snapshot = renderReleaseDefinition(
          context.state,
          release.project,
          release.definition,
          FULL_DEFINITION,
        );
        return { status: 200, text: JSON.stringify(snapshot) };
      }
      const expand = flagsParam(query, '$expand', SingleReleaseExpands) ?? new Set();
      const filters = flagsParam(query, 'approvalFilters', ApprovalFilters);
      const view: ReleaseView = {
        ...FULL_RELEASE_VIEW,
        tasks: expand.has('tasks'),
        // Absent means all (spec description of approvalFilters).
        manualApprovals: filters?.has('manualApprovals') ?? true,
        automatedApprovals: filters?.has('automatedApprovals') ?? true,
        approvalSnapshots: filters?.has('approvalSnapshots') ?? true,
      };
      return ok(renderNow(context, release, view));
    },
  },
  {
    operation: 'Releases - List',
    method: 'GET',
    base: 'release',
    template: '{project}/_apis/release/releases',
    scope: 'vso.release',
    handle: (context) => listReleases(context),
  },
  {
    operation: 'Releases - Update Release Resource',
    method: 'PATCH',
    base: 'release',
    template: '{project}/_apis/release/releases/{releaseId:int}',
    scope: 'vso.release_execute',
    handle: (context) => {
      const release = releaseContextOf(context);
      updateRelease(context, release);
      return ok(renderNow(context, release, FULL_RELEASE_VIEW));
    },
  },
];

function listReleases(context: RouteContext): ReturnType<typeof ok> {
  const { state, request } = context;
  const { query } = request;
  const project = projectOf(context);
  const now = state.now();
  const definitionId = intParam(query, 'definitionId');
  const status = enumParam(query, 'statusFilter', ReleaseStatus);
  const ids = intListParam(query, 'releaseIdFilter');
  const searchText = query.get('searchText')?.toLowerCase() ?? '';
  const order = enumParam(query, 'queryOrder', ReleaseQueryOrder) ?? 'descending';
  const requestedTop = intParam(query, '$top');
  const top = requestedTop !== undefined && requestedTop > 0 ? requestedTop : 50;
  const token = intParam(query, 'continuationToken');
  const expand = flagsParam(query, '$expand', ReleaseExpands) ?? new Set();

  // Newest first unless asked otherwise; the continuation token is the id the next page starts
  // at (0 means none, as in the approvals httpExample).
  const releases = [...state.releases.values()]
    .filter(
      (release) =>
        release.projectId === project.id &&
        (definitionId === undefined || release.definitionId === definitionId) &&
        (ids === undefined || ids.includes(release.id)) &&
        (!searchText || release.name.toLowerCase().includes(searchText)) &&
        (status === undefined || releaseStatusAt(release, now) === status) &&
        (!token || (order === 'descending' ? release.id <= token : release.id >= token)),
    )
    .sort((a, b) => (order === 'descending' ? b.id - a.id : a.id - b.id));
  const page = releases.slice(0, top);
  const next = releases[top];
  const approvals = expand.has('approvals');
  const view: ReleaseView = {
    tasks: false,
    environments: expand.has('environments'),
    artifacts: expand.has('artifacts'),
    variables: expand.has('variables'),
    manualApprovals: approvals,
    automatedApprovals: approvals,
    approvalSnapshots: approvals,
  };
  const value = page.map((release) =>
    renderNow(
      context,
      { project, release, definition: findReleaseDefinition(project, release.definitionId) },
      view,
    ),
  );
  return ok(listOf(value), next ? { 'x-ms-continuationtoken': String(next.id) } : undefined);
}

/** `ReleaseUpdateMetadata`: status (abandon / activate), manualEnvironments, keepForever, name, comment. */
function updateRelease(context: RouteContext, { release }: ReleaseContext): void {
  const { state } = context;
  const body = context.request.body;
  const by = identityOf(state, context.identity);
  if (!isObject(body)) {
    // [unverified] text, as for the create.
    throw badRequest(
      'ArgumentNullException',
      'Value cannot be null.\r\nParameter name: releaseUpdateMetadata',
    );
  }
  const invalid = (message: string) => badRequest('InvalidRequestException', message);
  let status: 'abandoned' | 'active' | undefined;
  if (body.status !== undefined && body.status !== null) {
    const parsed = parseEnum(ReleaseStatus, body.status);
    if (parsed !== 'abandoned' && parsed !== 'active') {
      throw invalid(
        `'${describeValue(body.status)}' is not a status a release can be set to: use abandoned or active.`,
      );
    }
    status = parsed;
  }
  const manual = body.manualEnvironments;
  if (manual !== undefined && manual !== null) {
    if (!Array.isArray(manual) || !manual.every((name) => typeof name === 'string')) {
      throw invalid('manualEnvironments must be an array of stage names.');
    }
    const unknown = manual.filter(
      (name) => !release.environments.some((env) => env.name.toLowerCase() === name.toLowerCase()),
    );
    if (unknown.length > 0) {
      throw invalid(`Stage(s) ${unknown.join(', ')} do not exist in release '${release.name}'.`);
    }
  }
  const comment = typeof body.comment === 'string' ? body.comment : '';
  if (status === 'abandoned') abandonRelease(state, release, by, comment);
  if (status === 'active') activateRelease(state, release, by);
  if (Array.isArray(manual)) setManualEnvironments(state, release, manual, by);
  if (typeof body.keepForever === 'boolean') release.keepForever = body.keepForever;
  if (typeof body.name === 'string' && body.name.trim() !== '') release.name = body.name;
  if (comment && status !== 'abandoned') release.comment = comment;
  release.modifiedAt = state.now();
  release.modifiedBy = by;
}

/** Every route of the release area, under the release host. */
export const releaseRoutes: readonly Route[] = [
  ...releaseDefinitionRoutes,
  ...releaseResourceRoutes,
  ...releaseEnvironmentRoutes,
  ...releaseApprovalRoutes,
];
