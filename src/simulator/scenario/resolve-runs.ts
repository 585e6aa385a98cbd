/** Expands what runs, stages, jobs, tasks and approvals do, shorthands included, with defaults. */
import { checkExclusive, checkUnique, findCycle, owner } from './checks.ts';
import type { ApprovalScript, JobScript, RunScript, StageScript, TaskScript } from './model.ts';
import type {
  RawApproval,
  RawClassicRun,
  RawJob,
  RawJobsBody,
  RawLog,
  RawRun,
  RawStage,
  RawTaskBody,
  RawTasksBody,
} from './raw.ts';
import { resolveDuration } from './resolve-values.ts';
import { fail, type ScenarioSource, type YamlPath } from './yaml-source.ts';

/** The same defaults as test/helpers/scenario-builder.ts. */
const DEFAULT_TASK_NAME = 'Run script';
const DEFAULT_TASK_MS = 10_000;
const DEFAULT_JOB_NAME = 'Job';
const DEFAULT_STAGE_NAME = 'Build';
/** The one implicit stage of a classic build (model.ts, RunScript). */
const CLASSIC_STAGE_NAME = '__default';
/** The one stage of a YAML pipeline without `stages:` (docs/design/azure-devops.md §13 row 5). */
const IMPLICIT_STAGE_NAME = '__default';
const DEFAULT_APPROVERS: readonly string[] = ['Release Managers'];

const TASK_KEYS = ['duration', 'result', 'log'];
const TASKS_HINT = 'give the tasks as a list under "tasks", or one task with duration/result/log';
const JOBS_HINT =
  'give the jobs under "jobs", one job\'s tasks under "tasks", or one task with duration/result/log';

