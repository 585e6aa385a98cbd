/**
 * The resolved scenario: what the simulated organization contains and what each run does.
 * A scenario file (YAML, validated by schemas/scenario.schema.json) is turned into this shape by
 * `loadScenario`, with every default filled in, so the engine and the routes never ask "was this
 * set?". All durations are milliseconds of simulated time.
 */

/** PAT scopes as Azure DevOps names them; `full` grants all of them. */
export const SCOPES = [
  'vso.build',
  'vso.build_execute',
  'vso.release',
  'vso.release_execute',
  'vso.release_manage',
  'vso.pipelineresources_use',
  'vso.code',
] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * Permissions an identity can be denied in a project's security settings, whatever its scopes:
 * the service then answers 403 (TF215106 for builds, VS402904 for releases).
 */
export type Permission = 'queueBuilds' | 'createReleases' | 'manageDeployments';

export interface TokenSpec {
  /** A handle for the admin API and logs; never the secret itself. */
  readonly name: string;
  /** `pat` is accepted as HTTP Basic (any user name), `bearer` as `Authorization: Bearer`. */
  readonly kind: 'pat' | 'bearer';
  readonly value: string;
  /** Display name of the identity behind the token. */
  readonly user: string;
  readonly userId: string;
  readonly scopes: readonly Scope[];
  /** Project names this identity can see; `null` means every project. */
  readonly projects: readonly string[] | null;
  /** Repository names this identity can read; `null` means every repository (TF401019 otherwise). */
  readonly repositories: readonly string[] | null;
  /**
   * Groups this identity belongs to, which approvals can name as approvers. Absent or `null`:
   * every group, so the identity may answer any approval; otherwise it may answer only approvals
   * that name it or one of these groups (403 for the others, docs/design/azure-devops.md §13 row
   * 8).
   */
  readonly groups?: readonly string[] | null;
  /** Permissions this identity is denied (403), though its scopes would allow the call. */
  readonly denied: readonly Permission[];
  /** Simulated time at which the token stops working; `null`: never. */
  readonly expiresAt: number | null;
}

export interface VariableSpec {
  readonly value: string;
  readonly isSecret: boolean;
  /** "Settable at queue time" for pipelines and builds, "Settable at release time" for releases. */
  readonly allowOverride: boolean;
}

export type TaskResultName = 'succeeded' | 'succeededWithIssues' | 'failed' | 'canceled';

export interface TaskScript {
  readonly name: string;
  readonly durationMs: number;
  readonly result: TaskResultName;
  /** Log lines; the simulator adds the agent's own start and finish lines around them. */
  readonly log: readonly string[];
}

export interface JobScript {
  readonly name: string;
  readonly displayName: string;
  readonly tasks: readonly TaskScript[];
}

export interface ApprovalScript {
  readonly approvers: readonly string[];
  readonly instructions: string;
  /** `pending` waits for the approvals API (or the admin API) to answer it. */
  readonly outcome: 'approved' | 'rejected' | 'pending';
  /** Delay after the approval is requested before the scripted outcome happens. */
  readonly afterMs: number;
  readonly comment: string;
}

export type StageCondition = 'succeeded' | 'failed' | 'succeededOrFailed' | 'always';

export interface StageScript {
  /** The stage identifier (what `stagesToSkip` names). */
  readonly name: string;
  readonly displayName: string;
  /** Identifiers of the stages this one waits for. */
  readonly dependsOn: readonly string[];
  readonly condition: StageCondition;
  readonly approval: ApprovalScript | null;
  readonly jobs: readonly JobScript[];
}

/** What one run of a pipeline or classic build does. */
export interface RunScript {
  /** Time spent queued (status notStarted) before the first stage starts. */
  readonly queueMs: number;
  /**
   * Time from the last stage's end to the build's completion: the service finalizes a build after
   * its timeline's last change, so the timeline stays the same while the build is still running.
   */
  readonly finalizeMs: number;
  /**
   * For a classic build, and for a YAML pipeline without stages (`stages: []` in the scenario),
   * exactly one stage whose name is `__default`.
   */
  readonly stages: readonly StageScript[];
}

export interface TemplateParameterSpec {
  readonly default: string;
  /** Allowed values; empty: any. */
  readonly values: readonly string[];
}

export interface PipelineSpec {
  readonly id: number;
  readonly name: string;
  /** Folder path, `\` for the root, otherwise like `\infra\gateway`. */
  readonly folder: string;
  readonly revision: number;
  readonly repository: string;
  readonly defaultBranch: string;
  readonly variables: Readonly<Record<string, VariableSpec>>;
  readonly parameters: Readonly<Record<string, TemplateParameterSpec>>;
  /** Run n (0-based) follows `runs[min(n, runs.length - 1)]`. */
  readonly runs: readonly RunScript[];
}

export interface BuildDefinitionSpec {
  readonly id: number;
  readonly name: string;
  /** Folder path, `\` for the root. */
  readonly path: string;
  readonly revision: number;
  readonly repository: string;
  readonly defaultBranch: string;
  readonly variables: Readonly<Record<string, VariableSpec>>;
  readonly runs: readonly RunScript[];
}

export interface ArtifactVersionSpec {
  /** The build id, as the Release API carries it: a string. */
  readonly id: string;
  /** The build number. */
  readonly name: string;
}

export interface ArtifactSpec {
  readonly alias: string;
  readonly type: 'Build';
  readonly isPrimary: boolean;
  readonly definitionId: number;
  readonly definitionName: string;
  /** The version used when a release does not name one; `null` makes the alias mandatory (VS402962). */
  readonly defaultVersion: ArtifactVersionSpec | null;
  /** Versions that exist; any other requested version id is refused. */
  readonly versions: readonly ArtifactVersionSpec[];
}

