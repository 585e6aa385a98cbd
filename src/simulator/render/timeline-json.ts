import { formatAzureDate } from '../clock.ts';
import type { BuildRecord } from '../engine/build-record.ts';
import type { BuildLogView, BuildState, TimelineRecordView } from '../engine/build-state.ts';
import type { SimState } from '../state.ts';
import { projectUrl } from './build-json.ts';

/** The identity the orchestrator writes timelines as. */
function orchestratorId(state: SimState): string {
  return state.guid('identity:orchestrator');
}

function logUrl(state: SimState, build: BuildRecord, logId: number): string {
  return `${projectUrl(state, build.projectId)}/_apis/build/builds/${build.id}/logs/${logId}`;
}

/**
 * `Timeline` (spec, docs/design/azure-devops.md §2.4). With `sinceChangeId`, only the records whose
 * latest change is newer are listed, so a client can poll incrementally; `changeId` is always the
 * latest one. When nothing changed since then, the service sends `"records": null`, not `[]`, with
 * the same `id` and `changeId` (docs/design/azure-devops.md §13 row 1; recording: vsteam
 * Tests/SampleFiles/buildTimelineEmptyRecords.json, changeId 27 of buildTimeline.json's timeline).
 */
export function renderTimeline(
  state: SimState,
  build: BuildRecord,
  computed: BuildState,
  sinceChangeId: number | null = null,
): Record<string, unknown> {
  const records =
    sinceChangeId === null
      ? computed.records
      : computed.records.filter((record) => record.changeId > sinceChangeId);
  const unchanged = sinceChangeId !== null && records.length === 0;
  return {
    records: unchanged ? null : records.map((record) => renderTimelineRecord(state, build, record)),
    lastChangedBy: orchestratorId(state),
    lastChangedOn: formatAzureDate(computed.lastChangedOn),
    id: build.planId,
    changeId: computed.changeId,
    url: `${projectUrl(state, build.projectId)}/_apis/build/builds/${build.id}/Timeline/${build.planId}`,
  };
}

/**
 * `TimelineRecord` (spec). Unset fields are `null`, as the service sends them: `result` until the
 * record completes, `parentId` of a root record, `log` of a record without one (§2.4).
 */
function renderTimelineRecord(
  state: SimState,
  build: BuildRecord,
  record: TimelineRecordView,
): Record<string, unknown> {
  const errors = record.issues.filter((issue) => issue.type === 'error').length;
  return {
    previousAttempts: [],
    id: record.id,
    parentId: record.parentId,
    type: record.type,
    name: record.name,
    startTime: record.startTime === null ? null : formatAzureDate(record.startTime),
    finishTime: record.finishTime === null ? null : formatAzureDate(record.finishTime),
    ...(record.state !== 'pending' && (record.type === 'Task' || record.type === 'Job')
      ? { percentComplete: record.state === 'completed' ? 100 : 0 }
      : {}),
    state: record.state,
    result: record.result,
    changeId: record.changeId,
    lastModified: formatAzureDate(record.lastModified),
    ...(record.type === 'Job' && record.state !== 'pending'
      ? { workerName: 'Azure Pipelines 1', queueId: 1 }
      : {}),
    order: record.order,
    log: record.log
      ? { id: record.log.id, type: 'Container', url: logUrl(state, build, record.log.id) }
      : null,
    errorCount: errors,
    warningCount: record.issues.length - errors,
    issues: record.issues.map((issue) => ({
      type: issue.type,
      category: 'General',
      message: issue.message,
      data: { type: issue.type },
    })),
    attempt: 1,
    identifier: record.identifier,
  };
}

/** `BuildLog` (spec, docs/design/azure-devops.md §2.5). */
export function renderBuildLog(
  state: SimState,
  build: BuildRecord,
  log: BuildLogView,
): Record<string, unknown> {
  return {
    lineCount: log.lineCount,
    createdOn: formatAzureDate(log.createdOn),
    lastChangedOn: formatAzureDate(log.lastChangedOn),
    id: log.id,
    type: 'Container',
    url: logUrl(state, build, log.id),
  };
}

/** Pipelines `Log` (spec): the same log as the Runs API lists it. */
export function renderPipelineLog(
  state: SimState,
  build: BuildRecord,
  log: BuildLogView,
): Record<string, unknown> {
  return {
    createdOn: formatAzureDate(log.createdOn),
    lastChangedOn: formatAzureDate(log.lastChangedOn),
    lineCount: log.lineCount,
    id: log.id,
    url: `${projectUrl(state, build.projectId)}/_apis/pipelines/${build.definitionId}/runs/${build.id}/logs/${log.id}`,
  };
}
