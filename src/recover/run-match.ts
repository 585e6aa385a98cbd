/**
 * Which run is the one aztm queued, when the answer to the create was lost. A run or build takes
 * no free-text field every definition accepts (a queue-time variable is refused unless declared
 * settable, docs/design/azure-devops.md §1.1, §2.1), and every job using `$(System.AccessToken)`
 * queues as the same identity, so a run is told by what it was queued with, in two steps:
 * - a candidate: a run of the definition queued by the identity aztm signed in as, not one of the
 *   runs that existed before the create, and queued no earlier than those (allowing for the
 *   service's own clocks);
 * - ours: a candidate whose request is aztm's in full: branch, commit, non-secret queue-time
 *   variables, template parameters, and no stages to skip.
 * Exactly one candidate that is ours, every other one shown to differ: that is the run. Several,
 * or one that cannot be compared (a field it needs is not shown): aztm cannot tell.
 */
import type { QueuedBuild } from '../azdo/types.ts';
import type { Run } from '../azdo/types.ts';
import type { VariableValue } from '../target.ts';

/**
 * How much earlier than the newest run that existed before the create a new run's `queueTime`
 * may be: the service's machines' clocks and the time a queue takes to commit. Comparing the
 * service's times with each other, never with aztm's clock, means a wrong clock on either side
 * cannot hide our run or pass an old one off as ours.
 */
export const QUEUE_TIME_ALLOWANCE_MS = 2 * 60_000;

/** Who queued the run, and when: what makes a run a candidate. */
export interface RunWindow {
  readonly definitionId: number;
  /** `connectionData.authenticatedUser.id` (docs/design/azure-devops.md §8.3, §13 row 4). */
  readonly identityId: string;
  /** Every run of the definition listed before the create was sent. */
  readonly knownIds: ReadonlySet<number>;
  /** The earliest `queueTime` (ms since the epoch, the service's clock) ours can have. */
  readonly notBefore: number | null;
}

/** What the create asked for. */
export interface RunRequest {
  /** The full ref sent; `null` when none was (the definition's default branch: any branch). */
  readonly branch: string | null;
  /** The commit sent; `null` when none was (the branch's head: any commit). */
  readonly commit: string | null;
  readonly variables: Readonly<Record<string, VariableValue>>;
  /** What was sent; `null` for a classic build, which takes none (the Build API). */
  readonly templateParameters: Readonly<Record<string, string>> | null;
  readonly stagesToSkip: readonly string[];
}

/** What the service shows of a candidate. */
export interface RunShown {
  /** The item of the Build API's list (docs/design/azure-devops.md §2.2). */
  readonly build: QueuedBuild;
  /** The Pipelines API's run (pipeline runs only); `null` when not read or not readable. */
  readonly run: Run | null;
}

/** A candidate's request against aztm's. */
type Comparison =
  | { readonly kind: 'same' }
  | { readonly kind: 'differs'; readonly how: string }
  | { readonly kind: 'unknown'; readonly why: string };

export interface Judged {
  readonly shown: RunShown;
  readonly comparison: Comparison;
}

/** What one look at the candidates tells. */
export type Verdict =
  /** Exactly one candidate is ours, and every other one differs. */
  | { readonly kind: 'ours'; readonly run: RunShown }
  /** No candidate: no new run queued by aztm's identity. */
  | { readonly kind: 'none' }
  /** Every candidate differs: ours may not be listed yet. */
  | { readonly kind: 'others'; readonly candidates: readonly Judged[] }
  /** Several are ours in full, or one cannot be compared: waiting cannot tell them apart. */
  | { readonly kind: 'cannotTell'; readonly candidates: readonly Judged[] };

/** Why a run is not a candidate, or `null` when it is one. */
export function whyNotCandidate(run: QueuedBuild, window: RunWindow): string | null {
  if (window.knownIds.has(run.id)) return 'it existed before the create';
  if (run.definition?.id !== window.definitionId) return 'another definition';
  // Who queued it; `requestedFor` only when the service sent no `requestedBy`
  // (docs/design/azure-devops.md §2.2).
  const queuedBy = (run.requestedBy ?? run.requestedFor)?.id;
  if (queuedBy === undefined || !sameText(queuedBy, window.identityId)) {
    return 'queued by another identity';
  }
  if (window.notBefore !== null) {
    const queued = queueTimeOf(run);
    if (queued === null || queued < window.notBefore) return 'queued too early';
  }
  return null;
}

/**
 * Whether the candidate was queued with aztm's request. A field that differs settles it (not
 * ours); otherwise a field the service does not show makes it unknown.
 */
export function compareRequest(shown: RunShown, request: RunRequest): Comparison {
  const results = [
    compareBranch(shown, request.branch),
    compareCommit(shown, request.commit),
    compareVariables(shown, request.variables),
    compareTemplateParameters(shown, request.templateParameters),
    compareStagesToSkip(request.stagesToSkip),
  ];
  const differs = results.flatMap((result) => (result.kind === 'differs' ? [result.how] : []));
  if (differs.length > 0) return { kind: 'differs', how: differs.join('; ') };
  const unknown = results.flatMap((result) => (result.kind === 'unknown' ? [result.why] : []));
  if (unknown.length > 0) return { kind: 'unknown', why: unknown.join('; ') };
  return SAME;
}

/** What the candidates of one look tell (see `Verdict`). */
export function judge(candidates: readonly Judged[]): Verdict {
  if (candidates.length === 0) return { kind: 'none' };
  const ours = candidates.filter((judged) => judged.comparison.kind === 'same');
  const unknown = candidates.some((judged) => judged.comparison.kind === 'unknown');
  const [only] = ours;
  if (only !== undefined && ours.length === 1 && !unknown) return { kind: 'ours', run: only.shown };
  if (ours.length === 0 && !unknown) return { kind: 'others', candidates };
  return { kind: 'cannotTell', candidates };
}

