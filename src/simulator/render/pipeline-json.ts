import { formatAzureDate } from '../clock.ts';
import type { DefinitionRef } from '../engine/build-create.ts';
import { definitionFolder } from '../engine/build-create.ts';
import type { BuildRecord } from '../engine/build-record.ts';
import { computeBuildState, type BuildState } from '../engine/build-state.ts';
import type { SimState } from '../state.ts';
import { definitionOfRecord, projectUrl } from './build-json.ts';

function pipelineUrl(state: SimState, definition: DefinitionRef): string {
  const { spec, project } = definition;
  return `${projectUrl(state, project.id)}/_apis/pipelines/${spec.id}?revision=${spec.revision}`;
}

/** `PipelineReference` (spec): what a Run says about its pipeline. */
export function renderPipelineReference(
  state: SimState,
  definition: DefinitionRef,
): Record<string, unknown> {
  return {
    url: pipelineUrl(state, definition),
    id: definition.spec.id,
    revision: definition.spec.revision,
    name: definition.spec.name,
    folder: definitionFolder(definition),
  };
}

/**
 * `Pipeline` (spec). The Pipelines API lists classic definitions too, with configuration type
 * `designerJson` [unverified]; the list leaves `configuration` out, the single GET has it.
 */
export function renderPipeline(
  state: SimState,
  definition: DefinitionRef,
  options: { readonly withConfiguration: boolean; readonly revision?: number },
): Record<string, unknown> {
  const { spec, project } = definition;
  const revision = options.revision ?? spec.revision;
  const self = `${projectUrl(state, project.id)}/_apis/pipelines/${spec.id}?revision=${revision}`;
  return {
    _links: {
      self: { href: self },
      web: { href: `${projectUrl(state, project.id)}/_build/definition?definitionId=${spec.id}` },
    },
    ...(options.withConfiguration
      ? { configuration: { type: definition.kind === 'pipeline' ? 'yaml' : 'designerJson' } }
      : {}),
    url: self,
    id: spec.id,
    revision,
    name: spec.name,
    folder: definitionFolder(definition),
  };
}

/**
 * Build status → Run state (docs/design/azure-devops.md §1.2): a queued run is already
 * `inProgress`.
 */
function runStateOf(computed: BuildState): 'inProgress' | 'canceling' | 'completed' {
  switch (computed.status) {
    case 'notStarted':
    case 'inProgress':
      return 'inProgress';
    case 'cancelling':
      return 'canceling';
    case 'completed':
      return 'completed';
  }
}

/**
 * Build result → Run result. The Run has no partial success (docs/design/azure-devops.md §1.2): a
 * partially succeeded build reads `succeeded` here, the trap docs/design/anchor-tools.md warns
 * about.
 */
function runResultOf(computed: BuildState): 'succeeded' | 'failed' | 'canceled' | null {
  switch (computed.result) {
    case null:
      return null;
    case 'succeeded':
    case 'partiallySucceeded':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'canceled':
      return 'canceled';
  }
}

/**
 * `Run` (spec, docs/design/azure-devops.md §1.2); `result` and `finishedDate` only once completed.
 */
export function renderRun(
  state: SimState,
  build: BuildRecord,
  computed: BuildState = computeBuildState(build, state.now()),
): Record<string, unknown> {
  const definition = definitionOfRecord(state, build);
  const base = projectUrl(state, build.projectId);
  const url = `${base}/_apis/pipelines/${build.definitionId}/runs/${build.id}`;
  const result = runResultOf(computed);
  const variables = Object.entries(build.variables);
  return {
    _links: {
      self: { href: url },
      web: { href: state.buildWebUrl(build.projectId, build.id) },
      'pipeline.web': { href: `${base}/_build/definition?definitionId=${build.definitionId}` },
      pipeline: { href: pipelineUrl(state, definition) },
    },
    templateParameters: { ...build.templateParameters },
    pipeline: renderPipelineReference(state, definition),
    state: runStateOf(computed),
    ...(result !== null ? { result } : {}),
    createdDate: formatAzureDate(computed.queueTime),
    ...(computed.finishTime !== null ? { finishedDate: formatAzureDate(computed.finishTime) } : {}),
    url,
    resources: {
      repositories: {
        self: {
          repository: { type: 'azureReposGit' },
          refName: build.sourceBranch,
          version: build.sourceVersion,
        },
      },
    },
    ...(variables.length > 0
      ? {
          variables: Object.fromEntries(
            variables.map(([name, v]) => [
              name,
              v.isSecret ? { isSecret: true } : { value: v.value, isSecret: false },
            ]),
          ),
        }
      : {}),
    id: build.id,
    name: build.buildNumber,
  };
}
