/**
 * Failure detail of a run or build from its timeline (§2.4, §2.5): the failed (and, for a partial
 * success, the succeeded-with-issues) tasks with their issues and the tail of their logs, plus
 * failed stages, jobs and checks that carry error issues of their own (a job time-out, a failed
 * check). With `all`, every task that ran, with its tail.
 */
import type { BuildsClient } from '../azdo/builds.ts';
import type { TimelineRecord } from '../azdo/types.ts';
import type { StageResult } from '../outcome.ts';
import type { ShowLogs } from './follow-options.ts';
import { recordResult } from './results.ts';
import type { FailureDetail } from './snapshot.ts';
import { childrenByParent, descendantsOf } from './timeline.ts';
import { issueTexts, tail } from './tracker.ts';
import { messageOf } from '../errors.ts';

/** Task results worth showing when the run did not succeed. */
const FAILING: ReadonlySet<StageResult> = new Set(['failed', 'partiallySucceeded']);

interface FailingRecord {
  readonly record: TimelineRecord;
  /** Stage, job and record names, outermost first. */
  readonly path: readonly string[];
  readonly result: StageResult;
  readonly issues: readonly string[];
  /** The log to show the tail of, when the record has one and it is wanted. */
  readonly logId: number | null;
}

/** The records to report, in timeline order. Pure. */
function failingRecords(
  records: Iterable<TimelineRecord>,
  mode: Exclude<ShowLogs, 'none'>,
): FailingRecord[] {
  const list = [...records];
  const byId = new Map(list.map((record) => [record.id, record]));
  const found: FailingRecord[] = [];
  for (const record of descendantsOf(null, childrenByParent(list))) {
    const result = recordResult(record);
    if (result === undefined) continue;
    const issues = issueTexts(record.issues);
    const isTask = record.type === 'Task';
    const wanted = isTask
      ? mode === 'all' || FAILING.has(result)
      : result === 'failed' && issues.some((issue) => !issue.startsWith('warning: '));
    if (!wanted) continue;
    found.push({
      record,
      path: pathOf(record, byId),
      result,
      issues,
      logId: isTask && record.log ? record.log.id : null,
    });
  }
  return found;
}

/** Names of the Stage and Job records above `record`, then its own. */
function pathOf(record: TimelineRecord, byId: ReadonlyMap<string, TimelineRecord>): string[] {
  const names = [record.name];
  const seen = new Set([record.id]);
  let parent = record.parentId ? byId.get(record.parentId) : undefined;
  while (parent && !seen.has(parent.id)) {
    seen.add(parent.id);
    if (parent.type === 'Stage' || parent.type === 'Job') names.unshift(parent.name);
    parent = parent.parentId ? byId.get(parent.parentId) : undefined;
  }
  return names;
}

/** The details, with each wanted log's last `tailLines` lines (fetched whole, then cut). */
export async function pipelineFailureDetails(
  builds: Pick<BuildsClient, 'getLogLines'>,
  run: { readonly project: string; readonly id: number },
  records: Iterable<TimelineRecord>,
  mode: Exclude<ShowLogs, 'none'>,
  tailLines: number,
): Promise<FailureDetail[]> {
  const details: FailureDetail[] = [];
  for (const failing of failingRecords(records, mode)) {
    let logTail: string[] = [];
    const issues = [...failing.issues];
    if (failing.logId !== null && tailLines > 0) {
      try {
        const lines = await builds.getLogLines(run.project, run.id, failing.logId);
        logTail = tail(lines, tailLines);
      } catch (error) {
        issues.push(`(its log could not be read: ${messageOf(error)})`);
      }
    }
    details.push({ path: failing.path, result: failing.result, issues, logTail });
  }
  return details;
}
