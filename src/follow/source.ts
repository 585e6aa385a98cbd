import type {
  Build,
  ConnectionData,
  PipelineApproval,
  Release,
  ReleaseApproval,
  Timeline,
} from '../azdo/types.ts';

/** A call made while stopping: bounded by the shutdown's deadline. */
export interface StopCall {
  readonly signal?: AbortSignal | undefined;
}

/**
 * The Azure DevOps operations `follow()` needs, by project. The client in src/azdo satisfies it;
 * tests may give it a client pointed at the simulator. Every method may throw the client's errors.
 */
export interface FollowSource {
  /** GET build (a pipeline run is a build: same id, docs/design/azure-devops.md §1). */
  getBuild(project: string, buildId: number): Promise<Build>;
  /** GET the build timeline; with `changeId`, only records changed after it (§2.4). */
  getTimeline(project: string, buildId: number, changeId?: number): Promise<Timeline>;
  /** Lines `startLine`..`endLine` (1-based, inclusive) of a build log; all when omitted. */
  getBuildLogLines(
    project: string,
    buildId: number,
    logId: number,
    range?: { readonly startLine?: number; readonly endLine?: number },
  ): Promise<readonly string[]>;
  /** GET a YAML approval with its steps (who can approve). */
  getPipelineApproval(project: string, approvalId: string): Promise<PipelineApproval>;
  /** PATCH a YAML approval: approve or reject, with a comment. */
  answerPipelineApproval(
    project: string,
    approvalId: string,
    status: 'approved' | 'rejected',
    comment: string,
  ): Promise<PipelineApproval>;
  /** PATCH build status `cancelling` (§2.3), sent again on failure until `signal` ends it. */
  cancelBuild(project: string, buildId: number, call?: StopCall): Promise<Build>;

  /** GET release, with `$expand=tasks` when `withTasks` (deploy phases' tasks, for failures). */
  getRelease(
    project: string,
    releaseId: number,
    options?: { readonly withTasks?: boolean },
  ): Promise<Release>;
  /** Lines of a release task's log (text). */
  getReleaseTaskLog(
    project: string,
    releaseId: number,
    environmentId: number,
    deployPhaseId: string,
    taskId: number,
  ): Promise<readonly string[]>;
  /** PATCH a release approval (`comments`, plural: §4.4). */
  answerReleaseApproval(
    project: string,
    approvalId: number,
    status: 'approved' | 'rejected',
    comments: string,
  ): Promise<ReleaseApproval>;
  /** PATCH a release stage: `inProgress` deploys it, `canceled` cancels it (§4.3). */
  updateReleaseEnvironment(
    project: string,
    releaseId: number,
    environmentId: number,
    status: 'inProgress' | 'canceled',
    comment: string,
    call?: StopCall,
  ): Promise<unknown>;

  /** Who aztm is signed in as (to tell approvals assigned to the caller). */
  getConnectionData(): Promise<ConnectionData>;
}
