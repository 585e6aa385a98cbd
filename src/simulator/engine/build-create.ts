import { seededCommit } from '../ids.ts';
import type {
  BuildDefinitionSpec,
  PipelineSpec,
  ProjectSpec,
  RunScript,
  TokenSpec,
  VariableSpec,
} from '../scenario/model.ts';
import type { SimState } from '../state.ts';
import type { BuildOrigin, BuildRecord, Identity } from './build-record.ts';

/** A definition of the Build API: a YAML pipeline or a classic (designer) build. */
export type DefinitionRef =
  | { readonly kind: 'pipeline'; readonly spec: PipelineSpec; readonly project: ProjectSpec }
  | { readonly kind: 'build'; readonly spec: BuildDefinitionSpec; readonly project: ProjectSpec };

/** What a request to queue asks for, read from either API's body. */
export interface QueueRequest {
  /** As sent; `null` for the definition's default branch. */
  readonly sourceBranch: string | null;
  readonly sourceVersion: string | null;
  readonly variables: Readonly<Record<string, { value: string; isSecret: boolean }>>;
  readonly templateParameters: Readonly<Record<string, string>>;
  readonly stagesToSkip: readonly string[];
}

/** YAML pipelines and classic builds are all build definitions, in one id space per project. */
export function findDefinition(project: ProjectSpec, id: number): DefinitionRef | null {
  const pipeline = project.pipelines.find((spec) => spec.id === id);
  if (pipeline) return { kind: 'pipeline', spec: pipeline, project };
  const build = project.buildDefinitions.find((spec) => spec.id === id);
  return build ? { kind: 'build', spec: build, project } : null;
}

/** Every definition of a project, YAML and classic, by id. */
export function allDefinitions(project: ProjectSpec): DefinitionRef[] {
  return [
    ...project.pipelines.map((spec): DefinitionRef => ({ kind: 'pipeline', spec, project })),
    ...project.buildDefinitions.map((spec): DefinitionRef => ({ kind: 'build', spec, project })),
  ].sort((a, b) => a.spec.id - b.spec.id);
}

/** The folder of a definition: `folder` for pipelines, `path` for classic builds. */
export function definitionFolder(definition: DefinitionRef): string {
  return definition.kind === 'pipeline' ? definition.spec.folder : definition.spec.path;
}

/**
 * Whether the identity may read the definition's repository. When it may not, the service refuses
 * with TF401019, which is what the seed's users met with the build service identity.
 */
export function canReadRepository(token: TokenSpec, definition: DefinitionRef): boolean {
  const wanted = definition.spec.repository.toLowerCase();
  return token.repositories === null || token.repositories.some((r) => r.toLowerCase() === wanted);
}

/**
 * `main` is taken as `refs/heads/main`: the service documents full refs, but resolves a bare
 * branch name too [unverified for the Runs API]; anything under `refs/` is kept as sent.
 */
export function normalizeBranch(branch: string): string {
  const trimmed = branch.trim();
  return /^refs\//i.test(trimmed) ? trimmed : `refs/heads/${trimmed}`;
}

/**
 * What is wrong with a request to queue, one message per problem (empty: nothing). The wording of
 * each message is the service's as far as it is known (docs/design/azure-devops.md §12 lists it as
 * unverified).
 */
export function validateQueueRequest(definition: DefinitionRef, request: QueueRequest): string[] {
  const problems: string[] = [];
  const refused = Object.keys(request.variables).filter(
    (name) => !settableAtQueueTime(definition.spec.variables, name),
  );
  if (refused.length > 0) {
    problems.push(
      `You can't set the following variables (${refused.join(', ')}). If you want to be able to set these variables, then edit the pipeline and select Settable at queue time on the variables tab of the pipeline editor.`,
    );
  }
  // A classic build has no template parameters; what is sent is ignored, as the service does.
  if (definition.kind === 'pipeline') {
    const parameters = definition.spec.parameters;
    for (const [name, value] of Object.entries(request.templateParameters)) {
      const spec = Object.hasOwn(parameters, name) ? parameters[name] : undefined;
      if (!spec) problems.push(`Unexpected parameter '${name}'`);
      else if (spec.values.length > 0 && !spec.values.includes(value)) {
        problems.push(`The '${name}' parameter value '${value}' is not a valid value.`);
      }
    }
  }
  // Stage names come from the YAML, the same for every run: any run's script knows them.
  const stages = new Set(
    definition.spec.runs.flatMap((run) => run.stages.map((stage) => stage.name.toLowerCase())),
  );
  for (const stage of request.stagesToSkip) {
    if (!stages.has(stage.toLowerCase())) {
      problems.push(`Stage '${stage}' named in stagesToSkip does not exist in the pipeline.`);
    }
  }
  return problems;
}

