import type { RunScript } from '../scenario/model.ts';

/** A decision on an approval, given through the approvals API or the admin API. */
export interface ApprovalDecision {
  readonly status: 'approved' | 'rejected';
  /** Simulated time of the decision. */
  readonly at: number;
  readonly by: string;
  readonly comment: string;
}

export interface Identity {
  readonly id: string;
  readonly displayName: string;
  readonly uniqueName: string;
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
  /** When a cancel was requested (PATCH status cancelling, or the admin API), or `null`. */
  cancelRequestedAt: number | null;
  /** Who asked for the cancel. */
  canceledBy: Identity | null;
  /** Decisions on this run's approvals, by approval id. */
  readonly approvalDecisions: Map<string, ApprovalDecision>;
  /** Set by the admin API: the run ends at `at` with `result`, whatever its script says. */
  forcedFinish: {
    readonly at: number;
    readonly result: 'succeeded' | 'partiallySucceeded' | 'failed' | 'canceled';
  } | null;
}
