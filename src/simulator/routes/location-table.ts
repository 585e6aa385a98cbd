/**
 * What the simulator advertises to clients that discover endpoints
 * (docs/design/azure-devops.md §8): the API resource locations answered to `OPTIONS
 * _apis[/{area}]`, and the resource areas answered to `GET _apis/ResourceAreas`.
 */
import { seededGuid } from '../ids.ts';

/** Which host serves a location: the organization (collection) URL, or the release host (§4). */
export type LocationHost = 'org' | 'release';

export interface ApiLocationSpec {
  readonly id: string;
  /** The area as the OPTIONS answer names it; `{area}` in the template is filled from it. */
  readonly area: string;
  /** `{resource}` in the template is filled from it; its letter case ends up in request paths. */
  readonly resourceName: string;
  /**
   * Filled by the Node client's rules (§8.1 step 4): a segment whose value is missing is dropped,
   * so one template serves both the list (`.../releases`) and the item (`.../releases/{id}`).
   */
  readonly routeTemplate: string;
  /** At least the `-preview.N` the Node client asks for, so it keeps its own version (§8.1 step 3). */
  readonly resourceVersion: number;
  readonly minVersion: string;
  /** Preview-only resources answer `releasedVersion: "0.0"` (§8.2). */
  readonly previewOnly: boolean;
  readonly host: LocationHost;
}

/**
 * The pipelines approvals' location ids appear in no source we have (§3: the Node client has no
 * class for them and the spec carries no location ids). They are derived from a fixed label so
 * they never change; no known client keys on them.
 */
function localLocationId(label: string): string {
  return seededGuid(0, `location:${label}`);
}

/**
 * Every location of an operation the simulator serves. Ids and resource versions are the Node
 * client's (§8.3); the templates marked (R) there are the service's own, the others produce the
 * spec's paths. `minVersion` is not read by any client we know; the values are plausible, not
 * verified.
 */
