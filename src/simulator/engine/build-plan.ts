import { seededGuid } from '../ids.ts';
import type { JobScript, StageScript, TaskScript } from '../scenario/model.ts';
import type { BuildRecord } from './build-record.ts';
import { NEVER, type Moment } from './build-moment.ts';

/** Timeline record types of YAML runs and classic builds (docs/design/azure-devops.md §2.4). */
export type TimelineRecordType =
  'Stage' | 'Checkpoint' | 'Checkpoint.Approval' | 'Phase' | 'Job' | 'Task';

/** `TaskResult` names the simulator produces (docs/design/azure-devops.md §2.4). */
export type TimelineResult =
  'succeeded' | 'succeededWithIssues' | 'failed' | 'canceled' | 'skipped';

/** One timeline record while its times are being worked out. */
export interface PlannedRecord {
  /** Position in depth-first order: parents before children, siblings by `order`. */
  readonly index: number;
  readonly id: string;
  readonly parentIndex: number | null;
  readonly type: TimelineRecordType;
  readonly name: string;
  readonly identifier: string | null;
  readonly order: number;
  /**
   * Checkpoint records exist only once their stage is reached (docs/design/azure-devops.md §2.4);
   * every other record exists from the moment the run is queued, in state `pending`.
   */
  readonly appearsOnStart: boolean;
  /** The script of a Task record. */
  readonly task: TaskScript | null;
  start: Moment | null;
  finish: Moment;
  result: TimelineResult | null;
  /** Generation order of the start and finish events: breaks ties between equal moments. */
  startSeq: number;
  finishSeq: number;
  /** Set when a cancel or forced finish ended the record while it ran. */
  cut: 'cancel' | 'forced' | null;
}

export interface JobPlan {
  readonly script: JobScript;
  readonly phase: PlannedRecord;
  readonly job: PlannedRecord;
  readonly tasks: readonly PlannedRecord[];
}

export interface StagePlan {
  readonly script: StageScript;
  /** `null` for a classic build: its single `__default` stage has no Stage record. */
  readonly stage: PlannedRecord | null;
  /** The Checkpoint and Checkpoint.Approval records of a stage with an approval (YAML only). */
  readonly checkpoint: PlannedRecord | null;
  readonly approval: PlannedRecord | null;
  readonly jobs: readonly JobPlan[];
  /** All the stage's records, in depth-first order (the stage record first). */
  readonly records: readonly PlannedRecord[];
}

/**
 * Lays out the timeline records of a run: Stage → Checkpoint → Checkpoint.Approval and
 * Stage → Phase → Job → Task for YAML runs; Phase → Job → Task for classic builds (§2.4). Record
 * ids derive from the plan id, itself seeded, so the same scenario always yields the same ids.
 */
export function planRecords(build: BuildRecord): {
  records: PlannedRecord[];
  stages: StagePlan[];
} {
  const records: PlannedRecord[] = [];
  const add = (
    label: string,
    fields: Pick<PlannedRecord, 'parentIndex' | 'type' | 'name' | 'identifier' | 'order'> & {
      appearsOnStart?: boolean;
      task?: TaskScript;
    },
  ): PlannedRecord => {
    const record: PlannedRecord = {
      index: records.length,
      id: seededGuid(0, `${build.planId}:${label}`),
      parentIndex: fields.parentIndex,
      type: fields.type,
      name: fields.name,
      identifier: fields.identifier,
      order: fields.order,
      appearsOnStart: fields.appearsOnStart ?? false,
      task: fields.task ?? null,
      start: null,
      finish: NEVER,
      result: null,
      startSeq: 0,
      finishSeq: 0,
      cut: null,
    };
    records.push(record);
    return record;
  };

  const yaml = build.kind === 'pipeline';
  const stages = build.script.stages.map((script, stageIndex): StagePlan => {
    const first = records.length;
    const label = `stage:${script.name}`;
    const stage = yaml
      ? add(label, {
          parentIndex: null,
          type: 'Stage',
          name: script.displayName,
          identifier: script.name,
          order: stageIndex + 1,
        })
      : null;
    // A classic build has no stage to hang a checkpoint on: its approvals are not simulated.
    const hasApproval = stage !== null && script.approval !== null;
    const checkpoint = hasApproval
      ? add(`${label}:checkpoint`, {
          parentIndex: stage.index,
          type: 'Checkpoint',
          name: 'Checkpoint',
          identifier: `Checkpoint.${script.name}`,
          order: 1,
          appearsOnStart: true,
        })
      : null;
    const approval = checkpoint
      ? add(`${label}:approval`, {
          parentIndex: checkpoint.index,
          type: 'Checkpoint.Approval',
          name: 'Checkpoint.Approval',
          identifier: null,
          order: 1,
          appearsOnStart: true,
        })
      : null;
    const jobs = script.jobs.map((jobScript, jobIndex): JobPlan => {
      const jobLabel = `${label}:job:${jobScript.name}`;
      const phaseIdentifier = yaml ? `${script.name}.${jobScript.name}` : jobScript.name;
      const phase = add(`${jobLabel}:phase`, {
        parentIndex: stage?.index ?? null,
        type: 'Phase',
        name: jobScript.displayName,
        identifier: phaseIdentifier,
        order: jobIndex + (checkpoint ? 2 : 1),
      });
      const job = add(jobLabel, {
        parentIndex: phase.index,
        type: 'Job',
        name: jobScript.displayName,
        identifier: `${phaseIdentifier}.__default`,
        order: 1,
      });
      const tasks = jobScript.tasks.map((task, taskIndex) =>
        add(`${jobLabel}:task:${taskIndex}`, {
          parentIndex: job.index,
          type: 'Task',
          name: task.name,
          identifier: null,
          order: taskIndex + 1,
          task,
        }),
      );
      return { script: jobScript, phase, job, tasks };
    });
    return { script, stage, checkpoint, approval, jobs, records: records.slice(first) };
  });
  return { records, stages };
}
