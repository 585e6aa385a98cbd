/**
 * Finding a definition by the name a user typed: `name` or `folder\name`, in any letter case,
 * with an error that lists the candidates when the name is ambiguous or close matches when it
 * matches nothing.
 */
import { UsageError } from '../errors.ts';
import { qualifiedName } from '../target.ts';

/** A definition as every list shows it: id, name, folder (`\` for the root). */
interface NamedDefinition {
  readonly id: number;
  readonly name: string;
  readonly folder: string;
}

interface NameQuery {
  /** The folder without its leading and trailing `\`, lower-cased; `null`: any folder. */
  readonly folder: string | null;
  readonly name: string;
}

/** `infra\deploy` (or `infra/deploy`, or `\deploy` for the root folder) → folder and name. */
export function parseQualifiedName(input: string): NameQuery {
  const text = input.trim().replace(/\//g, '\\');
  const split = text.lastIndexOf('\\');
  if (split < 0) return { folder: null, name: text };
  return { folder: normalizeFolder(text.slice(0, split)), name: text.slice(split + 1) };
}

/** `\Infra\Gateway\` → `infra\gateway`; the root is the empty string. */
export function normalizeFolder(folder: string): string {
  return folder
    .replace(/\//g, '\\')
    .replace(/^\\+|\\+$/g, '')
    .toLowerCase();
}

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** What the messages call the definitions, e.g. `pipeline` in `--pipeline "x" matches no pipeline`. */
interface LookupContext {
  /** The input, as in `--pipeline`. */
  readonly input: string;
  /** e.g. `pipeline`, `build definition`, `release definition`. */
  readonly noun: string;
  readonly project: string;
  /** Another input to suggest for an ambiguous name, e.g. `--pipeline-id`. */
  readonly idInput?: string;
}

/**
 * The one definition the name designates among the candidates, or `null` when none matches
 * (see `noSuchName`).
 * @throws UsageError naming the input and listing the candidates when the name is ambiguous.
 */
export function pickByName<T extends NamedDefinition>(
  typed: string,
  candidates: readonly T[],
  context: LookupContext,
): T | null {
  const query = parseQualifiedName(typed);
  const matching = candidates
    .filter(
      (candidate) =>
        sameName(candidate.name, query.name) &&
        (query.folder === null || normalizeFolder(candidate.folder) === query.folder),
    )
    .sort((a, b) => displayName(a).localeCompare(displayName(b)));
  const [only, ...others] = matching;
  if (only && others.length === 0) return only;
  if (only) {
    const listed = matching
      .map((candidate) => `${displayName(candidate)} (id ${candidate.id})`)
      .join(', ');
    const byId = context.idInput ? `, or use ${context.idInput}` : '';
    throw new UsageError(
      context.input,
      `${context.input} "${typed}" matches ${matching.length} ${context.noun}s in project ${context.project}: ${listed}; give the folder too, as in ${context.input} "${displayName(only)}"${byId}`,
    );
  }
  return null;
}

/** The error for a name that matched nothing, with the closest names of the project. */
export function noSuchName(
  typed: string,
  all: readonly NamedDefinition[],
  context: LookupContext,
): UsageError {
  const close = closeMatches(typed, all);
  const hint =
    close.length > 0
      ? `; did you mean ${close.map((candidate) => `"${displayName(candidate)}"`).join(', ')}?`
      : all.length === 0
        ? ` (the project has no ${context.noun}s the token can see)`
        : '';
  return new UsageError(
    context.input,
    `${context.input} "${typed}" matches no ${context.noun} in project ${context.project}${hint}`,
  );
}

/** `folder\name`, the root folder left out. */
function displayName(definition: NamedDefinition): string {
  return qualifiedName(definition.folder, definition.name);
}

/**
 * Up to five names a few edits away from the typed one (closest first), then names that contain
 * it (`gateway` → `deploy-gateway`).
 */
export function closeMatches<T extends NamedDefinition>(typed: string, all: readonly T[]): T[] {
  const query = parseQualifiedName(typed).name.toLowerCase();
  const limit = Math.max(2, Math.floor(query.length / 3));
  return all
    .map((candidate) => {
      const name = candidate.name.toLowerCase();
      const distance = editDistance(query, name);
      const contains = query.length >= 3 && name.includes(query);
      return { candidate, score: distance <= limit ? distance : contains ? limit + 1 : Infinity };
    })
    .filter((scored) => scored.score !== Infinity)
    .sort(
      (a, b) =>
        a.score - b.score || displayName(a.candidate).localeCompare(displayName(b.candidate)),
    )
    .slice(0, 5)
    .map((scored) => scored.candidate);
}

/** Levenshtein distance: insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
