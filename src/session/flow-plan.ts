import { isAzureDevOpsError } from '../azdo/errors.ts';
import { UsageError } from '../errors.ts';
import type { Flow } from '../flow/model.ts';
import { planFlow, StepPlanError } from '../flow/plan.ts';
import { redactingStream } from '../redact.ts';
import { reportRefusal } from './error-report.ts';
import type { StepConnection } from './flow-connection.ts';
import { organizationVariables } from './organization-tokens.ts';

/** Every step's target, wave by wave. */
export type PlannedFlow = Awaited<ReturnType<typeof planFlow>>;

/**
 * Resolves every step (reads only), or reports why one does not resolve: `refused` (nothing was
 * triggered), or a usage error naming the step, thrown.
 */
export async function planOrReport(
  flow: Flow,
  connection: StepConnection,
  stderr: NodeJS.WritableStream,
): Promise<PlannedFlow | 'refused'> {
  try {
    return await planFlow(flow, connection.clientFor);
  } catch (error) {
    if (!(error instanceof StepPlanError)) throw error;
    const { cause } = error;
    if (isAzureDevOpsError(cause)) {
      const redacted = redactingStream(stderr, connection.redactor);
      redacted.write(`aztm: step "${error.stepId}" could not be resolved:\n`);
      reportRefusal(cause, redacted);
      const step = flow.steps.find((candidate) => candidate.id === error.stepId);
      const organization = step && connection.organizationOf(step);
      if (cause.kind === 'signIn' && organization !== undefined) {
        redacted.write(
          `aztm: organization "${organization}" can have a token of its own: ${organizationVariables(organization)}\n`,
        );
      }
      return 'refused';
    }
    if (cause instanceof UsageError) throw new UsageError(cause.input, error.message, { cause });
    throw cause;
  }
}
