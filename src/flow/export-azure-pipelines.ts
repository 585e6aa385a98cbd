/**
 * `flow export --to azure-pipelines`: the flow as an Azure Pipelines YAML pipeline, one job per
 * step running aztm, in the shape of the seed's hand-written pipeline (jobs with `dependsOn`, the
 * inputs as `aztm_*` variables, `aztm_pat: $(System.AccessToken)`).
 */
import { Document } from 'yaml';
import { stepEnvironment } from './export-env.ts';
import { identifierOf, stepIdentifiers } from './export-names.ts';
import type { Flow, FlowStep } from './model.ts';

export interface AzurePipelinesExportOptions {
  /** The flow file's name, for the header comment. */
  readonly file: string;
  /** The aztm version the jobs run, pinned so the pipeline behaves as it did when exported. */
  readonly version: string;
}

/**
 * Minutes the job gets beyond the step's timeout: aztm must reach its own `--timeout` first and
 * cancel the run it triggered (exit 4), not be killed by the agent and leave the run going.
 */
const JOB_TIMEOUT_MARGIN_MINUTES = 5;

export function exportAzurePipelines(flow: Flow, options: AzurePipelinesExportOptions): string {
  const names = stepIdentifiers(flow.steps);
  const document = new Document({
    // A flow runs when asked to, not on every push to the repository holding it.
    trigger: 'none',
    jobs: flow.steps.map((step) => job(step, names, options.version)),
  });
  document.commentBefore = [
    ` Generated from ${options.file} by aztm ${options.version} (aztm flow export).`,
    ' Edit the flow file and export again rather than editing this file.',
  ].join('\n');
  return document.toString({ lineWidth: 0 });
}

function job(
  step: FlowStep,
  names: ReadonlyMap<string, string>,
  version: string,
): Record<string, unknown> {
  const flags = [
    ...(step.timeoutMs === null ? [] : [`--timeout ${Math.ceil(step.timeoutMs / 1000)}s`]),
    ...(step.allowPartial ? ['--allow-partial'] : []),
  ];
  return {
    job: identifierOf(names, step.id),
    displayName: step.displayName,
    ...(step.dependsOn.length > 0
      ? { dependsOn: step.dependsOn.map((id) => identifierOf(names, id)) }
      : {}),
    // Azure Pipelines' own default for a job with dependencies; said only when it differs.
    ...(step.condition === 'succeeded()' ? {} : { condition: step.condition }),
    ...(step.continueOnError ? { continueOnError: true } : {}),
    ...(step.timeoutMs === null
      ? {}
      : { timeoutInMinutes: Math.ceil(step.timeoutMs / 60_000) + JOB_TIMEOUT_MARGIN_MINUTES }),
    steps: [
      {
        script: [`npx --yes devops-flow-manager@${version} ${step.request.kind}`, ...flags].join(
          ' ',
        ),
        displayName: `aztm ${step.request.kind}: ${step.displayName}`,
        env: {
          // Without an organization in the flow, the one the exported pipeline runs in.
          aztm_organization: step.organization ?? '$(System.CollectionUri)',
          aztm_project: step.request.project,
          ...stepEnvironment(step.request),
          // The job's own token (the seed's choice); never a secret value in the file.
          aztm_pat: '$(System.AccessToken)',
        },
      },
    ],
  };
}
