import type { SimClock } from './clock.ts';
import { seededGuid } from './ids.ts';
import { seededRandom } from './random.ts';
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
interface SimUrls {
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
  /**
   * Pipeline runs and classic builds share one id space: a run id is a build id
   * (docs/design/azure-devops.md §1).
   */
  readonly builds = new Map<number, BuildRecord>();
  readonly releases = new Map<number, ReleaseRecord>();
  readonly requests: LoggedRequest[] = [];
  readonly faults: ActiveFault[] = [];
  /** Tokens revoked or expired through the admin API, by name. */
  readonly revokedTokens = new Set<string>();
  /** Draws for faults with a `probability`: seeded by the scenario, so runs can be replayed. */
  readonly random: () => number;
  /**
   * Runs and releases deleted through the admin API. Gone from every read (404), but still
   * counted, as the service keeps counting, when numbering later ones of the same definition.
   */
  readonly #deletedBuilds: BuildRecord[] = [];
  readonly #deletedReleases: ReleaseRecord[] = [];
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
    this.random = seededRandom(scenario.seed, 'faults');
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

  /** Adds a fault; one given without a `probability` (tests build them by hand) is certain. */
  addFault(spec: Omit<FaultSpec, 'probability'> & { readonly probability?: number }): ActiveFault {
    const resolved: FaultSpec = { ...spec, probability: spec.probability ?? 1 };
    const fault: ActiveFault = { id: this.#nextFaultId++, spec: resolved, matched: 0, injected: 0 };
    this.faults.push(fault);
    return fault;
  }

  /** Deletes a run or build: later reads answer 404 as for one that never existed. */
  deleteBuild(id: number): boolean {
    const build = this.builds.get(id);
    if (!build) return false;
    this.builds.delete(id);
    this.#deletedBuilds.push(build);
    return true;
  }

  /** Deletes a release: later reads answer 404. */
  deleteRelease(id: number): boolean {
    const release = this.releases.get(id);
    if (!release) return false;
    this.releases.delete(id);
    this.#deletedReleases.push(release);
    return true;
  }

  /** Every run and build ever created, deleted ones included (for numbering). */
  buildsEverCreated(): BuildRecord[] {
    return [...this.builds.values(), ...this.#deletedBuilds];
  }

  /** Every release ever created, deleted ones included (for numbering). */
  releasesEverCreated(): ReleaseRecord[] {
    return [...this.releases.values(), ...this.#deletedReleases];
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

  /**
   * The web URL of a run or build (docs/design/azure-devops.md §1.2: `_build/results?buildId=`).
   */
  buildWebUrl(projectId: string, buildId: number): string {
    return `${this.urls.organization}/${projectId}/_build/results?buildId=${buildId}`;
  }

  /** The web URL of a release (docs/design/azure-devops.md §4.2). */
  releaseWebUrl(projectId: string, releaseId: number): string {
    return `${this.urls.organization}/${projectId}/_release?releaseId=${releaseId}&_a=release-summary`;
  }
}
