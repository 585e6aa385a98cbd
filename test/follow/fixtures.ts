/** Wire-shaped fixtures for the pure mapping tests: builds, timeline records, release stages. */
import type {
  Build,
  DeploymentAttempt,
  Release,
  ReleaseApproval,
  ReleaseCondition,
  ReleaseEnvironment,
  TaskResult,
  TimelineRecord,
  TimelineRecordState,
} from '../../src/azdo/types.ts';

export interface RecordState {
  readonly state: TimelineRecordState | null;
  readonly result: TaskResult | null;
}

export function build(overrides: Partial<Build> = {}): Build {
  return {
    id: 1000,
    status: 'inProgress',
    startTime: '2026-01-01T09:00:00.0000000Z',
    definition: { id: 7, name: 'web-ci' },
    ...overrides,
  };
}

export function record(
  overrides: Partial<TimelineRecord> & Pick<TimelineRecord, 'id' | 'type'>,
): TimelineRecord {
  return {
    name: overrides.id,
    parentId: null,
    order: 1,
    state: 'pending',
    result: null,
    ...overrides,
  };
}

/** A YAML stage with one job and one task: `<id>`, `<id>.phase`, `<id>.job`, `<id>.task`. */
export function stageRecords(
  id: string,
  order: number,
  state: RecordState = { state: 'pending', result: null },
): TimelineRecord[] {
  return [
    record({ id, type: 'Stage', identifier: id, name: `${id} stage`, order, ...state }),
    record({ id: `${id}.phase`, type: 'Phase', parentId: id, name: `${id} job`, ...state }),
    record({ id: `${id}.job`, type: 'Job', parentId: `${id}.phase`, name: `${id} job`, ...state }),
    record({ id: `${id}.task`, type: 'Task', parentId: `${id}.job`, name: 'Run script', ...state }),
  ];
}

/** A Checkpoint and one check record under stage `id`. */
export function checkpoint(id: string, type: string, state: TimelineRecordState): TimelineRecord[] {
  return [
    record({ id: `${id}.cp`, type: 'Checkpoint', parentId: id, state: 'inProgress' }),
    record({ id: `${id}.check`, type, parentId: `${id}.cp`, state }),
  ];
}

export function approval(overrides: Partial<ReleaseApproval> = {}): ReleaseApproval {
  return {
    id: 11,
    status: 'pending',
    approvalType: 'preDeploy',
    isAutomated: false,
    approver: { id: 'ops-id', displayName: 'Ops Team', uniqueName: 'ops@contoso.com' },
    ...overrides,
  };
}

export function attempt(overrides: Partial<DeploymentAttempt> = {}): DeploymentAttempt {
  return {
    id: 1,
    attempt: 1,
    status: 'inProgress',
    operationStatus: 'phaseInProgress',
    queuedOn: '2026-01-01T09:00:00.0000000Z',
    releaseDeployPhases: [],
    ...overrides,
  };
}

export const AFTER_RELEASE = [
  { name: 'ReleaseStarted', conditionType: 'event', value: '' },
] as const;

export function after(stage: string, value = '4'): readonly ReleaseCondition[] {
  return [{ name: stage, conditionType: 'environmentState', value }];
}

export function env(
  overrides: Partial<ReleaseEnvironment> & Pick<ReleaseEnvironment, 'id' | 'name'>,
): ReleaseEnvironment {
  return {
    status: 'notStarted',
    rank: overrides.id,
    conditions: AFTER_RELEASE,
    preDeployApprovals: [],
    postDeployApprovals: [],
    deploySteps: [],
    modifiedOn: '2026-01-01T09:00:00.0000000Z',
    ...overrides,
  };
}

export function release(
  environments: readonly ReleaseEnvironment[],
  overrides: Partial<Release> = {},
): Release {
  return {
    id: 1,
    name: 'Release-1',
    status: 'active',
    createdOn: '2026-01-01T09:00:00.0000000Z',
    environments,
    ...overrides,
  };
}
