/**
 * Readers of the Build area's answers (docs/design/azure-devops.md §2): builds, definitions,
 * timelines, logs.
 */
import { BuildResult, BuildStatus, TaskResult, TimelineRecordState } from '../enums.ts';
import type {
  Build,
  BuildDefinition,
  BuildDefinitionReference,
  BuildDefinitionVariable,
  QueuedBuild,
  Timeline,
  TimelineRecord,
} from '../types.ts';
import { identityRef, issue, links, projectReference } from './common.ts';
import {
  dictionary,
  enumOf,
  flag,
  integer,
  list,
  nullable,
  object,
  optional,
  text,
} from './read.ts';

const definitionFields = {
  id: integer,
  name: text,
  path: optional(text),
  revision: optional(integer),
  project: optional(projectReference),
  queueStatus: optional(text),
  _links: optional(links),
};

export const buildDefinitionReference = object<BuildDefinitionReference>(definitionFields);

const definitionVariable = object<BuildDefinitionVariable>({
  value: nullable(text),
  allowOverride: optional(flag),
  isSecret: optional(flag),
});

export const buildDefinition = object<BuildDefinition>({
  ...definitionFields,
  variables: optional(dictionary(definitionVariable)),
  process: optional(
    object<NonNullable<BuildDefinition['process']>>({
      type: optional(integer),
      yamlFilename: optional(text),
    }),
  ),
  repository: optional(
    object<NonNullable<BuildDefinition['repository']>>({
      name: optional(text),
      defaultBranch: optional(text),
    }),
  ),
});

const buildFields = {
  id: integer,
  buildNumber: optional(text),
  status: optional(enumOf(BuildStatus)),
  // `none` until completion (§2.2): the same as no result.
  result: optional(enumOf(BuildResult)),
  // A build just queued is `notStarted` without a `startTime` (§13 row 3).
  queueTime: optional(text),
  startTime: optional(text),
  finishTime: optional(text),
  sourceBranch: optional(text),
  definition: optional(buildDefinitionReference),
  project: optional(projectReference),
  requestedFor: optional(identityRef),
  _links: optional(links),
};

export const build = object<Build>(buildFields);

/** A build as the list answers it, with who queued it and what with. */
export const queuedBuild = object<QueuedBuild>({
  ...buildFields,
  requestedBy: optional(identityRef),
  sourceVersion: optional(text),
  parameters: optional(text),
});

const timelineRecord = object<TimelineRecord>({
  id: text,
  parentId: nullable(text),
  type: text,
  name: (value, at) => optional(text)(value, at) ?? '',
  identifier: nullable(text),
  order: nullable(integer),
  state: nullable(enumOf(TimelineRecordState)),
  result: nullable(enumOf(TaskResult)),
  startTime: nullable(text),
  finishTime: nullable(text),
  changeId: optional(integer),
  errorCount: nullable(integer),
  warningCount: nullable(integer),
  issues: nullable(list(issue)),
  log: nullable(object<{ id: number; url?: string }>({ id: integer, url: optional(text) })),
});

/**
 * A timeline. An incremental read with nothing new answers `"records": null` with the same
 * `changeId` (§13 row 1, vsteam `buildTimelineEmptyRecords.json`): no records, not a fault.
 */
export const timeline = object<Timeline>({
  id: optional(text),
  changeId: integer,
  records: list(timelineRecord),
});
