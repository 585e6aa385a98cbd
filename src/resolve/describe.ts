/**
 * What a resolved Target would trigger, in words: for `--dry-run` and for messages. Secret
 * variable values are never shown.
 */
import type { Target, VariableValue } from '../target.ts';

/** One line, e.g. `run pipeline "infra\deploy-gateway" (id 42) in project DevOps on refs/heads/main`. */
export function describeTarget(target: Target): string {
  switch (target.kind) {
    case 'pipeline':
      return `run pipeline "${target.pipelinePath}" (id ${target.pipelineId}) in project ${target.project} ${onBranch(target.branch, target.commit)}`;
    case 'build':
      return `queue build definition "${target.definitionPath}" (id ${target.definitionId}) in project ${target.project} ${onBranch(target.branch, target.commit)}`;
    case 'release': {
      const stages =
        target.stages === null
          ? 'deploying its stages as the definition triggers them'
          : `deploying ${target.stages.join(', ')}`;
      return `create a release of "${target.definitionName}" (id ${target.definitionId}) in project ${target.project}, ${stages}`;
    }
  }
}

/** Several lines: what `--dry-run` prints, every input that would be sent. */
export function dryRunDescription(target: Target): string {
  const lines = [`Would ${describeTarget(target)}.`];
  const add = (label: string, value: string): void => {
    lines.push(`  ${label}: ${value}`);
  };
  if (Object.keys(target.variables).length > 0) add('variables', variablesText(target.variables));
  switch (target.kind) {
    case 'pipeline': {
      const parameters = Object.entries(target.templateParameters);
      if (parameters.length > 0) {
        add(
          'template parameters',
          parameters.map(([name, value]) => `${name}=${value}`).join(', '),
        );
      }
      if (target.stagesToSkip.length > 0) add('stages to skip', target.stagesToSkip.join(', '));
      break;
    }
    case 'build':
      break;
    case 'release': {
      const given = target.artifacts.map(
        (artifact) =>
          `${artifact.alias}=${artifact.id}${artifact.name ? ` (${artifact.name})` : ''}`,
      );
      add(
        'artifacts',
        given.length > 0
          ? `${given.join(', ')}; any other alias gets the definition's default version`
          : "the definition's default versions",
      );
      if (target.description !== undefined) add('description', target.description);
      if (target.stages !== null) {
        const manual = target.allStages.filter((stage) => !target.stages?.includes(stage));
        add('made manual for this release', manual.length > 0 ? manual.join(', ') : 'none');
      }
      break;
    }
  }
  return lines.join('\n');
}

function onBranch(branch: string | undefined, commit: string | undefined): string {
  const where = branch ? `on ${branch}` : 'on its default branch';
  return commit ? `${where} at commit ${commit}` : where;
}

function variablesText(variables: Readonly<Record<string, VariableValue>>): string {
  return Object.entries(variables)
    .map(([name, variable]) => `${name}=${variable.isSecret ? '*** (secret)' : variable.value}`)
    .join(', ');
}