export const API_LOCATIONS: readonly ApiLocationSpec[] = [
  // Location: the discovery endpoints themselves.
  {
    id: 'e81700f7-3be2-46de-8624-2eb35882fcaa',
    area: 'Location',
    resourceName: 'ResourceAreas',
    routeTemplate: '_apis/{resource}/{areaId}',
    resourceVersion: 1,
    minVersion: '3.2',
    previewOnly: true,
    host: 'org',
  },
  {
    id: '00d9565f-ed9c-4a06-9a50-00e7896ccab4',
    area: 'Location',
    resourceName: 'ConnectionData',
    routeTemplate: '_apis/{resource}',
    resourceVersion: 1,
    minVersion: '1.0',
    previewOnly: true,
    host: 'org',
  },
  // Build (§2).
  {
    id: '0cd358e1-9217-4d94-8269-1c1ee6f93dcf',
    area: 'build',
    resourceName: 'Builds',
    routeTemplate: '{project}/_apis/build/{resource}/{buildId}',
    resourceVersion: 7,
    minVersion: '1.0',
    previewOnly: false,
    host: 'org',
  },
  {
    id: '8baac422-4c6e-4de5-8532-db96d92acffa',
    area: 'build',
    resourceName: 'Timeline',
    routeTemplate: '{project}/_apis/{area}/builds/{buildId}/{resource}/{timelineId}',
    resourceVersion: 3,
    minVersion: '2.0',
    previewOnly: false,
    host: 'org',
  },
  {
    id: '35a80daf-7f30-45fc-86e8-6b813d9c90df',
    area: 'build',
    resourceName: 'logs',
    routeTemplate: '{project}/_apis/{area}/builds/{buildId}/{resource}/{logId}',
    resourceVersion: 2,
    minVersion: '2.0',
    previewOnly: false,
    host: 'org',
  },
  {
    id: 'b8aac6c9-744b-46e1-88fc-3550969f9313',
    area: 'build',
    resourceName: 'stages',
    routeTemplate: '{project}/_apis/{area}/builds/{buildId}/{resource}/{stageRefName}',
    resourceVersion: 1,
    minVersion: '5.0',
    previewOnly: false,
    host: 'org',
  },
  {
    id: 'dbeaf647-6167-421a-bda9-c9327b25e2e6',
    area: 'build',
    resourceName: 'Definitions',
    routeTemplate: '{project}/_apis/build/{resource}/{definitionId}',
    resourceVersion: 7,
    minVersion: '2.0',
    previewOnly: false,
    host: 'org',
  },
  // Pipelines (§1).
  {
    id: '28e1305e-2afe-47bf-abaf-cbb0e6a91988',
    area: 'pipelines',
    resourceName: 'pipelines',
    routeTemplate: '{project}/_apis/{resource}/{pipelineId}',
    resourceVersion: 1,
    minVersion: '5.1',
    previewOnly: false,
    host: 'org',
  },
  {
    id: '7859261e-d2e9-4a68-b820-a5d84cc5bb3d',
    area: 'pipelines',
    resourceName: 'runs',
    routeTemplate: '{project}/_apis/pipelines/{pipelineId}/{resource}/{runId}',
    resourceVersion: 1,
    minVersion: '5.1',
    previewOnly: false,
    host: 'org',
  },
  {
    id: '53df2d18-29ea-46a9-bee0-933540f80abf',
    area: 'pipelines',
    resourceName: 'preview',
    routeTemplate: '{project}/_apis/pipelines/{pipelineId}/{resource}',
    resourceVersion: 1,
    minVersion: '5.1',
    previewOnly: false,
    host: 'org',
  },
  {
    id: 'fb1b6d27-3957-43d5-a14b-a2d70403e545',
    area: 'pipelines',
    resourceName: 'logs',
    routeTemplate: '{project}/_apis/pipelines/{pipelineId}/runs/{runId}/{resource}/{logId}',
    resourceVersion: 1,
    minVersion: '5.1',
    previewOnly: false,
    host: 'org',
  },
  // Approvals of YAML pipelines (§3): one template serves query, get and update.
  {
    id: localLocationId('approval/approvals'),
    area: 'approval',
    resourceName: 'approvals',
    routeTemplate: '{project}/_apis/pipelines/{resource}/{approvalId}',
    resourceVersion: 1,
    minVersion: '5.1',
    previewOnly: false,
    host: 'org',
  },
  // Core projects (core 7.1 spec), what `project.url` points at. The id, template and resource
  // version are the Node client's `CoreApi.getProjects()`/`getProject()` (7.2-preview.4).
  {
    id: '603fe2ac-9723-48b9-88ad-09305aa6c6e1',
    area: 'core',
    resourceName: 'projects',
    routeTemplate: '_apis/{resource}/{*projectId}',
    resourceVersion: 4,
    minVersion: '1.0',
    previewOnly: false,
    host: 'org',
  },
  // Release (§4), on the release host.
  {
    id: 'a166fde7-27ad-408e-ba75-703c2cc9d500',
    area: 'Release',
    resourceName: 'releases',
    routeTemplate: '{project}/_apis/{area}/{resource}/{releaseId}',
    resourceVersion: 9,
    minVersion: '3.0',
    previewOnly: false,
    host: 'release',
  },
  {
    id: 'a7e426b1-03dc-48af-9dfe-c98bac612dcb',
    area: 'Release',
    resourceName: 'environments',
    routeTemplate: '{project}/_apis/{area}/releases/{releaseId}/{resource}/{environmentId}',
    resourceVersion: 8,
    minVersion: '3.0',
    previewOnly: false,
    host: 'release',
  },
  {
    id: 'b47c6458-e73b-47cb-a770-4df1e8813a91',
    area: 'Release',
    resourceName: 'approvals',
    routeTemplate: '{project}/_apis/{area}/{resource}',
    resourceVersion: 3,
    minVersion: '3.0',
    previewOnly: false,
    host: 'release',
  },
  {
    id: '9328e074-59fb-465a-89d9-b09c82ee5109',
    area: 'Release',
    resourceName: 'approvals',
    routeTemplate: '{project}/_apis/{area}/{resource}/{approvalId}',
    resourceVersion: 3,
    minVersion: '3.0',
    previewOnly: false,
    host: 'release',
  },
  {
    id: 'd8f96f24-8ea7-4cb6-baab-2df8fc515665',
    area: 'Release',
    resourceName: 'definitions',
    routeTemplate: '{project}/_apis/{area}/{resource}/{definitionId}',
    resourceVersion: 4,
    minVersion: '3.0',
    previewOnly: false,
    host: 'release',
  },
  {
    // The Node client's `getArtifactVersions` (7.2-preview.1).
    id: '30fc787e-a9e0-4a07-9fbc-3e903aa051d2',
    area: 'Release',
    resourceName: 'versions',
    routeTemplate: '{project}/_apis/{area}/artifacts/{resource}',
    resourceVersion: 1,
    minVersion: '4.0',
    previewOnly: false,
    host: 'release',
  },
  {
    id: '17c91af7-09fd-4256-bff1-c24ee4f73bc0',
    area: 'Release',
    resourceName: 'logs',
    routeTemplate:
      '{project}/_apis/{area}/releases/{releaseId}/environments/{environmentId}/deployPhases/{releaseDeployPhaseId}/tasks/{taskId}/{resource}',
    resourceVersion: 2,
    minVersion: '3.0',
    previewOnly: false,
    host: 'release',
  },
];

/** `ResourceArea`: which base URL a client uses for an area (§8.1 step 1). */
export interface ResourceAreaSpec {
  readonly id: string;
  readonly name: string;
  readonly host: LocationHost;
}

/**
 * The resource areas the Services list carries. `5264459e-…` is the work item tracking process
 * area, which the Node client's `getPipelinesApi()` looks up by mistake (§8.1): without it that
 * call throws. The approval area is listed because the simulator serves it.
 */
export const RESOURCE_AREAS: readonly ResourceAreaSpec[] = [
  { id: '965220d5-5bb9-42cf-8d67-9b146df2a5a4', name: 'build', host: 'org' },
  { id: 'efc2f575-36ef-48e9-b672-0c6fb4a48ac5', name: 'Release', host: 'release' },
  { id: '79134c72-4a58-4b42-976c-04e7115f32bf', name: 'core', host: 'org' },
  { id: '5264459e-e5e0-4bd8-b118-0985e68a4ec5', name: 'WorkItemTrackingProcess', host: 'org' },
  { id: '5b55a9b6-2e0f-40d7-829d-3741d2b8c4e4', name: 'approval', host: 'org' },
];
