import type { FlowStep } from './model.ts';

/**
 * Identifiers for a flow's steps where the target language needs one (an Azure Pipelines job
 * name, a Mermaid node id): letters, digits and `_`, not starting with a digit. Step ids allow `-`,
 * so `deploy-gateway` becomes `deploy_gateway`; a clash with another step gets a numeric suffix.
 * Azure Pipelines compares job names regardless of letter case (`Deploy` and `deploy` would be one
 * job), so a clash is one in any case.
 */
export function stepIdentifiers(steps: readonly FlowStep[]): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const step of steps) {
    const base = step.id.replace(/-/g, '_').replace(/^(?=\d)/, 'step_');
    let name = base;
    for (let suffix = 2; taken.has(name.toLowerCase()); suffix += 1) name = `${base}_${suffix}`;
    taken.add(name.toLowerCase());
    names.set(step.id, name);
  }
  return names;
}

/** The identifier of a step id; every id of the flow is in `names`. */
export function identifierOf(names: ReadonlyMap<string, string>, id: string): string {
  return names.get(id) ?? id;
}