/** A multi-line string is split into lines; the newline a `|` block ends with is not a line. */
function resolveLog(log: RawLog | undefined): string[] {
  if (log === undefined) return [];
  if (typeof log !== 'string') return [...log];
  const lines = log.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function resolveTask(
  source: ScenarioSource,
  path: YamlPath,
  name: string,
  body: RawTaskBody,
): TaskScript {
  return {
    name,
    durationMs: resolveDuration(source, [...path, 'duration'], body.duration, DEFAULT_TASK_MS),
    result: body.result ?? 'succeeded',
    log: resolveLog(body.log),
  };
}

/** `tasks: [...]`, or one task from duration/result/log (all defaulted when none is given). */
export function resolveTasks(
  source: ScenarioSource,
  path: YamlPath,
  body: RawTasksBody,
): TaskScript[] {
  checkExclusive(source, path, body, [['tasks'], TASK_KEYS], TASKS_HINT);
  if (!body.tasks) return [resolveTask(source, path, DEFAULT_TASK_NAME, body)];
  return body.tasks.map((task, index) =>
    resolveTask(source, [...path, 'tasks', index], task.name ?? DEFAULT_TASK_NAME, task),
  );
}

function resolveJob(source: ScenarioSource, path: YamlPath, raw: RawJob): JobScript {
  return {
    name: raw.name,
    displayName: raw.displayName ?? raw.name,
    tasks: resolveTasks(source, path, raw),
  };
}

/** `jobs: [...]`, one job named Job from `tasks`, or one job with one task by shorthand. */
function resolveJobs(source: ScenarioSource, path: YamlPath, body: RawJobsBody): JobScript[] {
  checkExclusive(source, path, body, [['jobs'], ['tasks'], TASK_KEYS], JOBS_HINT);
  if (!body.jobs) {
    return [
      {
        name: DEFAULT_JOB_NAME,
        displayName: DEFAULT_JOB_NAME,
        tasks: resolveTasks(source, path, body),
      },
    ];
  }
  const jobs = body.jobs;
  // Job and stage names are identifiers; Azure Pipelines compares them ignoring letter case.
  checkUnique(
    source,
    'job name',
    jobs.map((job, index) => ({
      key: job.name.toLowerCase(),
      label: JSON.stringify(job.name),
      path: [...path, 'jobs', index, 'name'],
      owner: owner([...path, 'jobs', index]),
    })),
  );
  return jobs.map((job, index) => resolveJob(source, [...path, 'jobs', index], job));
}

/** A bare `pending`/`approved`/`rejected` is that outcome at once, with the default approvers. */
export function resolveApproval(
  source: ScenarioSource,
  path: YamlPath,
  raw: RawApproval | undefined,
): ApprovalScript | null {
  if (raw === undefined) return null;
  const full = typeof raw === 'string' ? { outcome: raw } : raw;
  return {
    approvers: [...(full.approvers ?? DEFAULT_APPROVERS)],
    instructions: full.instructions ?? '',
    outcome: full.outcome ?? 'pending',
    afterMs: resolveDuration(source, [...path, 'after'], full.after, 0),
    comment: full.comment ?? '',
  };
}

function resolveStages(
  source: ScenarioSource,
  path: YamlPath,
  raws: readonly RawStage[],
): StageScript[] {
  checkUnique(
    source,
    'stage name',
    raws.map((stage, index) => ({
      key: stage.name.toLowerCase(),
      label: JSON.stringify(stage.name),
      path: [...path, index, 'name'],
      owner: owner([...path, index]),
    })),
  );
  const names = raws.map((stage) => stage.name);
  const stages = raws.map((raw, index): StageScript => {
    const stagePath = [...path, index];
    const dependsOn = resolveDependsOn(source, [...stagePath, 'dependsOn'], raw, names, index);
    return {
      name: raw.name,
      displayName: raw.displayName ?? raw.name,
      dependsOn,
      condition: raw.condition ?? 'succeeded',
      approval: resolveApproval(source, [...stagePath, 'approval'], raw.approval),
      jobs: resolveJobs(source, stagePath, raw),
    };
  });
  const cycle = findCycle(stages.map((stage) => ({ name: stage.name, after: stage.dependsOn })));
  if (cycle) {
    const index = names.indexOf(cycle[0] ?? '');
    fail(source, [...path, index, 'dependsOn'], `dependency cycle: ${cycle.join(' -> ')}`);
  }
  return stages;
}

/** Default: the previous stage (none for the first); an explicit `[]` means none. */
function resolveDependsOn(
  source: ScenarioSource,
  path: YamlPath,
  raw: RawStage,
  names: readonly string[],
  index: number,
): string[] {
  const previous = names[index - 1];
  if (raw.dependsOn === undefined) return previous === undefined ? [] : [previous];
  const listed = typeof raw.dependsOn === 'string' ? [raw.dependsOn] : raw.dependsOn;
  listed.forEach((name, position) => {
    if (!names.includes(name)) {
      const at = typeof raw.dependsOn === 'string' ? path : [...path, position];
      fail(source, at, `unknown stage "${name}"; the stages of this run are ${names.join(', ')}`);
    }
  });
  return [...new Set(listed)];
}

/** `run`, `runs`, or neither: one run with one stage Build, one job, one 10s task. */
export function resolvePipelineRuns(
  source: ScenarioSource,
  path: YamlPath,
  raw: { readonly run?: RawRun; readonly runs?: readonly RawRun[] },
): RunScript[] {
  checkExclusive(source, path, raw, [['run'], ['runs']], RUNS_HINT);
  if (raw.runs)
    return raw.runs.map((run, i) => resolvePipelineRun(source, [...path, 'runs', i], run));
  return [resolvePipelineRun(source, [...path, 'run'], raw.run ?? {})];
}

const RUNS_HINT = 'give "run" (what every run does) or "runs" (run n follows runs[n])';

function resolvePipelineRun(source: ScenarioSource, path: YamlPath, raw: RawRun): RunScript {
  const queueMs = resolveDuration(source, [...path, 'queue'], raw.queue, 0);
  const finalizeMs = resolveDuration(source, [...path, 'finalize'], raw.finalize, 0);
  // `stages: []`: a pipeline whose YAML has no `stages:`, its jobs at the top level.
  const stageless = raw.stages?.length === 0;
  if (!stageless) {
    checkExclusive(
      source,
      path,
      raw,
      [['stages'], ['approval', 'jobs', 'tasks', ...TASK_KEYS]],
      'list the stages under "stages", describe one stage (named Build) without "stages", or give "stages: []" for a pipeline without stages',
    );
  }
  if (raw.stages && !stageless)
    return {
      queueMs,
      finalizeMs,
      stages: resolveStages(source, [...path, 'stages'], raw.stages),
    };
  // The service runs a pipeline without stages in one implicit stage, whose Stage record is named
  // and identified `__default` (docs/design/azure-devops.md §13 row 5; azure-devops-docs
  // docs/service-hooks/events.md samples).
  const name = stageless ? IMPLICIT_STAGE_NAME : DEFAULT_STAGE_NAME;
  const stage: StageScript = {
    name,
    displayName: name,
    dependsOn: [],
    condition: 'succeeded',
    approval: resolveApproval(source, [...path, 'approval'], raw.approval),
    jobs: resolveJobs(source, path, raw),
  };
  return { queueMs, finalizeMs, stages: [stage] };
}

/** A classic build has no stages: its jobs run in the one implicit stage `__default`. */
export function resolveClassicRuns(
  source: ScenarioSource,
  path: YamlPath,
  raw: { readonly run?: RawClassicRun; readonly runs?: readonly RawClassicRun[] },
): RunScript[] {
  checkExclusive(source, path, raw, [['run'], ['runs']], RUNS_HINT);
  const resolve = (runPath: YamlPath, run: RawClassicRun): RunScript => ({
    queueMs: resolveDuration(source, [...runPath, 'queue'], run.queue, 0),
    finalizeMs: resolveDuration(source, [...runPath, 'finalize'], run.finalize, 0),
    stages: [
      {
        name: CLASSIC_STAGE_NAME,
        displayName: CLASSIC_STAGE_NAME,
        dependsOn: [],
        condition: 'succeeded',
        approval: null,
        jobs: resolveJobs(source, runPath, run),
      },
    ],
  });
  if (raw.runs) return raw.runs.map((run, i) => resolve([...path, 'runs', i], run));
  return [resolve([...path, 'run'], raw.run ?? {})];
}
