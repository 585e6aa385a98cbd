/**
 * `flow export --to azure-pipelines`: the flow as an Azure Pipelines YAML pipeline, one job per
 * step running aztm, in the shape of the seed's hand-written pipeline (jobs with `dependsOn`, the
 * inputs as `aztm_*` variables), safe to commit: it runs only when started (no push or pull
 * request trigger), a job for another organization signs in with that organization's own token
 * from a secret variable, never the job's, every job has a time limit and checks out nothing, and
 * a value means what it means in `flow run` (a `$(` in it is not expanded by the agent).
 */
import { Document } from 'yaml';
import { organizationVariableSuffix, parseOrganizationUrl } from '../azdo/organization.ts';
import { UsageError } from '../errors.ts';
import { stepEnvironment } from './export-env.ts';
import { identifierOf, stepIdentifiers } from './export-names.ts';
import type { Flow, FlowStep } from './model.ts';

interface AzurePipelinesExportOptions {
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

/**
 * A job's `timeoutInMinutes` when the step has no timeout: 0 is "the longest the agent allows"
 * (Azure Pipelines' YAML schema, jobs.job.timeoutInMinutes), where the default would be 60
 * minutes and the agent would stop aztm while the run it follows goes on.
 */
const NO_JOB_TIMEOUT = 0;

/**
 * The job variable holding a lone `$`. The agent expands `$(name)` in a step's `env` in one pass,
 * never again in what it put in (the agent's VarUtil.ExpandValues, microsoft/azure-pipelines-agent:
 * "does not perform recursive replacement"), so `$(` in a value is written
 * `$(aztmLiteralDollar)(` and reaches aztm as `$(`, as `flow run` reads it. The name does not
 * start with `aztm_`: the agent gives every variable to the job's environment too.
 */
const DOLLAR_VARIABLE = 'aztmLiteralDollar';

export function exportAzurePipelines(flow: Flow, options: AzurePipelinesExportOptions): string {
  if (Number.isFinite(flow.maxParallel)) {
    throw new UsageError(
      'maxParallel',
      `maxParallel: ${flow.maxParallel} cannot be kept in an Azure Pipelines pipeline: its jobs run as many at once as the organization's parallel jobs allow, and no pipeline setting limits them; remove maxParallel from the flow file to export it`,
    );
  }
  const names = stepIdentifiers(flow.steps);
  const home = flow.organization === undefined ? null : organizationKey(flow.organization);
  const jobs = flow.steps.map((step) => job(step, names, options.version, home));
  const document = new Document({
    // A flow runs when asked to, not on every push or pull request to the repository holding it.
    trigger: 'none',
    pr: 'none',
    ...(jobs.some((entry) => entry.usesDollar) ? { variables: { [DOLLAR_VARIABLE]: '$' } } : {}),
    jobs: jobs.map((entry) => entry.job),
  });
  const secretVariables = [...new Set(jobs.flatMap((entry) => entry.secretVariables))];
  document.commentBefore = [
    ` Generated from ${options.file} by aztm ${options.version} (aztm flow export).`,
    ' Edit the flow file and export again rather than editing this file.',
    ...(secretVariables.length > 0
      ? [
          ' Define these secret variables of the pipeline first: aztm_pat_<ORG>, a token of',
          ' organization ORG; aztm_variables_<JOB>, the JSON shown with each *** the secret value.',
          ...secretVariables.map((name) => `   ${name}`),
        ]
      : []),
  ].join('\n');
  return document.toString({ lineWidth: 0 });
}

interface ExportedJob {
  readonly job: Record<string, unknown>;
  /**
   * The secret variables the job reads, each with what it must hold when that is not a token:
   * its organization's token (none: the job's own), its queue-time variables with secret values.
   */
  readonly secretVariables: readonly string[];
  readonly usesDollar: boolean;
}

function job(
  step: FlowStep,
  names: ReadonlyMap<string, string>,
  version: string,
  home: string | null,
): ExportedJob {
  const flags = [
    ...(step.timeoutMs === null ? [] : [`--timeout ${Math.ceil(step.timeoutMs / 1000)}s`]),
    ...(step.allowPartial ? ['--allow-partial'] : []),
  ];
  const tokenVariable = otherOrganizationToken(step, home);
  const inputs: Record<string, string> = {
    ...(step.organization === undefined ? {} : { aztm_organization: step.organization }),
    aztm_project: step.request.project,
    ...stepEnvironment(step.request),
  };
  const literal = Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [name, literalValue(value)]),
  );
  const secrets = secretVariablesOf(step, identifierOf(names, step.id));
  // The queue-time variables, secret values among them, come from a secret variable whole: the
  // agent puts a secret's value in as it is, which would break the JSON around it.
  if (secrets) literal.aztm_variables = `$(${secrets.name})`;
  const env = {
    // Without an organization in the flow, the one the exported pipeline runs in.
    aztm_organization: '$(System.CollectionUri)',
    ...literal,
    // Another organization's token from its secret variable (a secret is given to a step only
    // when its env names it); else the job's own token, as the seed's pipeline does. Never a
    // secret value in the file.
    aztm_pat: tokenVariable === undefined ? '$(System.AccessToken)' : `$(${tokenVariable})`,
  };
  return {
    job: {
      job: identifierOf(names, step.id),
      displayName: step.displayName,
      ...(step.dependsOn.length > 0
        ? { dependsOn: step.dependsOn.map((id) => identifierOf(names, id)) }
        : {}),
      // Azure Pipelines' own default for a job with dependencies; said only when it differs.
      ...(step.condition === 'succeeded()' ? {} : { condition: step.condition }),
      ...(step.continueOnError ? { continueOnError: true } : {}),
      timeoutInMinutes:
        step.timeoutMs === null
          ? NO_JOB_TIMEOUT
          : Math.ceil(step.timeoutMs / 60_000) + JOB_TIMEOUT_MARGIN_MINUTES,
      steps: [
        // aztm needs nothing from the repository: the flow is in the job's variables.
        { checkout: 'none' },
        {
          script: [`npx --yes devops-flow-manager@${version} ${step.request.kind}`, ...flags].join(
            ' ',
          ),
          displayName: `aztm ${step.request.kind}: ${step.displayName}`,
          env,
        },
      ],
    },
    secretVariables: [
      ...(tokenVariable === undefined ? [] : [tokenVariable]),
      ...(secrets ? [`${secrets.name}: ${secrets.shape}`] : []),
    ],
    usesDollar: Object.values(inputs).some((value) => value.includes('$(')),
  };
}

