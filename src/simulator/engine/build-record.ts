import type { RunScript } from '../scenario/model.ts';

/** A decision on an approval, given through the approvals API or the admin API. */
export interface ApprovalDecision {
  readonly status: 'approved' | 'rejected';
  /** Simulated time of the decision. */
  readonly at: number;
  /** Display name of whoever decided. */
  readonly by: string;
  readonly comment: string;
  /** The decider's full identity, when known (the approvals API knows the caller). */
  readonly identity?: Identity;
}

export interface Identity {
  readonly id: string;
  readonly displayName: string;
  readonly uniqueName: string;
}

/** The request that created a run or build. */
export interface BuildOrigin {
  /** `runs`: the Pipelines Runs API; `queue`: the Build API's queue. */
  readonly api: 'runs' | 'queue';
  readonly apiVersion: string | null;
  /** The name of the token that signed the request in. */
  readonly token: string;
  /** The request's sequence number in the simulator's request log, when known. */
  readonly requestSeq: number | null;
}

/**
 * A queued pipeline run or classic build, as created. Its state at any time is computed from this
 * record and the clock (see `computeBuildState`); the only mutable parts are what later requests
 * change: a cancel, approval decisions, and the admin API's forced finish.
 */
export interface BuildRecord {
  readonly id: number;
  readonly kind: 'pipeline' | 'build';
  readonly projectId: string;
  readonly definitionId: number;
  readonly definitionRevision: number;
  readonly buildNumber: string;
  readonly queuedAt: number;
  readonly script: RunScript;
  readonly sourceBranch: string;
  readonly sourceVersion: string;
  /** Queue-time variables as sent (secret values included: the simulator is the server). */
  readonly variables: Readonly<Record<string, { value: string; isSecret: boolean }>>;
  readonly templateParameters: Readonly<Record<string, string>>;
  readonly stagesToSkip: readonly string[];
  readonly requestedBy: Identity;
  /** Orchestration plan id; also the timeline id. */
  readonly planId: string;
  /** How the record came to be, for the admin API's run list. */
  readonly createdFrom: BuildOrigin;
  /** When a cancel was requested (PATCH status cancelling, or the admin API), or `null`. */
  cancelRequestedAt: number | null;
  /** Who asked for the cancel. */
  canceledBy: Identity | null;
  /**
   * Stages cancelled through the Build API's stage update (§2.3): stage name in lower case →
   * simulated time of the request.
   */
  readonly stageCancels: Map<string, number>;
  /** Decisions on this run's approvals, by approval id. */
  readonly approvalDecisions: Map<string, ApprovalDecision>;
  /** Set by the admin API: the run ends at `at` with `result`, whatever its script says. */
  forcedFinish: {
    readonly at: number;
    readonly result: 'succeeded' | 'partiallySucceeded' | 'failed' | 'canceled';
  } | null;
}