/**
 * `system.debug` is always settable; other variables only when marked so
 * (docs/design/azure-devops.md §1.1).
 */
function settableAtQueueTime(variables: Readonly<Record<string, VariableSpec>>, name: string) {
  if (name.toLowerCase() === 'system.debug') return true;
  const found = Object.entries(variables).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return found?.[1].allowOverride === true;
}

/** Run n (0-based) of a definition follows `runs[min(n, runs.length - 1)]` (scenario model). */
export function nextRunScript(definition: DefinitionRef, runNumber: number): RunScript {
  const runs = definition.spec.runs;
  return runs[Math.min(runNumber, runs.length - 1)] ?? { queueMs: 0, finalizeMs: 0, stages: [] };
}

/** How many runs of a definition were created so far (deleted ones still count). */
export function runCount(state: SimState, definition: DefinitionRef): number {
  let count = 0;
  for (const build of state.buildsEverCreated()) {
    if (build.projectId === definition.project.id && build.definitionId === definition.spec.id) {
      count++;
    }
  }
  return count;
}

/** The sequence number of the request being handled, found in the request log. */
export function currentRequestSeq(state: SimState, operation: string): number | null {
  const entry = state.requests.findLast((e) => e.operation === operation && e.status === null);
  return entry?.seq ?? null;
}

/**
 * Creates and stores a run (or build) at the current simulated time. The request must have been
 * validated: this only fills in defaults, numbers the run and picks its script.
 */
export function createBuildRecord(
  state: SimState,
  definition: DefinitionRef,
  request: QueueRequest,
  requestedBy: Identity,
  createdFrom: BuildOrigin,
): BuildRecord {
  const now = state.now();
  const runNumber = runCount(state, definition);
  const id = state.nextBuildId();
  const sourceBranch = normalizeBranch(request.sourceBranch ?? definition.spec.defaultBranch);
  const record: BuildRecord = {
    id,
    kind: definition.kind,
    projectId: definition.project.id,
    definitionId: definition.spec.id,
    definitionRevision: definition.spec.revision,
    buildNumber: buildNumberFor(state, definition, now),
    queuedAt: now,
    script: nextRunScript(definition, runNumber),
    sourceBranch,
    sourceVersion:
      request.sourceVersion ??
      seededCommit(state.scenario.seed, `${definition.spec.repository}:${sourceBranch}`),
    variables: request.variables,
    templateParameters: request.templateParameters,
    stagesToSkip: request.stagesToSkip,
    requestedBy,
    planId: state.guid(`plan:${id}`),
    createdFrom,
    cancelRequestedAt: null,
    canceledBy: null,
    stageCancels: new Map(),
    approvalDecisions: new Map(),
    forcedFinish: null,
  };
  state.builds.set(id, record);
  return record;
}

/** `$(date:yyyyMMdd)$(rev:.r)`, the default build number format. */
function buildNumberFor(state: SimState, definition: DefinitionRef, now: number): string {
  const date = new Date(now).toISOString().slice(0, 10).replaceAll('-', '');
  let revision = 1;
  for (const build of state.buildsEverCreated()) {
    if (
      build.projectId === definition.project.id &&
      build.definitionId === definition.spec.id &&
      build.buildNumber.startsWith(`${date}.`)
    ) {
      revision++;
    }
  }
  return `${date}.${revision}`;
}