/**
 * For a step with secret queue-time variables: the secret variable to hold its `aztm_variables`,
 * and that JSON with each secret value shown as `***`.
 */
function secretVariablesOf(
  step: FlowStep,
  job: string,
): { readonly name: string; readonly shape: string } | undefined {
  const variables = Object.entries(step.request.variables);
  if (!variables.some(([, variable]) => variable.isSecret)) return undefined;
  const shape = Object.fromEntries(
    variables.map(([name, variable]) => [
      name,
      variable.isSecret ? { value: '***', isSecret: true } : variable.value,
    ]),
  );
  return { name: `aztm_variables_${job}`, shape: JSON.stringify(shape) };
}

/** `value` as the agent passes it on unchanged: each `$(` spelt through the `$` variable. */
function literalValue(value: string): string {
  return value.replaceAll('$(', `$(${DOLLAR_VARIABLE})(`);
}

/**
 * `aztm_pat_<ORG>` for a step in an organization other than the flow's own (the one the
 * pipeline runs in): the job's `$(System.AccessToken)` is valid in its own organization only,
 * so another would answer 401. Without an organization in the flow, every step that names one is
 * taken as another's: the export cannot know where the pipeline will run.
 */
function otherOrganizationToken(step: FlowStep, home: string | null): string | undefined {
  if (step.organization === undefined) return undefined;
  const own = organizationKey(step.organization);
  if (own === home) return undefined;
  return `aztm_pat_${organizationVariableSuffix(parseOrganizationUrl(step.organization).name)}`;
}

/** An organization as compared: its collection URL, in lower case. */
function organizationKey(organization: string): string {
  return parseOrganizationUrl(organization).url.toLowerCase();
}
