import type { TaskState } from './release-state-types.ts';

/**
 * A task's log as the agent writes it: its start line, the script's lines revealed so far, and the
 * finish line once it has ended. `null` for a task that never started (no log exists).
 */
export function releaseTaskLogLines(task: TaskState): string[] | null {
  if (task.startedAt === null) return null;
  const name = task.script.name;
  const lines = [`##[section]Starting: ${name}`, ...task.script.log.slice(0, task.logBodyLines)];
  if (task.finishedAt !== null) lines.push(`##[section]Finishing: ${name}`);
  return lines;
}

/** The job's log: the logs of its tasks that started, one after another. */
export function releaseJobLogLines(tasks: readonly TaskState[]): string[] {
  return tasks.flatMap((task) => releaseTaskLogLines(task) ?? []);
}
