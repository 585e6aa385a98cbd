/**
 * The discovery endpoints (OPTIONS locations, ResourceAreas, connectionData) have no spec in the
 * vendored set (specs/SOURCE.md: the repository has no Location spec). Their shapes here are the
 * real samples of docs/design/azure-devops.md §8.2 and the Node client's `ConnectionData`
 * interface, checked as strictly as the spec'd operations.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { describeError } from './spec-validate.ts';

const VERSION = { type: 'string', pattern: '^\\d+\\.\\d+$' };
const GUID = { type: 'string', format: 'uuid' };

/** `{count, value: [ApiResourceLocation]}`: versions are strings, resourceVersion a number. */
const LOCATIONS = {
  type: 'object',
  properties: {
    count: { type: 'integer' },
    value: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: GUID,
          area: { type: 'string', minLength: 1 },
          resourceName: { type: 'string', minLength: 1 },
          routeTemplate: { type: 'string', minLength: 1 },
          resourceVersion: { type: 'integer', minimum: 1 },
          minVersion: VERSION,
          maxVersion: VERSION,
          releasedVersion: VERSION,
        },
        required: [
          'id',
          'area',
          'resourceName',
          'routeTemplate',
          'resourceVersion',
          'minVersion',
          'maxVersion',
          'releasedVersion',
        ],
        additionalProperties: false,
      },
    },
  },
  required: ['count', 'value'],
  additionalProperties: false,
};

const RESOURCE_AREA = {
  type: 'object',
  properties: {
    id: GUID,
    name: { type: 'string' },
    locationUrl: { type: 'string', format: 'uri' },
  },
  required: ['id', 'name', 'locationUrl'],
  additionalProperties: false,
};

/** On Server the list is `{"count":0,"value":null}` (§8.1, §9). */
const RESOURCE_AREAS = {
  type: 'object',
  properties: {
    count: { type: 'integer' },
    value: { type: ['array', 'null'], items: RESOURCE_AREA },
  },
  required: ['count', 'value'],
  additionalProperties: false,
};

/** The location service's `Identity`, as far as the simulator fills it. */
const IDENTITY = {
  type: 'object',
  properties: {
    id: GUID,
    descriptor: { type: 'string' },
    subjectDescriptor: { type: 'string' },
    providerDisplayName: { type: 'string' },
    customDisplayName: { type: 'string' },
    isActive: { type: 'boolean' },
    isContainer: { type: 'boolean' },
    members: { type: 'array' },
    memberOf: { type: 'array' },
    memberIds: { type: 'array' },
    properties: { type: 'object' },
    resourceVersion: { type: 'integer' },
    metaTypeId: { type: 'integer' },
  },
  required: ['id', 'descriptor', 'providerDisplayName', 'isActive'],
  additionalProperties: false,
};

const CONNECTION_DATA = {
  type: 'object',
  properties: {
    authenticatedUser: IDENTITY,
    authorizedUser: IDENTITY,
    instanceId: GUID,
    deploymentId: GUID,
    deploymentType: { enum: ['hosted', 'onPremises'] },
    lastUserAccess: { type: 'string' },
    webApplicationRelativeDirectory: { type: 'string' },
    locationServiceData: {
      type: 'object',
      properties: {
        serviceOwner: GUID,
        defaultAccessMappingMoniker: { type: 'string' },
        lastChangeId: { type: 'integer' },
        lastChangeId64: { type: 'integer' },
        clientCacheFresh: { type: 'boolean' },
        clientCacheTimeToLive: { type: 'integer' },
        serviceDefinitions: { type: 'array' },
        accessMappings: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              displayName: { type: 'string' },
              moniker: { type: 'string' },
              accessPoint: { type: 'string', format: 'uri' },
              serviceOwner: GUID,
              virtualDirectory: { type: 'string' },
            },
            required: ['moniker', 'accessPoint'],
            additionalProperties: false,
          },
        },
      },
      // The real answer has no accessMappings (recording: cli-extension
      // test_pull_request_createUpdateVoteListAbandonReactivateCompleteReviewers.yaml).
      required: ['serviceOwner', 'defaultAccessMappingMoniker'],
      additionalProperties: false,
    },
  },
  required: ['authenticatedUser', 'authorizedUser', 'instanceId', 'deploymentType'],
  additionalProperties: false,
};

export type DiscoveryEndpoint = 'locations' | 'resourceAreas' | 'resourceArea' | 'connectionData';

const SCHEMAS: Readonly<Record<DiscoveryEndpoint, object>> = {
  locations: LOCATIONS,
  resourceAreas: RESOURCE_AREAS,
  resourceArea: RESOURCE_AREA,
  connectionData: CONNECTION_DATA,
};

/**
 * Which discovery endpoint a request is for, or `null`: `OPTIONS …/_apis[/{area}]`,
 * `GET …/_apis/ResourceAreas[/{id}]`, `GET …/_apis/connectionData`.
 */
export function discoveryEndpoint(method: string, path: string): DiscoveryEndpoint | null {
  const segments = (path.split('?')[0] ?? '').split('/').filter((s) => s.length > 0);
  const apis = segments.findIndex((segment) => segment.toLowerCase() === '_apis');
  if (apis < 0) return null;
  const after = segments.slice(apis + 1).map((segment) => segment.toLowerCase());
  if (method === 'OPTIONS' && after.length <= 1) return 'locations';
  if (method !== 'GET') return null;
  if (after.length === 1 && after[0] === 'resourceareas') return 'resourceAreas';
  if (after.length === 2 && after[0] === 'resourceareas') return 'resourceArea';
  if (after.length === 1 && after[0] === 'connectiondata') return 'connectionData';
  return null;
}

let validators: Map<DiscoveryEndpoint, ValidateFunction> | null = null;

/** Checks a discovery answer's JSON body; returns readable problems, none when valid. */
export function validateDiscovery(endpoint: DiscoveryEndpoint, body: unknown): readonly string[] {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, verbose: true });
    addFormats.default(ajv, ['uuid', 'uri']);
    validators = new Map(
      Object.entries(SCHEMAS).map(([name, schema]) => [
        name as DiscoveryEndpoint,
        ajv.compile(schema),
      ]),
    );
  }
  const validate = validators.get(endpoint);
  if (!validate || validate(body)) return [];
  return (validate.errors ?? []).map((error) => describeError(error));
}
