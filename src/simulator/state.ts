import type { SimClock } from './clock.ts';
import { seededGuid } from './ids.ts';
import type { BuildRecord } from './engine/build-record.ts';
import type { ReleaseRecord } from './engine/release-record.ts';
import type { FaultSpec, ProjectSpec, Scenario, TokenSpec } from './scenario/model.ts';

/** One request as the simulator saw it, for the admin API's request log. */
export interface LoggedRequest {
  readonly seq: number;
  /** Simulated time at arrival. */
  readonly time: number;
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  /** Header names lower-cased; `authorization` redacted to its scheme and the token's name. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, or the raw text when it was not JSON; `null` for none. */
  readonly body: unknown;
  /** The matched operation, or `null`. */
  operation: string | null;
  status: number | null;
  /** The name of the token that signed the request in, or `null`. */
  identity: string | null;
  /** The fault injected into this request, or `null`. */
  fault: string | null;
  /** The answer, kept only when the simulator records responses (contract tests); else `null`. */
  response: { readonly contentType: string; readonly text: string } | null;
}

/** What the simulator remembers of the requests it served. */
export interface RequestLogOptions {
  /** Oldest entries are dropped past this many (a long `aztm simulate` must not grow forever). */
  readonly limit: number;
  /** Keep each answer's body in the log (for the contract tests). */
  readonly recordResponses: boolean;
}

/** A fault with its counter of matching requests seen so far. */
export interface ActiveFault {
  readonly id: number;
  readonly spec: FaultSpec;
  matched: number;
  injected: number;
}

/** Base URLs, known once the server listens. */
export interface SimUrls {
  /** `http://127.0.0.1:PORT` */
  readonly root: string;
  /** The organization (Services) or collection (Server) URL, without a trailing slash. */
  readonly organization: string;
  /** The release host base: `/vsrm/{org}` on Services, the collection URL on Server. */
  readonly release: string;
}

/** Everything the simulator knows and remembers while it runs. */
export class SimState {
  readonly scenario: Scenario;
  readonly clock: SimClock;
  urls: SimUrls;
  /** Pipeline runs and classic builds share one id space: a run id is a build id (fact sheet §1). */
  readonly builds = new Map<number, BuildRecord>();
  readonly releases = new Map<number, ReleaseRecord>();
  readonly requests: LoggedRequest[] = [];
  readonly faults: ActiveFault[] = [];
  /** Tokens revoked or expired through the admin API, by name. */
  readonly revokedTokens = new Set<string>();
  #nextBuildId = 1000;
  #nextReleaseId = 100;
  #nextApprovalId = 500;
  #nextFaultId = 1;
  #nextRequestSeq = 1;

  readonly requestLog: RequestLogOptions;

  constructor(
    scenario: Scenario,
    clock: SimClock,
    requestLog: RequestLogOptions = { limit: 10_000, recordResponses: false },
  ) {
    this.scenario = scenario;
    this.clock = clock;
    this.requestLog = requestLog;
    this.urls = { root: '', organization: '', release: '' };
    for (const fault of scenario.faults) this.addFault(fault);
  }

  now(): number {
    return this.clock.now();
  }

  nextBuildId(): number {
    return this.#nextBuildId++;
  }

  nextReleaseId(): number {
    return this.#nextReleaseId++;
  }

  /** Release approvals have integer ids. */
  nextReleaseApprovalId(): number {
    return this.#nextApprovalId++;
  }

  /** Adds a request to the log, dropping the oldest entries past the limit. */
  logRequest(entry: LoggedRequest): void {
    this.requests.push(entry);
    const excess = this.requests.length - this.requestLog.limit;
    if (excess > 0) this.requests.splice(0, excess);
  }

  nextRequestSeq(): number {
    return this.#nextRequestSeq++;
  }

  guid(label: string): string {
    return seededGuid(this.scenario.seed, label);
  }

  addFault(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = { id: this.#nextFaultId++, spec, matched: 0, injected: 0 };
    this.faults.push(fault);
    return fault;
  }

  /** Finds a project by name (any letter case) or id. */
  findProject(nameOrId: string): ProjectSpec | undefined {
    const wanted = nameOrId.toLowerCase();
    return this.scenario.projects.find(
      (project) => project.name.toLowerCase() === wanted || project.id.toLowerCase() === wanted,
    );
  }

  /** Whether a token is still valid at the current simulated time. */
  isTokenValid(token: TokenSpec): boolean {
    if (this.revokedTokens.has(token.name)) return false;
    return token.expiresAt === null || this.now() < token.expiresAt;
  }

  /** The web URL of a run or build (fact sheet §1.2: `_build/results?buildId=`). */
  buildWebUrl(projectId: string, buildId: number): string {
    return `${this.urls.organization}/${projectId}/_build/results?buildId=${buildId}`;
  }

  /** The web URL of a release (fact sheet §4.2). */
  releaseWebUrl(projectId: string, releaseId: number): string {
    return `${this.urls.organization}/${projectId}/_release?releaseId=${releaseId}&_a=release-summary`;
  }
}
