/**
 * The one list of the inputs the Azure Pipelines tasks read, each with the CLI option it stands
 * for. The task adapter reads inputs only through these lists (src/task/read-inputs.ts), and
 * test/extension checks them against each task's task.json, both ways.
 */

/** What the TriggerAndMonitor task runs: the CLI command of the same name. */
export const TASK_COMMANDS = ['pipeline', 'build', 'release', 'watch'] as const;
export type TaskCommand = (typeof TASK_COMMANDS)[number];

export interface TaskInput {
  /** The input's name in task.json; the agent passes it as INPUT_<NAME upper-cased>. */
  readonly name: string;
  /** The CLI option it stands for (src/cli/trigger-options.ts), or null for the task's own. */
  readonly option: string | null;
  readonly type: 'string' | 'boolean';
  /** The commands that read it: an input hidden for the chosen command is never read. */
  readonly commands: readonly TaskCommand[];
}

const ALL = TASK_COMMANDS;
const TRIGGERS = ['pipeline', 'build', 'release'] as const;

function input(
  name: string,
  option: string | null,
  commands: readonly TaskCommand[] = ALL,
  type: 'string' | 'boolean' = 'string',
): TaskInput {
  return { name, option, type, commands };
}

/**
 * How the tasks sign in: the job's own token, a PAT in a generic service connection, or an
 * Azure Resource Manager connection with workload identity federation.
 */
const CONNECTION_INPUTS: readonly TaskInput[] = [
  input('connectionType', null),
  input('serviceConnection', null),
  input('azureSubscription', null),
  input('organization', 'organization'),
];

/** How a run is followed: the CLI's FOLLOW_OPTIONS the task offers. */
const FOLLOW_INPUTS: readonly TaskInput[] = [
  input('timeout', 'timeout'),
  input('pollInterval', 'poll-interval'),
  input('onTimeout', 'on-timeout'),
  input('onInterrupt', 'on-interrupt'),
  input('approve', 'approve', ALL, 'boolean'),
  input('approveComment', 'approve-comment'),
];

/** TriggerAndMonitor: `aztm pipeline|build|release|watch`. */
export const TRIGGER_TASK_INPUTS: readonly TaskInput[] = [
  input('command', null),
  ...CONNECTION_INPUTS,
  input('project', 'project'),
  input('pipelineId', 'pipeline-id', ['pipeline']),
  input('pipeline', 'pipeline', ['pipeline']),
  input('definitionId', 'definition-id', ['build', 'release']),
  input('definition', 'definition', ['build', 'release']),
  input('branch', 'branch', ['pipeline', 'build']),
  input('commit', 'commit', ['pipeline', 'build']),
  input('templateParameters', 'template-parameters', ['pipeline']),
  input('stagesToSkip', 'stages-to-skip', ['pipeline']),
  input('artifacts', 'artifacts', ['release']),
  input('description', 'description', ['release']),
  input('stages', 'stages', ['release']),
  input('runId', 'run-id', ['watch']),
  input('release', 'release', ['watch']),
  input('variables', 'variables', TRIGGERS),
  input('noWait', 'no-wait', TRIGGERS, 'boolean'),
  input('dryRun', 'dry-run', TRIGGERS, 'boolean'),
  input('allowPartial', 'allow-partial', ALL, 'boolean'),
  input('showLogs', 'show-logs'),
  ...FOLLOW_INPUTS,
];

/**
 * The inputs of which each command needs one: checked in the task's own words before the CLI's
 * checks, whose messages name the CLI's options (`--release-id`), not the task's inputs.
 */
export const ONE_OF: Readonly<Record<TaskCommand, readonly [string, string]>> = {
  pipeline: ['pipelineId', 'pipeline'],
  build: ['definitionId', 'definition'],
  release: ['definitionId', 'definition'],
  watch: ['runId', 'release'],
};

/** RunFlow: `aztm flow run FILE`. */
export const FLOW_TASK_INPUTS: readonly TaskInput[] = [
  input('flowFile', null),
  ...CONNECTION_INPUTS,
  input('failFast', 'fail-fast', ALL, 'boolean'),
  input('stateFile', 'state'),
  ...FOLLOW_INPUTS,
];
