/**
 * devops-flow-manager as a library: trigger an Azure DevOps YAML pipeline run, a classic build or
 * a classic release, follow it to its end, and get its outcome, without the command line.
 *
 * ```ts
 * import { connect, exitCodeOf, runTarget } from 'devops-flow-manager';
 *
 * const client = connect({ organization: 'https://dev.azure.com/contoso', pat: process.env.PAT });
 * const run = await runTarget(client, {
 *   kind: 'pipeline', project: 'Infrastructure', pipeline: { name: 'infra\\deploy-gateway' },
 *   branch: 'main', variables: {}, templateParameters: { env: 'prod' }, stagesToSkip: [],
 * }, {
 *   dryRun: false, noWait: false,
 *   follow: { pollIntervalMs: 10_000, signal: AbortSignal.timeout(3_600_000) },
 *   onEvent: (event) => console.error(event.type),
 * });
 * if (run.kind === 'followed') console.log(run.outcome.result);
 * process.exitCode = exitCodeOf(run, false); // as `aztm pipeline` would exit
 * ```
 *
 * A flow file (a graph of such runs) loads with `loadFlowFile` and runs with `runFlow`, as
 * `aztm flow run` runs it. All clients may share one `createRequestBudget()` to stay under one
 * request rate together.
 *
 * The parts can also be used one by one: `resolveTarget` (names to ids, inputs checked against
 * the server), `trigger` (start it, get a `Handle`), `follow` (poll it to the end, get an
 * `Outcome`). Progress arrives as `FollowEvent`s through `onEvent`; an `AbortSignal` cancels (or
 * leaves, per `onInterrupt`) what was started. `runTarget` and `watchRun` end with an `End`, one
 * member for each way a trigger or watch can end (refused, lost access, interrupted, ...): they
 * throw only a `UsageError` for a request that does not resolve, and for bugs.
 */
import { credentialFromInputs } from './azdo/auth.ts';
import { createAzureDevOpsClient, type AzureDevOpsClient } from './azdo/client.ts';
import type { RequestBudget } from './azdo/request-budget.ts';
import type { Exchange } from './azdo/exchange.ts';

export { createAzureDevOpsClient, credentialFromInputs };
export type { AzureDevOpsClient, AzureDevOpsClientOptions } from './azdo/client.ts';
export type { Credential, CredentialInputs } from './azdo/auth.ts';
export type { Exchange } from './azdo/exchange.ts';
export { AzureDevOpsError, isAzureDevOpsError } from './azdo/errors.ts';
export type { AzureDevOpsErrorKind } from './azdo/errors.ts';
export { UsageError } from './errors.ts';
export { resolveTarget, resolveHandle } from './resolve/index.ts';
export { trigger, describeTarget, TriggerError } from './trigger.ts';
export { follow } from './follow/follow.ts';
export { LostAccessError } from './follow/lost-access.ts';
export { LostCreateError } from './recover/lost-create.ts';
export type { FollowOptions, ShowLogs, StopAction } from './follow/follow-options.ts';
export type { FollowClient } from './follow/follow.ts';
export type { FollowEvent, FollowEventListener } from './follow/events.ts';
export type {
  ApprovalView,
  FailureDetail,
  JobView,
  RunStatus,
  Snapshot,
  StageState,
  StageView,
} from './follow/snapshot.ts';
export { followToEnd, runTarget, watchRun } from './run.ts';
export type { End, EndKind, Triggered } from './end.ts';
export { EXIT, exitCodeOf } from './end-mapping.ts';
export type { ExitCode } from './end-mapping.ts';
export { createRequestBudget, DEFAULT_MAX_REQUESTS_PER_SECOND } from './azdo/request-budget.ts';
export type { RequestBudget, RequestBudgetOptions } from './azdo/request-budget.ts';
export { FlowError, loadFlowFile, parseFlow, waves } from './flow/index.ts';
export type { Flow, FlowStep, StepCondition } from './flow/index.ts';
export { runFlow } from './flow/run-flow.ts';
export type { RunFlowOptions } from './flow/run-flow.ts';
export type { KeptRecord, StepResult } from './flow/scheduler.ts';
export type {
  EndedRecord,
  FlowRun,
  StepChange,
  StepPhase,
  StepRecord,
} from './flow/step-record.ts';
export type { RunTargetOptions, WatchOptions } from './run.ts';
export type { Outcome, Result, StageOutcome, StageResult } from './outcome.ts';
export type {
  ArtifactVersion,
  BuildRequest,
  BuildTarget,
  DefinitionSelector,
  Handle,
  PipelineRequest,
  PipelineTarget,
  ReleaseRequest,
  ReleaseTarget,
  Target,
  TargetRequest,
  VariableValue,
} from './target.ts';

/** Where and as whom to connect. Exactly one of `pat` and `token` (or `systemAccessToken`). */
export interface ConnectOptions {
  /** `https://dev.azure.com/ORG`, `https://ORG.visualstudio.com`, a Server collection URL, or ORG. */
  readonly organization: string;
  /** A personal access token (sent as Basic), or a JWT such as System.AccessToken (as Bearer). */
  readonly pat?: string;
  /** A bearer token. */
  readonly token?: string;
  /** The pipeline job's token, used when neither `pat` nor `token` is given. */
  readonly systemAccessToken?: string;
  /** Shared with other clients to stay under one request rate together; its own otherwise. */
  readonly budget?: RequestBudget;
  /**
   * Told every request attempt (a retry too) with its answer, or the error when none came, as
   * `aztm --trace` records them. The request headers hold the Authorization header as sent:
   * redact before keeping them.
   */
  readonly onExchange?: (exchange: Exchange) => void;
}

/**
 * A client for one organization, signed in as `pat`, `token` or `systemAccessToken`.
 * @throws UsageError when the organization URL is malformed or no credential is given.
 */
export function connect(options: ConnectOptions): AzureDevOpsClient {
  const credential = credentialFromInputs({
    ...(options.pat ? { pat: options.pat } : {}),
    ...(options.token ? { token: options.token } : {}),
    ...(options.systemAccessToken ? { systemAccessToken: options.systemAccessToken } : {}),
  });
  return createAzureDevOpsClient({
    organizationUrl: options.organization,
    credential,
    ...(options.budget ? { budget: options.budget } : {}),
    ...(options.onExchange ? { onExchange: options.onExchange } : {}),
  });
}
