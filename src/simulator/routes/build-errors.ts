import { SimHttpError } from '../http/errors.ts';

/**
 * The errors of the Build, Pipelines and approvals areas, with the service's typeKeys
 * (docs/design/azure-devops.md §5). Messages follow the service where known; those marked
 * [unverified] are our best wording.
 */

const TYPE_NAMES: Readonly<Record<string, string>> = {
  BuildNotFoundException: build2('BuildNotFoundException'),
  DefinitionNotFoundException: build2('DefinitionNotFoundException'),
  TimelineNotFoundException: build2('TimelineNotFoundException'),
  BuildLogNotFoundException: build2('BuildLogNotFoundException'),
  InvalidBuildStatusUpdateException: build2('InvalidBuildStatusUpdateException'),
  PipelineValidationException: pipelines('PipelineValidationException'),
  PipelineNotFoundException: pipelines('PipelineNotFoundException'),
  PipelineRunNotFoundException: pipelines('PipelineRunNotFoundException'),
  GitRepositoryNotFoundException:
    'Microsoft.TeamFoundation.Git.Server.GitRepositoryNotFoundException, Microsoft.TeamFoundation.Git.Server',
  ApprovalNotFoundException: approvals('ApprovalNotFoundException'),
  InvalidApprovalUpdateException: approvals('InvalidApprovalUpdateException'),
};

function build2(name: string): string {
  return `Microsoft.TeamFoundation.Build.WebApi.${name}, Microsoft.TeamFoundation.Build2.WebApi`;
}

function pipelines(name: string): string {
  return `Microsoft.Azure.Pipelines.WebApi.${name}, Microsoft.Azure.Pipelines.WebApi`;
}

function approvals(name: string): string {
  return `Microsoft.Azure.Pipelines.Approvals.WebApi.${name}, Microsoft.Azure.Pipelines.Approvals.WebApi`;
}

/** An error in the service's shape, with the assembly-qualified type name of its area. */
export function serviceError(
  status: number,
  typeKey: string,
  message: string,
  customProperties?: Record<string, unknown>,
): SimHttpError {
  const error = new SimHttpError(
    status,
    typeKey,
    message,
    customProperties ? { customProperties } : {},
  );
  const typeName = TYPE_NAMES[typeKey];
  if (typeName) error.body.typeName = typeName;
  return error;
}

/** 404 for a build or run that does not exist in the project (as the service words it). */
export function buildNotFound(buildId: number | string): SimHttpError {
  return serviceError(
    404,
    'BuildNotFoundException',
    `The requested build ${buildId} could not be found.`,
  );
}

/** 404 for an unknown build definition [unverified wording]. */
export function definitionNotFound(definitionId: number | string): SimHttpError {
  return serviceError(
    404,
    'DefinitionNotFoundException',
    `The build definition ${definitionId} does not exist or you do not have permission to view it.`,
  );
}

/** 404 for an unknown pipeline in the Pipelines API [unverified wording]. */
export function pipelineNotFound(pipelineId: number | string): SimHttpError {
  return serviceError(
    404,
    'PipelineNotFoundException',
    `Pipeline with id ${pipelineId} does not exist or you do not have permission to view it.`,
  );
}

/**
 * 404 TF401019, the Git error the seed's users met when the identity queueing cannot read the
 * pipeline's repository (docs/design/azure-devops.md §5).
 */
export function repositoryNotFound(repository: string): SimHttpError {
  return serviceError(
    404,
    'GitRepositoryNotFoundException',
    `TF401019: The Git repository with name or identifier ${repository} does not exist or you do not have permissions for the operation you are attempting.`,
  );
}

/** 400 from the Runs API: every problem in one message. */
export function pipelineValidation(problems: readonly string[]): SimHttpError {
  return serviceError(400, 'PipelineValidationException', problems.join('\n'));
}

/**
 * 400 from the Build API's queue: a generic message with the details in
 * `customProperties.ValidationResults` (docs/design/azure-devops.md §5, a captured response).
 */
export function buildValidation(problems: readonly string[]): SimHttpError {
  return serviceError(
    400,
    'BuildRequestValidationFailedException',
    'Could not queue the build because there were validation errors or warnings.',
    { ValidationResults: problems.map((message) => ({ result: 'error', message })) },
  );
}
