/** Rules the schema cannot say: uniqueness, keys that exclude each other, dependency cycles. */
import { describePath, fail, type ScenarioSource, type YamlPath } from './yaml-source.ts';

/** One use of a name or id that must be unique. */
export interface Claim {
  /** What is compared (already lower-cased where letter case does not matter). */
  readonly key: string;
  /** How the message shows it, e.g. `"DevOps"` or `42`; empty to not show it (a secret). */
  readonly label: string;
  /** Where the message points. */
  readonly path: YamlPath;
  /** What holds it, for the message about the second holder: `projects[0] ("DevOps")`. */
  readonly owner: string;
}

/** Refuses the second claim of a key, naming the first holder. */
export function checkUnique(
  source: ScenarioSource,
  what: string,
  claims: readonly Claim[],
  note = '',
): void {
  const first = new Map<string, Claim>();
  for (const claim of claims) {
    const holder = first.get(claim.key);
    if (holder) {
      const label = claim.label === '' ? '' : ` ${claim.label}`;
      fail(source, claim.path, `duplicate ${what}${label}: ${holder.owner} has it too${note}`);
    }
    first.set(claim.key, claim);
  }
}

/** `projects[0].pipelines[1] ("deploy-gateway")`, for messages that name another item. */
export function owner(path: YamlPath, name?: string): string {
  return name === undefined
    ? describePath(path)
    : `${describePath(path)} (${JSON.stringify(name)})`;
}

/**
 * Refuses a mapping that uses keys from more than one group, pointing at the first key of the
 * second group used: `tasks` next to `jobs`, `runs` next to `run`.
 */
export function checkExclusive(
  source: ScenarioSource,
  path: YamlPath,
  mapping: object,
  groups: readonly (readonly string[])[],
  hint: string,
): void {
  const used = groups
    .map((group) => group.filter((key) => Object.hasOwn(mapping, key)))
    .filter((keys) => keys.length > 0);
  const [first, second] = used;
  if (first?.[0] !== undefined && second?.[0] !== undefined) {
    fail(
      source,
      [...path, second[0]],
      `"${second[0]}" cannot be used together with "${first[0]}"; ${hint}`,
      'key',
    );
  }
}

/**
 * The first dependency cycle among named nodes, as `[a, b, a]`, starting at the cycle's node that
 * comes first in `nodes`; `null` when there is none. Edges to unknown names are ignored.
 */
export function findCycle(
  nodes: readonly { readonly name: string; readonly after: readonly string[] }[],
): string[] | null {
  const after = new Map(nodes.map((node) => [node.name, node.after]));
  const state = new Map<string, 'visiting' | 'done'>();
  const trail: string[] = [];
  const visit = (name: string): string[] | null => {
    if (state.get(name) === 'done' || !after.has(name)) return null;
    if (state.get(name) === 'visiting') return trail.slice(trail.indexOf(name));
    state.set(name, 'visiting');
    trail.push(name);
    for (const next of after.get(name) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(name, 'done');
    return null;
  };
  for (const node of nodes) {
    const cycle = visit(node.name);
    if (!cycle) continue;
    const order = nodes.map((n) => n.name);
    const start = cycle.reduce(
      (best, name, index) =>
        order.indexOf(name) < order.indexOf(cycle[best] ?? '') ? index : best,
      0,
    );
    const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
    return [...rotated, rotated[0] ?? node.name];
  }
  return null;
}