export type ReleaseStageTrigger =
  | { readonly kind: 'afterRelease' }
  | { readonly kind: 'manual' }
  | { readonly kind: 'afterStages'; readonly stages: readonly string[] };

/** What deploying one release stage does. */
export interface ReleaseDeployScript {
  readonly approval: ApprovalScript | null;
  readonly tasks: readonly TaskScript[];
}

export interface ReleaseStageSpec {
  /** The definition environment id. */
  readonly id: number;
  readonly name: string;
  readonly rank: number;
  readonly trigger: ReleaseStageTrigger;
  readonly variables: Readonly<Record<string, VariableSpec>>;
  /** Release n (0-based) deploys this stage as `deploys[min(n, deploys.length - 1)]`. */
  readonly deploys: readonly ReleaseDeployScript[];
}

export interface ReleaseDefinitionSpec {
  readonly id: number;
  readonly name: string;
  /** Folder path, `\` for the root. */
  readonly path: string;
  readonly revision: number;
  readonly releaseNameFormat: string;
  readonly variables: Readonly<Record<string, VariableSpec>>;
  readonly artifacts: readonly ArtifactSpec[];
  readonly stages: readonly ReleaseStageSpec[];
  /** Whether the identity that created a release may approve it. */
  readonly releaseCreatorCanBeApprover: boolean;
}

export interface ProjectSpec {
  readonly id: string;
  readonly name: string;
  readonly pipelines: readonly PipelineSpec[];
  readonly buildDefinitions: readonly BuildDefinitionSpec[];
  readonly releaseDefinitions: readonly ReleaseDefinitionSpec[];
}

export type FaultKind =
  /** 429 with Retry-After and X-RateLimit-* headers (docs/design/azure-devops.md §6). */
  | 'throttle'
  /** The request is answered normally, with X-RateLimit-Delay and the other rate-limit headers. */
  | 'rateLimitDelay'
  /** An error status (500, 502, 503, 504) before anything is done; optional Retry-After. */
  | 'serverError'
  /** The connection is reset before the request is handled: nothing happened on the server. */
  | 'resetBeforeHandling'
  /** The request is handled (a create is committed), then the connection is reset unanswered. */
  | 'resetAfterCommit'
  /**
   * The request is handled (a create is committed), then a gateway's error page comes back with
   * `status` (429 or 5xx) and Retry-After if given, instead of the service's answer.
   */
  | 'answerAfterCommit'
  /** The answer is delayed by `delayMs` of real time. */
  | 'slow'
  /** 200 with an empty body. */
  | 'emptyBody'
  /** 200 with an HTML page instead of JSON. */
  | 'htmlBody'
  /** The request is carried out; its JSON answer comes back cut off half-way, with 200. */
  | 'invalidJson'
  /**
   * The request is carried out; every `status`, `state` and `result` text in its answer becomes
   * a value no client knows (a service newer than the client).
   */
  | 'unknownEnum'
  /**
   * 203 with the HTML sign-in page although the token is valid: a proxy in the way, or a token
   * revoked server-side (docs/design/azure-devops.md §5). Nothing is done.
   */
  | 'signInPage'
  /**
   * 400 validation error (BuildRequestValidationFailedException) whose message quotes what the
   * request asked to set: the Build API's `parameters` string, or the Runs API's `variables` as
   * JSON, as a JSON string. Modelled on the service's validation answers (test/fixtures/real/http/
   * shape-400-build-request-validation-failed.json); nothing is done.
   */
  | 'echoParameters';

interface FaultMatch {
  /** HTTP method, upper case; `null` matches any. */
  readonly method: string | null;
  /** Case-insensitive regular expression tested against the URL path; `null` matches any. */
  readonly path: string | null;
}

export interface FaultSpec {
  readonly kind: FaultKind;
  readonly match: FaultMatch;
  /** Matching requests let through before the fault starts. */
  readonly skip: number;
  /** How many matching requests get the fault; `null`: every one from then on. */
  readonly count: number | null;
  /**
   * The chance, above 0 and at most 1, that a matching request past `skip` gets the fault, drawn
   * from the simulator's seeded generator so that a scenario hits the same requests on every run.
   */
  readonly probability: number;
  /** HTTP status for `serverError` (5xx) and `answerAfterCommit` (429 or 5xx). */
  readonly status: number;
  /**
   * Seconds for Retry-After (`throttle`, `rateLimitDelay`; `serverError` and `answerAfterCommit`
   * when set).
   */
  readonly retryAfterSeconds: number | null;
  /** Real milliseconds for `slow`, simulated delay reported by `rateLimitDelay`. */
  readonly delayMs: number;
}

export interface Scenario {
  /** The organization (Services) or collection (Server) name. */
  readonly organization: string;
  /** `services`: dev.azure.com-like, releases on a separate host; `server`: one collection URL. */
  readonly mode: 'services' | 'server';
  /**
   * REST API versions the server speaks: `released` is the newest GA version, `max` the newest
   * preview (Services: 7.1 and 7.2; Azure DevOps Server 2022: 7.0 and 7.0,
   * docs/design/azure-devops.md §9).
   */
  readonly apiVersion: { readonly released: string; readonly max: string };
  /** Seeds every generated GUID, so two runs of a scenario give the same ids. */
  readonly seed: number;
  /** Simulated start time, ms since the epoch (the clock starts here unless told otherwise). */
  readonly startTime: number;
  readonly tokens: readonly TokenSpec[];
  readonly projects: readonly ProjectSpec[];
  readonly faults: readonly FaultSpec[];
}