/** `queueTime` in ms, or `null` when absent or unreadable. */
export function queueTimeOf(run: QueuedBuild): number | null {
  if (run.queueTime === undefined) return null;
  const time = Date.parse(run.queueTime);
  return Number.isNaN(time) ? null : time;
}

const SAME: Comparison = { kind: 'same' };

function compareBranch(shown: RunShown, wanted: string | null): Comparison {
  if (wanted === null) return SAME;
  // Every recorded build carries `sourceBranch` (build-list/*.json); a run, `resources`.
  const ref = shown.build.sourceBranch ?? shown.run?.resources?.repositories?.self?.refName;
  if (ref === undefined) return { kind: 'unknown', why: 'its branch is not shown' };
  // The branch as typed may differ in letter case from the ref the service stored.
  return sameText(ref, wanted) ? SAME : { kind: 'differs', how: `it is on ${ref}` };
}

function compareCommit(shown: RunShown, wanted: string | null): Comparison {
  if (wanted === null) return SAME;
  // The resolved commit, on every recorded build (`sourceVersion`, build-list/*.json).
  const commit = shown.build.sourceVersion ?? shown.run?.resources?.repositories?.self?.version;
  if (commit === undefined) return { kind: 'unknown', why: 'its commit is not shown' };
  // A commit asked for by a prefix of its hash is stored in full.
  return commit.toLowerCase().startsWith(wanted.toLowerCase())
    ? SAME
    : { kind: 'differs', how: `it builds commit ${commit.slice(0, 12)}` };
}

/**
 * Non-secret variables: each sent one set to the same value, none set that was not sent. A
 * secret's value is not shown (or shown masked), so secrets are left out both ways. Values never
 * go into a message: it names the variable only.
 */
function compareVariables(
  shown: RunShown,
  sent: Readonly<Record<string, VariableValue>>,
): Comparison {
  const set = shownVariables(shown);
  if (set === null) return { kind: 'unknown', why: 'its queue-time variables cannot be read' };
  const secret = new Set(
    Object.entries(sent)
      .filter(([, variable]) => variable.isSecret)
      .map(([name]) => name.toLowerCase()),
  );
  const differences: string[] = [];
  for (const [name, variable] of Object.entries(sent)) {
    if (variable.isSecret) continue;
    const found = set.get(name.toLowerCase());
    if (found === undefined) differences.push(`variable ${name} is not set`);
    else if (found.value !== variable.value) differences.push(`variable ${name} has another value`);
  }
  for (const [key, found] of set) {
    if (!secret.has(key) && !Object.keys(sent).some((name) => name.toLowerCase() === key)) {
      differences.push(`variable ${found.name} is set`);
    }
  }
  return differences.length === 0 ? SAME : { kind: 'differs', how: differences.join(', ') };
}

/**
 * The candidate's queue-time variables by lower-case name. The run's own `variables` when the
 * Pipelines API shows them; else the build's `parameters`, a JSON string of name → value that the
 * list leaves out when there are none (recordings: build-list/vsteam-builds-5.json has builds
 * with and without it; build-list/cli-builds-mixed-states.json, queued without variables, has it
 * on none). `null`: shown, but not as a map.
 */
function shownVariables(
  shown: RunShown,
): Map<string, { readonly name: string; readonly value: string | undefined }> | null {
  const found = new Map<string, { name: string; value: string | undefined }>();
  const fromRun = shown.run?.variables;
  if (fromRun !== undefined) {
    for (const [name, variable] of Object.entries(fromRun)) {
      found.set(name.toLowerCase(), { name, value: variable.value });
    }
    return found;
  }
  if (shown.build.parameters === undefined) return found;
  let parsed: unknown;
  try {
    parsed = JSON.parse(shown.build.parameters);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  for (const [name, value] of Object.entries(parsed)) {
    found.set(name.toLowerCase(), {
      name,
      value: typeof value === 'string' ? value : JSON.stringify(value),
    });
  }
  return found;
}

/** Exactly the template parameters sent; values never go into a message. */
function compareTemplateParameters(
  shown: RunShown,
  sent: Readonly<Record<string, string>> | null,
): Comparison {
  if (sent === null) return SAME;
  // A run's GET always carries them, `{}` when none were given (run/*.json recordings).
  const given = shown.run?.templateParameters;
  if (given === undefined) return { kind: 'unknown', why: 'its template parameters are not shown' };
  const shownByName = new Map(
    Object.entries(given).map(([name, value]) => [name.toLowerCase(), { name, value }]),
  );
  const differences: string[] = [];
  for (const [name, value] of Object.entries(sent)) {
    const found = shownByName.get(name.toLowerCase());
    if (found === undefined) differences.push(`template parameter ${name} is not given`);
    else if (found.value !== value)
      differences.push(`template parameter ${name} has another value`);
    shownByName.delete(name.toLowerCase());
  }
  for (const { name } of shownByName.values())
    differences.push(`template parameter ${name} is given`);
  return differences.length === 0 ? SAME : { kind: 'differs', how: differences.join(', ') };
}

/** Neither API shows which stages a run was asked to skip (spec `Run`, `Build`). */
function compareStagesToSkip(sent: readonly string[]): Comparison {
  return sent.length === 0
    ? SAME
    : { kind: 'unknown', why: 'the stages a run was asked to skip are not shown' };
}

/** Identity ids are GUIDs and refs are stored as typed: letter case does not matter. */
function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
