/**
 * Readers of the Release area's answers (docs/design/azure-devops.md §4): releases, stages,
 * approvals, definitions.
 */
import {
  ConditionType,
  DeploymentOperationStatus,
  DeploymentStatus,
  DeployPhaseStatus,
  EnvironmentStatus,
  ReleaseApprovalStatus,
  ReleaseApprovalType,
  ReleaseStatus,
  ReleaseTaskStatus,
} from '../enums.ts';
import type {
  DeploymentAttempt,
  Release,
  ReleaseApproval,
  ReleaseCondition,
  ReleaseDefinition,
  ReleaseDefinitionEnvironment,
  ReleaseDeployPhase,
  ReleaseEnvironment,
  ReleaseTask,
} from '../types.ts';
import { identityRef, issue, links } from './common.ts';
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

export const releaseApproval = object<ReleaseApproval>({
  id: integer,
  status: enumOf(ReleaseApprovalStatus),
  approvalType: optional(enumOf(ReleaseApprovalType)),
  approver: optional(identityRef),
  approvedBy: optional(identityRef),
  isAutomated: optional(flag),
  comments: optional(text),
  release: optional(object<{ id: number; name?: string }>({ id: integer, name: optional(text) })),
  releaseEnvironment: optional(
    object<{ id: number; name?: string }>({ id: integer, name: optional(text) }),
  ),
});

const condition = object<ReleaseCondition>({
  name: text,
  conditionType: enumOf(ConditionType),
  value: optional(text),
  result: nullable(flag),
});

const releaseTask = object<ReleaseTask>({
  id: integer,
  name: text,
  status: optional(enumOf(ReleaseTaskStatus)),
  issues: optional(list(issue)),
  logUrl: optional(text),
  startTime: nullable(text),
  finishTime: nullable(text),
});

type DeploymentJob = NonNullable<ReleaseDeployPhase['deploymentJobs']>[number];

const deployPhase = object<ReleaseDeployPhase>({
  phaseId: optional(text),
  name: optional(text),
  status: optional(enumOf(DeployPhaseStatus)),
  errorLog: nullable(text),
  // Jobs and their tasks come only with `$expand=tasks` (§4.2); an empty list otherwise.
  deploymentJobs: optional(
    list(object<DeploymentJob>({ job: optional(releaseTask), tasks: optional(list(releaseTask)) })),
  ),
});

const deploymentAttempt = object<DeploymentAttempt>({
  id: optional(integer),
  attempt: optional(integer),
  status: optional(enumOf(DeploymentStatus)),
  // PascalCase in real answers (§13 row 2): read in any letter case.
  operationStatus: optional(enumOf(DeploymentOperationStatus)),
  hasStarted: optional(flag),
  queuedOn: optional(text),
  issues: optional(list(issue)),
  releaseDeployPhases: optional(list(deployPhase)),
});

type SnapshotApproval = NonNullable<
  NonNullable<ReleaseEnvironment['preApprovalsSnapshot']>['approvals']
>[number];

export const releaseEnvironment = object<ReleaseEnvironment>({
  id: integer,
  name: text,
  status: enumOf(EnvironmentStatus),
  rank: optional(integer),
  definitionEnvironmentId: optional(integer),
  conditions: optional(list(condition)),
  preDeployApprovals: optional(list(releaseApproval)),
  postDeployApprovals: optional(list(releaseApproval)),
  preApprovalsSnapshot: optional(
    object<NonNullable<ReleaseEnvironment['preApprovalsSnapshot']>>({
      approvals: optional(
        list(
          object<SnapshotApproval>({
            approver: optional(identityRef),
            isAutomated: optional(flag),
          }),
        ),
      ),
    }),
  ),
  deploySteps: optional(list(deploymentAttempt)),
  scheduledDeploymentTime: nullable(text),
  createdOn: optional(text),
  modifiedOn: optional(text),
  timeToDeploy: optional((value, at) => Number(text(value, at))),
});

export const release = object<Release>({
  id: integer,
  name: text,
  status: enumOf(ReleaseStatus),
  createdOn: optional(text),
  modifiedOn: optional(text),
  description: optional(text),
  releaseDefinition: optional(
    object<NonNullable<Release['releaseDefinition']>>({ id: integer, name: text }),
  ),
  // A release listed without `$expand=environments` has none.
  environments: list(releaseEnvironment),
  _links: optional(links),
});

const variable = object<{ value?: string | null; allowOverride?: boolean; isSecret?: boolean }>({
  value: nullable(text),
  allowOverride: optional(flag),
  isSecret: optional(flag),
});

const definitionEnvironment = object<ReleaseDefinitionEnvironment>({
  id: integer,
  name: text,
  rank: optional(integer),
  conditions: optional(list(condition)),
  variables: optional(dictionary(variable)),
});

type DefinitionArtifact = NonNullable<ReleaseDefinition['artifacts']>[number];

export const releaseDefinition = object<ReleaseDefinition>({
  id: integer,
  name: text,
  path: optional(text),
  revision: optional(integer),
  variables: optional(dictionary(variable)),
  environments: optional(list(definitionEnvironment)),
  artifacts: optional(
    list(
      object<DefinitionArtifact>({
        alias: text,
        type: optional(text),
        isPrimary: optional(flag),
        definitionReference: optional(
          dictionary(
            optional(
              object<{ id?: string; name?: string }>({
                id: optional(text),
                name: optional(text),
              }),
            ),
          ),
        ),
      }),
    ),
  ),
  _links: optional(links),
});
