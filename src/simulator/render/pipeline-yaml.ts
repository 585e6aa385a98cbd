import type { PipelineSpec, RunScript } from '../scenario/model.ts';

/** A YAML scalar: JSON's double-quoted strings are valid YAML. */
const quote = (value: string): string => JSON.stringify(value);

/**
 * The final YAML a preview returns (`PreviewRun.finalYaml`, docs/design/azure-devops.md §1.1): the
 * pipeline as the simulator runs it, with the template parameters' values substituted, so a user
 * can check what a run would do without running it. Steps are `script` steps that print the
 * scripted log lines.
 */
export function renderFinalYaml(
  pipeline: PipelineSpec,
  script: RunScript,
  templateParameters: Readonly<Record<string, string>>,
  variables: Readonly<Record<string, { value: string; isSecret: boolean }>>,
): string {
  const lines: string[] = [];
  const parameterNames = Object.keys(pipeline.parameters);
  if (parameterNames.length > 0) {
    lines.push('# Template parameters');
    for (const name of parameterNames) {
      const value = templateParameters[name] ?? pipeline.parameters[name]?.default ?? '';
      lines.push(`#   ${name}: ${quote(value)}`);
    }
  }
  lines.push('trigger: none');
  const merged = new Map<string, string>();
  for (const [name, variable] of Object.entries(pipeline.variables)) {
    merged.set(name, variable.isSecret ? '***' : variable.value);
  }
  for (const [name, variable] of Object.entries(variables)) {
    merged.set(name, variable.isSecret ? '***' : variable.value);
  }
  if (merged.size > 0) {
    lines.push('variables:');
    for (const [name, value] of merged) {
      lines.push(`- name: ${quote(name)}`, `  value: ${quote(value)}`);
    }
  }
  lines.push('stages:');
  for (const stage of script.stages) {
    lines.push(`- stage: ${quote(stage.name)}`, `  displayName: ${quote(stage.displayName)}`);
    lines.push(`  dependsOn: [${stage.dependsOn.map(quote).join(', ')}]`);
    lines.push(`  condition: ${stage.condition}()`);
    // An approval is a check on a resource, not part of the YAML: shown as a comment.
    if (stage.approval) lines.push(`  # approval by: ${stage.approval.approvers.join(', ')}`);
    lines.push('  jobs:');
    for (const job of stage.jobs) {
      lines.push(`  - job: ${quote(job.name)}`, `    displayName: ${quote(job.displayName)}`);
      lines.push('    steps:');
      for (const task of job.tasks) {
        const body = task.log.map((line) => `echo ${line}`).join('\n') || 'echo done';
        lines.push(`    - script: ${quote(body)}`, `      displayName: ${quote(task.name)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
