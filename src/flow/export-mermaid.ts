/**
 * `flow export --to mermaid`: the flow's graph as a Mermaid flowchart, for a README or a pull
 * request. A dependency with a condition other than the default is dashed and labelled with it.
 * `flow run --summary` draws the run's graph with it too, with labels of its own.
 */
import { identifierOf, stepIdentifiers } from './export-names.ts';
import type { Flow, FlowStep } from './model.ts';

interface MermaidOptions {
  /** A node's text; default: the step's display name. Quotes are escaped here. */
  readonly label?: (step: FlowStep) => string;
}

export function exportMermaid(flow: Flow, options: MermaidOptions = {}): string {
  const names = stepIdentifiers(flow.steps);
  const text = options.label ?? ((step: FlowStep): string => step.displayName);
  const lines = ['graph TD'];
  for (const step of flow.steps) {
    lines.push(`  ${identifierOf(names, step.id)}["${label(text(step))}"]`);
  }
  for (const step of flow.steps) {
    const to = identifierOf(names, step.id);
    const arrow = step.condition === 'succeeded()' ? '-->' : `-.->|"${step.condition}"|`;
    for (const id of step.dependsOn) lines.push(`  ${identifierOf(names, id)} ${arrow} ${to}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Mermaid ends a quoted label at `"`; its entity code keeps the character. */
function label(text: string): string {
  return text.replace(/"/g, '#quot;');
}
