import { readDuration } from '../inputs/values.ts';
import { fail, type YamlPath, type YamlSource } from '../yaml/source.ts';
import { checked } from './checked.ts';
import { findCycle } from './graph.ts';
import type { Flow, FlowStep, StepCondition } from './model.ts';
import { STEP_KINDS, type RawFlow, type RawStep } from './raw.ts';
import { stepRequest } from './request.ts';

/**
 * The rules the schema cannot express (docs/design/flow-file.md): unique ids, exactly one kind per
 * step, dependencies that exist and form no cycle, a project for every step, and option values as
 * the shared validators read them. Each refusal points at its node.
 */
export function resolveFlow(source: YamlSource, raw: RawFlow): Flow {
  const seen = new Set<string>();
  const steps = raw.steps.map((step, index) => {
    const at: YamlPath = ['steps', index];
    if (seen.has(step.id)) fail(source, [...at, 'id'], `duplicate step id "${step.id}"`);
    seen.add(step.id);
    return resolveStep(source, raw, step, at);
  });
  checkDependencies(source, steps);
  return {
    ...(raw.organization === undefined ? {} : { organization: raw.organization }),
    ...(raw.project === undefined ? {} : { project: raw.project }),
    maxParallel: raw.maxParallel ?? Number.POSITIVE_INFINITY,
    steps,
  };
}

function resolveStep(source: YamlSource, flow: RawFlow, step: RawStep, at: YamlPath): FlowStep {
  const kinds = STEP_KINDS.filter((kind) => step[kind] !== undefined);
  if (kinds.length === 0)
    fail(source, at, `step "${step.id}" needs one of pipeline, build or release`);
  if (kinds.length > 1) {
    fail(
      source,
      [...at, kinds[1] ?? ''],
      `step "${step.id}" has both ${kinds.join(' and ')}; give exactly one`,
      'key',
    );
  }
  const project = step.project ?? flow.project;
  if (project === undefined) {
    fail(source, at, `no project for step "${step.id}"; set "project" on the step or the flow`);
  }
  const organization = step.organization ?? flow.organization;
  return {
    id: step.id,
    displayName: step.displayName ?? step.id,
    dependsOn: dependencyList(step.dependsOn),
    // The schema allows only these four words.
    condition: (step.condition ?? 'succeeded()') as StepCondition,
    continueOnError: step.continueOnError ?? false,
    timeoutMs:
      step.timeout === undefined
        ? null
        : checked(source, [...at, 'timeout'], (value, input) =>
            readDuration(value, input, { min: 1000 }),
          ),
    allowPartial: step.allowPartial ?? false,
    ...(organization === undefined ? {} : { organization }),
    request: stepRequest(source, step, at, project),
    position: source.locate(at),
  };
}

/** `dependsOn: a` or `dependsOn: [a, b]`, each id once. */
function dependencyList(dependsOn: RawStep['dependsOn']): string[] {
  if (dependsOn === undefined) return [];
  return [...new Set(typeof dependsOn === 'string' ? [dependsOn] : dependsOn)];
}

function checkDependencies(source: YamlSource, steps: readonly FlowStep[]): void {
  const ids = new Set(steps.map((step) => step.id));
  steps.forEach((step, index) => {
    const missing = step.dependsOn.find((id) => !ids.has(id));
    if (missing !== undefined) {
      fail(source, dependencyPath(source, index, missing), `no step has the id "${missing}"`);
    }
  });
  const cycle = findCycle(steps);
  if (cycle) {
    const [first, second] = cycle;
    const index = steps.findIndex((step) => step.id === first);
    fail(source, dependencyPath(source, index, second ?? ''), `a cycle: ${cycle.join(' -> ')}`);
  }
}

/** The path of the `dependsOn` entry naming `id` (a string, or one item of a list). */
function dependencyPath(source: YamlSource, index: number, id: string): YamlPath {
  const at: YamlPath = ['steps', index, 'dependsOn'];
  const raw = (source.data as RawFlow).steps[index]?.dependsOn;
  if (typeof raw === 'string' || raw === undefined) return at;
  const item = raw.indexOf(id);
  return item < 0 ? at : [...at, item];
}
