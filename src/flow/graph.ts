/**
 * The dependency graph of a flow's steps: cycle detection for the loader, topological waves for
 * `flow plan`. Generic over anything with an id and the ids it depends on.
 */

interface GraphNode {
  readonly id: string;
  readonly dependsOn: readonly string[];
}

/**
 * A cycle, as the ids along it with the first repeated at the end (`['a', 'b', 'a']`), or
 * `undefined` when there is none. Every dependency must name a node.
 */
export function findCycle(nodes: readonly GraphNode[]): string[] | undefined {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const done = new Set<string>();
  // The path of the depth-first walk: a dependency already on it closes a cycle.
  const onPath: string[] = [];
  const visit = (node: GraphNode): string[] | undefined => {
    if (done.has(node.id)) return undefined;
    const at = onPath.indexOf(node.id);
    if (at >= 0) return [...onPath.slice(at), node.id];
    onPath.push(node.id);
    for (const id of node.dependsOn) {
      const next = byId.get(id);
      const cycle = next && visit(next);
      if (cycle) return cycle;
    }
    onPath.pop();
    done.add(node.id);
    return undefined;
  };
  for (const node of nodes) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * Topological layers: the first wave depends on nothing, each later wave only on earlier ones.
 * Within a wave, nodes keep their given order. The graph must have no cycle (checked on load).
 */
export function waves<T extends GraphNode>(flow: { readonly steps: readonly T[] }): T[][] {
  const waveOf = new Map<string, number>();
  const byId = new Map(flow.steps.map((step) => [step.id, step]));
  const depth = (step: T): number => {
    const known = waveOf.get(step.id);
    if (known !== undefined) return known;
    let wave = 0;
    for (const id of step.dependsOn) {
      const dependency = byId.get(id);
      if (dependency) wave = Math.max(wave, depth(dependency) + 1);
    }
    waveOf.set(step.id, wave);
    return wave;
  };
  const layers: T[][] = [];
  for (const step of flow.steps) (layers[depth(step)] ??= []).push(step);
  return layers;
}

/**
 * Every node each node depends on, directly or through others, in the given order: what Azure
 * Pipelines calls "the previous jobs in the dependency graph" (its docs, "Specify conditions").
 * The graph must have no cycle (checked on load).
 */
export function ancestors(nodes: readonly GraphNode[]): ReadonlyMap<string, readonly string[]> {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const found = new Map<string, ReadonlySet<string>>();
  const of = (node: GraphNode): ReadonlySet<string> => {
    const known = found.get(node.id);
    if (known) return known;
    const all = new Set<string>();
    for (const id of node.dependsOn) {
      all.add(id);
      const dependency = byId.get(id);
      if (dependency) for (const further of of(dependency)) all.add(further);
    }
    found.set(node.id, all);
    return all;
  };
  const order = new Map(nodes.map((node, index) => [node.id, index]));
  return new Map(
    nodes.map((node) => [
      node.id,
      [...of(node)].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
    ]),
  );
}
