/**
 * `flow plan`: every step's target resolved against the server (names → ids, inputs checked, as
 * `--dry-run` does), laid out in the waves the steps would start in. Reads only.
 */
import { describeTarget } from '../resolve/describe.ts';
import { resolveTarget, type InputNames, type ResolveClient } from '../resolve/index.ts';
import type { Target } from '../target.ts';
import { waves } from './graph.ts';
import type { Flow, FlowStep } from './model.ts';

interface PlannedStep {
  readonly step: FlowStep;
  readonly target: Target;
}

/** A step whose target could not be resolved; `cause` is the UsageError or AzureDevOpsError. */
export class StepPlanError extends Error {
  readonly stepId: string;

  constructor(stepId: string, cause: unknown) {
    super(`step "${stepId}": ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'StepPlanError';
    this.stepId = stepId;
  }
}

/** Resolution messages name the flow file's keys, not the command line's flags. */
const FLOW_INPUT_NAMES: InputNames = {
  pipeline: 'pipeline',
  pipelineId: 'pipelineId',
  definition: 'definition',
  definitionId: 'definitionId',
  variables: 'variables',
  stages: 'stages',
  artifacts: 'artifacts',
};

/**
 * Resolves every step, in file order so that the first fault reported is the first in the file.
 * `clientFor` gives the client of a step's organization.
 * @throws StepPlanError for the first step that does not resolve.
 */
export async function planFlow(
  flow: Flow,
  clientFor: (step: FlowStep) => ResolveClient,
  options: { readonly signal?: AbortSignal } = {},
): Promise<PlannedStep[][]> {
  const targets = new Map<string, Target>();
  for (const step of flow.steps) {
    try {
      const target = await resolveTarget(clientFor(step), step.request, {
        inputNames: FLOW_INPUT_NAMES,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      targets.set(step.id, target);
    } catch (error) {
      throw new StepPlanError(step.id, error);
    }
  }
  return waves(flow).map((wave) =>
    wave.map((step) => {
      const target = targets.get(step.id);
      // Every step was resolved above; a missing one is a bug.
      if (!target) throw new Error(`step "${step.id}" was not resolved`);
      return { step, target };
    }),
  );
}

/**
 * The plan as `flow plan` prints it: one heading line per step, `wave N: id (kind "name", id N)`
 * with its dependencies and condition when not the default, then what it would trigger.
 */
export function planText(plan: readonly (readonly PlannedStep[])[]): string {
  const lines: string[] = [];
  plan.forEach((wave, index) => {
    for (const { step, target } of wave) {
      const notes = [
        ...(step.dependsOn.length > 0 ? [`after ${step.dependsOn.join(', ')}`] : []),
        ...(step.condition !== 'succeeded()' ? [`when ${step.condition}`] : []),
        ...(step.continueOnError ? ['continue on error'] : []),
      ];
      lines.push(
        `wave ${index + 1}: ${step.id} (${targetName(target)})${notes.map((note) => `, ${note}`).join('')}`,
        `  would ${describeTarget(target)}`,
      );
    }
  });
  const steps = plan.reduce((count, wave) => count + wave.length, 0);
  lines.push(
    `${steps} step${steps === 1 ? '' : 's'} in ${plan.length} wave${plan.length === 1 ? '' : 's'}; nothing was triggered.`,
  );
  return `${lines.join('\n')}\n`;
}

/** `release "Scan Pre Prod", id 13`. */
function targetName(target: Target): string {
  switch (target.kind) {
    case 'pipeline':
      return `pipeline "${target.pipelinePath}", id ${target.pipelineId}`;
    case 'build':
      return `build "${target.definitionPath}", id ${target.definitionId}`;
    case 'release':
      return `release "${target.definitionName}", id ${target.definitionId}`;
  }
}
