import type { StageCondition, TaskResultName } from '../scenario/model.ts';
import type { StagePlan, TimelineResult } from './build-plan.ts';

/** Azure Pipelines' rules for results and stage order, as the schedule applies them. */

export type BuildResultName = 'succeeded' | 'partiallySucceeded' | 'failed' | 'canceled';

/** How bad a task result is: a job or stage takes its worst task's result. */
export const SEVERITY: Readonly<Record<TaskResultName, number>> = {
  succeeded: 0,
  succeededWithIssues: 1,
  canceled: 2,
  failed: 3,
};

/** Stage conditions as Azure Pipelines evaluates them against the stage's dependencies. */
export function conditionHolds(
  condition: StageCondition,
  depResults: readonly (TimelineResult | null)[],
): boolean {
  switch (condition) {
    case 'succeeded':
      return depResults.every((r) => r === 'succeeded' || r === 'succeededWithIssues');
    case 'failed':
      return depResults.some((r) => r === 'failed');
    case 'succeededOrFailed':
    case 'always':
      return true;
  }
}

/** failed > canceled > partiallySucceeded > succeeded; skipped stages do not count. */
export function buildResult(stageResults: Iterable<TimelineResult | null>): BuildResultName {
  const results = new Set(stageResults);
  if (results.has('failed')) return 'failed';
  if (results.has('canceled')) return 'canceled';
  if (results.has('succeededWithIssues')) return 'partiallySucceeded';
  return 'succeeded';
}

/** Stages in an order where each comes after its dependencies; stages in a cycle never run. */
export function topologicalOrder(stages: readonly StagePlan[]): StagePlan[] {
  const names = new Set(stages.map((plan) => plan.script.name));
  const done = new Set<string>();
  const ordered: StagePlan[] = [];
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const plan of stages) {
      if (done.has(plan.script.name)) continue;
      if (plan.script.dependsOn.every((dep) => done.has(dep) || !names.has(dep))) {
        done.add(plan.script.name);
        ordered.push(plan);
        progressed = true;
      }
    }
  }
  return [...ordered, ...stages.filter((plan) => !done.has(plan.script.name))];
}
