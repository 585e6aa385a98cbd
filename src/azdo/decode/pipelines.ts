/**
 * Readers of the Pipelines area's answers (docs/design/azure-devops.md §1) and of YAML approvals
 * (§3).
 */
import { PipelineApprovalStatus, RunResult, RunState } from '../enums.ts';
import type { Pipeline, PipelineApproval, PreviewRun, Run, RunVariable } from '../types.ts';
import { identityRef, links } from './common.ts';
import {
  dictionary,
  enumOf,
  flag,
  integer,
  list,
  object,
  optional,
  text,
  type Reader,
} from './read.ts';

export const pipeline = object<Pipeline>({
  id: integer,
  name: text,
  // The root folder is `\`; a pipeline listed without one is at the root.
  folder: (value, at) => optional(text)(value, at) ?? '\\',
  revision: optional(integer),
  configuration: optional(object<NonNullable<Pipeline['configuration']>>({ type: optional(text) })),
  _links: optional(links),
});

/**
 * A template parameter's value as text: the spec types a run's values as objects (7.2 has object
 * and list parameters), and aztm compares them with the text it sent.
 */
const parameterValue: Reader<string> = (value) =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? '');

/** A run's variable; anything but an object is taken as its value. */
const runVariable: Reader<RunVariable> = (value, at) =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? object<RunVariable>({ value: optional(parameterValue), isSecret: optional(flag) })(value, at)
    : { value: parameterValue(value, at) };

type SelfRepository = NonNullable<
  NonNullable<NonNullable<Run['resources']>['repositories']>['self']
>;

export const run = object<Run>({
  id: integer,
  name: optional(text),
  // A run answered without a state has not told us anything yet: `unknown` (§1.2).
  state: (value, at) => optional(enumOf(RunState))(value, at) ?? 'unknown',
  // Absent while the run is not completed (§1.2).
  result: optional(enumOf(RunResult)),
  createdDate: optional(text),
  finishedDate: optional(text),
  pipeline: optional(
    object<NonNullable<Run['pipeline']>>({ id: integer, name: text, folder: optional(text) }),
  ),
  templateParameters: optional(dictionary(parameterValue)),
  variables: optional(dictionary(runVariable)),
  resources: optional(
    object<NonNullable<Run['resources']>>({
      repositories: optional(
        object<NonNullable<NonNullable<Run['resources']>['repositories']>>({
          self: optional(
            object<SelfRepository>({ refName: optional(text), version: optional(text) }),
          ),
        }),
      ),
    }),
  ),
  _links: optional(links),
});

export const previewRun = object<PreviewRun>({ finalYaml: optional(text) });

type ApprovalStep = NonNullable<PipelineApproval['steps']>[number];

export const pipelineApproval = object<PipelineApproval>({
  id: text,
  status: enumOf(PipelineApprovalStatus),
  instructions: optional(text),
  minRequiredApprovers: optional(integer),
  steps: optional(
    list(
      object<ApprovalStep>({
        assignedApprover: optional(identityRef),
        actualApprover: optional(identityRef),
        status: optional(enumOf(PipelineApprovalStatus)),
        comment: optional(text),
      }),
    ),
  ),
  _links: optional(links),
});
