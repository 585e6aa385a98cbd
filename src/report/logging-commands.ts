/**
 * Azure Pipelines logging commands (docs/design/azure-devops.md §10.1). Messages are made safe
 * first.
 */
import { safeLine } from './safe-text.ts';

/**
 * Escapes a property value or message (§10.1). `%` goes first, to `%AZP25`, so that the other
 * escapes are not themselves re-read; agents whose DecodePercents knob is off keep `%AZP25`
 * literally, which is why `setSecret` also sends the unescaped-`%` form.
 */
export function escapeCommandValue(text: string, escapePercent = true): string {
  const percent = escapePercent ? text.replaceAll('%', '%AZP25') : text;
  return percent
    .replaceAll(';', '%3B')
    .replaceAll('\r', '%0D')
    .replaceAll('\n', '%0A')
    .replaceAll(']', '%5D');
}

/** `##vso[task.setvariable variable=runId;isOutput=true]1000`: an output variable of the step. */
export function setOutputVariable(name: string, value: string): string {
  return `##vso[task.setvariable variable=${escapeCommandValue(name)};isOutput=true]${escapeCommandValue(safeLine(value))}`;
}

/**
 * `##vso[task.setsecret]VALUE` lines for one secret. The agent masks per line and only from then on
 * (§10.1), so a multi-line secret is sent line by line; a value with `%` is sent both escaped and
 * not, so it is masked whether or not the agent decodes `%AZP25`.
 */
export function setSecret(secret: string): string[] {
  const lines = secret.split(/\r?\n/).filter((line) => line !== '');
  return lines.flatMap((line) => {
    const forms = new Set([escapeCommandValue(line), escapeCommandValue(line, false)]);
    return [...forms].map((form) => `##vso[task.setsecret]${form}`);
  });
}

/** `##vso[task.logissue type=warning]message`: an issue on the step, shown in the run summary. */
export function logIssue(type: 'error' | 'warning', message: string): string {
  return `##vso[task.logissue type=${type}]${escapeCommandValue(safeLine(message))}`;
}

/** The step results `task.complete` takes; parsed case-sensitively (§10.1). */
export type TaskResult = 'Succeeded' | 'SucceededWithIssues' | 'Failed' | 'Canceled';

/** `##vso[task.complete result=SucceededWithIssues;]message`. `result` is case-sensitive (§10.1). */
export function completeTask(result: TaskResult, message: string): string {
  return `##vso[task.complete result=${result};]${escapeCommandValue(safeLine(message))}`;
}

/** `##vso[task.setprogress value=40;]2 of 5 steps done`: the task's progress, 0..100 (§10.1). */
export function setProgress(percent: number, message: string): string {
  const value = Math.min(100, Math.max(0, Math.round(percent)));
  return `##vso[task.setprogress value=${value};]${escapeCommandValue(safeLine(message))}`;
}

/** `##[group]Title` / `##[endgroup]`: a collapsible section of the log (formatting only). */
export function group(title: string, lines: readonly string[]): string[] {
  return [`##[group]${safeLine(title)}`, ...lines, '##[endgroup]'];
}

/**
 * `##vso[task.uploadsummary]/abs/path.md`: attaches a Markdown file to the run's summary page
 * (docs/design/azure-devops.md §10.1 syntax). The agent reads the path as the message: it must be
 * absolute.
 */
export function uploadSummary(path: string): string {
  return `##vso[task.uploadsummary]${escapeCommandValue(safeLine(path))}`;
}
