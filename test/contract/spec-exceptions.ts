/**
 * Every place where the contract checks depart from the letter of the vendored 7.1 specs, each
 * with its reason. Anything not listed here is checked strictly: an object accepts only the
 * fields its definition lists (see spec-schema.ts for the general rules: nullable properties,
 * subtypes' fields, open dictionaries).
 */
import type { JsonSchema, SwaggerSchema } from './spec-schema.ts';
import type { SpecArea } from './spec-load.ts';

/** Definitions the spec models differently from what the service puts on the wire. */
export const WIRE_OVERRIDES: Readonly<Record<string, JsonSchema>> = {
  // The spec models `_links` as `{links: {...}}`; the service sends the links themselves:
  // `{"self": {"href": …}, "web": {"href": …}}` (docs/design/azure-devops.md §1.2, §2.2). Each link
  // is checked.
  ReferenceLinks: {
    type: ['object', 'null'],
    additionalProperties: {
      type: 'object',
      properties: { href: { type: 'string' } },
      required: ['href'],
      additionalProperties: false,
    },
  },
  // The spec models a property bag as `{count, item, keys, values}`; the service sends it as a
  // dictionary of typed values: `{"Name": {"$type": "System.String", "$value": "x"}}`.
  PropertiesCollection: {
    type: ['object', 'null'],
    additionalProperties: {
      type: 'object',
      properties: { $type: { type: 'string' }, $value: {} },
      required: ['$type', '$value'],
      additionalProperties: false,
    },
  },
  // Newtonsoft's JObject, modelled by its .NET members `{item, type}`; on the wire it is any JSON
  // object (a check's `settings`, a check suite's `context`), so its fields are not checked.
  JObject: { type: ['object', 'null'] },
};

/** Definitions that are arrays although `type` says object, by the name of their item definition. */
export const ARRAY_DEFINITIONS: Readonly<Record<string, string>> = {
  // `type: object` with `allOf: [array of JsonPatchOperation]`: a JSON Patch document is an array.
  JsonPatchDocument: 'JsonPatchOperation',
};

/**
 * Fields the service sends that the 7.1 spec does not define (or types otherwise: the schema given
 * here replaces the spec's), per spec area and definition. The
 * evidence is the spec's own captured responses (release/7.1/httpExamples in
 * shared/azure-devops-rest-specs: Get a release, List approvals, Update release environment, List
 * deployments, List definitions) and docs/design/azure-devops.md (§4.2 `url`, `sourceId`; §4.4
 * `isNotificationOn`, `trialNumber`). Only fields seen there are accepted, with the type seen.
 */
export const WIRE_EXTRA_FIELDS: Readonly<
  Partial<Record<SpecArea, Readonly<Record<string, Readonly<Record<string, SwaggerSchema>>>>>>
> = {
  pipelines: {
    // Typed `map<object>` on Run, but the service answers with the strings that were passed:
    // the request side types them `map<string>` (RunPipelineParameters,
    // docs/design/azure-devops.md §1.1).
    Run: { templateParameters: { type: 'object', additionalProperties: { type: 'string' } } },
  },
  release: {
    Release: { url: { type: 'string' } },
    ReleaseReference: { url: { type: 'string' }, webAccessUri: { type: 'string' } },
    Artifact: { sourceId: { type: 'string' } },
    ReleaseApproval: { isNotificationOn: { type: 'boolean' }, trialNumber: { type: 'integer' } },
    // Deprecated per-environment lists, still sent empty.
    ReleaseEnvironment: {
      demands: { type: 'array', items: {} },
      workflowTasks: { type: 'array', items: {} },
    },
    EnvironmentOptions: {
      emailNotificationType: { type: 'string' },
      emailRecipients: { type: 'string' },
      enableAccessToken: { type: 'boolean' },
      skipArtifactsDownload: { type: 'boolean' },
      timeoutInMinutes: { type: 'integer' },
    },
    // Spelled so by the service.
    ApprovalOptions: { timeoutInMintues: { type: 'integer' } },
    Deployment: { _links: { $ref: '#/definitions/ReferenceLinks' } },
    // The one PascalCase enum of the release: the spec spells DeploymentOperationStatus in
    // camelCase, real answers in PascalCase ("Approved", "PhaseFailed";
    // docs/design/azure-devops.md §13 row 2, vsteam
    // Tests/SampleFiles/Get-VSTeamRelease-id178-expandEnvironments.json).
    DeploymentAttempt: {
      operationStatus: {
        type: 'string',
        enum: [
          'Undefined',
          'Queued',
          'Scheduled',
          'Pending',
          'Approved',
          'Rejected',
          'Deferred',
          'QueuedForAgent',
          'PhaseInProgress',
          'PhaseSucceeded',
          'PhasePartiallySucceeded',
          'PhaseFailed',
          'Canceled',
          'PhaseCanceled',
          'ManualInterventionPending',
          'QueuedForPipeline',
          'Cancelling',
          'EvaluatingGates',
          'GateFailed',
          'All',
        ],
      },
    },
    ReleaseDefinition: { retentionPolicy: { $ref: '#/definitions/RetentionPolicy' } },
  },
};
