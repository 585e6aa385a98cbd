/**
 * The one table of inputs: every input of `aztm pipeline|build|release|watch` and `aztm flow`,
 * each one row with its name in every adapter (flag, environment variables, flow key, task input)
 * and the rules between inputs. The CLI's options and help (src/cli/trigger-options.ts), the flow's
 * step keys (src/flow/request.ts), the task's inputs (src/task/inputs.ts) and the request builder
 * (src/inputs/requests.ts) are read from here; test/inputs/agreement.test.ts checks task.json,
 * schemas/flow.schema.json and the README's option table against it (docs/design/cli-contract.md).
 */
import {
  readArtifacts,
  readId,
  readNameList,
  readTemplateParameters,
  readVariables,
} from './values.ts';

/** The commands whose inputs the table holds; `flow` stands for `aztm flow` and its steps. */
export const INPUT_KINDS = ['pipeline', 'build', 'release', 'watch', 'flow'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

/** The kinds that build a TargetRequest (src/target.ts). */
export type RequestKind = 'pipeline' | 'build' | 'release';

export interface InputRow {
  /** The canonical id, the key of a request's values (src/inputs/requests.ts). */
  readonly id: string;
  readonly kinds: readonly InputKind[];
  readonly type: 'string' | 'boolean';
  /** The command-line flag without dashes, e.g. `pipeline-id`. */
  readonly flag: string;
  /** The environment variables read for it: the original script's `aztm_*` name. */
  readonly env: readonly string[];
  /** Placeholder for the value in help, e.g. `ID`. */
  readonly valueName?: string;
  /** Help text, and where one command says it otherwise. */
  readonly help: string;
  readonly helpFor?: Partial<Record<InputKind, string>>;
  /**
   * Its key in a flow file: inside a step's `pipeline`/`build`/`release` mapping (`request`), or on
   * the step itself (`step`). Omitted: flags and environment variables only.
   */
  readonly flow?: { readonly key: string; readonly at: 'request' | 'step' };
  /** Its TriggerAndMonitor input (for the kinds it has), and whether RunFlow has it too. */
  readonly task?: { readonly input: string; readonly runFlow?: boolean };
  /** A token, or a value that may hold secrets: never shown in a message. */
  readonly secret?: boolean;
  /** Given as JSON text on the command line and in the task (a flow file holds the value itself). */
  readonly json?: boolean;
  /** Checks and types a request input's value (src/inputs/values.ts); text inputs are trimmed. */
  readonly parse?: (value: unknown, input: string) => unknown;
}

/** Exactly one of `ids` must be given for `kind`: the definition (or run) by id or by name. */
export interface InputRule {
  readonly kind: InputKind;
  readonly exactlyOne: readonly string[];
  /** What the inputs name, for messages: `the release definition is missing`. */
  readonly what: string;
}

const ALL: readonly InputKind[] = INPUT_KINDS;
const TRIGGERS: readonly InputKind[] = ['pipeline', 'build', 'release'];

type RowSpec = Omit<InputRow, 'env' | 'type'> & { readonly type?: 'boolean' };

/** A row; its variable is `aztm_` + the flag with `-` turned into `_`, as the original script's. */
function row(spec: RowSpec): InputRow {
  return { type: 'string', env: [`aztm_${spec.flag.replace(/-/g, '_')}`], ...spec };
}

/** The text of a name or ref: trimmed, empty counting as not given. */
function readText(value: unknown): string | undefined {
  return typeof value === 'string' ? value.trim() || undefined : undefined;
}

const CONNECTION: readonly InputRow[] = [
  row({
    id: 'organization',
    kinds: ALL,
    flag: 'organization',
    valueName: 'URL',
    help: 'https://dev.azure.com/ORG, https://ORG.visualstudio.com, a Server collection URL, or ORG',
    flow: { key: 'organization', at: 'step' },
    task: { input: 'organization', runFlow: true },
  }),
  row({
    id: 'project',
    kinds: ALL,
    flag: 'project',
    valueName: 'NAME',
    help: 'project name or id',
    flow: { key: 'project', at: 'step' },
    task: { input: 'project' },
  }),
  row({
    id: 'pat',
    kinds: ALL,
    flag: 'pat',
    valueName: 'TOKEN',
    help: 'a personal access token (Basic), or a JWT such as $(System.AccessToken) (Bearer)',
    secret: true,
  }),
  row({
    id: 'token',
    kinds: ALL,
    flag: 'token',
    valueName: 'TOKEN',
    help: 'a bearer token',
    secret: true,
  }),
  row({
    id: 'auth',
    kinds: ALL,
    flag: 'auth',
    valueName: 'METHOD',
    help: 'auto (default), pat, token, azure-cli, service-principal, managed-identity or workload-identity',
  }),
  row({
    id: 'serviceConnection',
    kinds: ALL,
    flag: 'service-connection',
    valueName: 'ID',
    help: 'an Azure Resource Manager service connection to sign in through (workload identity)',
  }),
  row({
    id: 'caFile',
    kinds: ALL,
    flag: 'ca-file',
    valueName: 'FILE',
    help: 'PEM file of certificate authorities to trust besides the system ones',
  }),
  row({
    id: 'maxRps',
    kinds: ALL,
    flag: 'max-rps',
    valueName: 'N',
    help: 'most requests a second, all runs and organizations together (default 10; fewer while the service asks)',
  }),
  row({
    id: 'trace',
    kinds: ALL,
    flag: 'trace',
    valueName: 'FILE',
    help: 'write every request and answer to FILE, one JSON object a line, tokens and secrets as *** (for a bug report)',
  }),
];

/** What to trigger or follow; in an order each command's help keeps. */
const TARGET: readonly InputRow[] = [
  row({
    id: 'pipelineId',
    kinds: ['pipeline'],
    flag: 'pipeline-id',
    valueName: 'ID',
    help: 'the pipeline id',
    flow: { key: 'pipelineId', at: 'request' },
    task: { input: 'pipelineId' },
    parse: readId,
  }),
  row({
    id: 'pipeline',
    kinds: ['pipeline'],
    flag: 'pipeline',
    valueName: 'NAME',
    help: 'the pipeline name, optionally folder\\name',
    flow: { key: 'pipeline', at: 'request' },
    task: { input: 'pipeline' },
    parse: readText,
  }),
  row({
    id: 'releaseId',
    kinds: ['release'],
    flag: 'release-id',
    valueName: 'ID',
    help: "the release definition id (the original script's name for it)",
    flow: { key: 'releaseId', at: 'request' },
    parse: readId,
  }),
  row({
    id: 'definitionId',
    kinds: ['build', 'release'],
    flag: 'definition-id',
    valueName: 'ID',
    help: 'the build definition id',
    helpFor: { release: 'the release definition id (same as --release-id)' },
    flow: { key: 'definitionId', at: 'request' },
    task: { input: 'definitionId' },
    parse: readId,
  }),
  row({
    id: 'definition',
    kinds: ['build', 'release'],
    flag: 'definition',
    valueName: 'NAME',
    help: 'the build definition name, optionally folder\\name',
    helpFor: { release: 'the release definition name' },
    flow: { key: 'definition', at: 'request' },
    task: { input: 'definition' },
    parse: readText,
  }),
  row({
    id: 'branch',
    kinds: ['pipeline', 'build'],
    flag: 'branch',
    valueName: 'BRANCH',
    help: 'main means refs/heads/main; a full refs/... is kept',
    flow: { key: 'branch', at: 'request' },
    task: { input: 'branch' },
    parse: readText,
  }),
  row({
    id: 'commit',
    kinds: ['pipeline', 'build'],
    flag: 'commit',
    valueName: 'SHA',
    help: 'the commit to run',
    helpFor: { build: 'the commit to build' },
    flow: { key: 'commit', at: 'request' },
    task: { input: 'commit' },
    parse: readText,
  }),
  row({
    id: 'templateParameters',
    kinds: ['pipeline'],
    flag: 'template-parameters',
    valueName: 'JSON',
    help: 'template parameters, a JSON object',
    flow: { key: 'templateParameters', at: 'request' },
    task: { input: 'templateParameters' },
    json: true,
    parse: readTemplateParameters,
  }),
  row({
    id: 'stagesToSkip',
    kinds: ['pipeline'],
    flag: 'stages-to-skip',
    valueName: 'LIST',
    help: 'stages to skip: a comma list or a JSON array',
    flow: { key: 'stagesToSkip', at: 'request' },
    task: { input: 'stagesToSkip' },
    parse: readNameList,
  }),
  row({
    id: 'artifacts',
    kinds: ['release'],
    flag: 'artifacts',
    valueName: 'JSON',
    help: '{"alias": "versionId"}, {"alias": {"id", "name"}} or [{"alias", "instanceReference"}]',
    flow: { key: 'artifacts', at: 'request' },
    task: { input: 'artifacts' },
    json: true,
    parse: readArtifacts,
  }),
  row({
    id: 'description',
    kinds: ['release'],
    flag: 'description',
    valueName: 'TEXT',
    help: 'release description',
    flow: { key: 'description', at: 'request' },
    task: { input: 'description' },
    // Kept as given, spaces included.
    parse: (value) => (typeof value === 'string' ? value : undefined),
  }),
  row({
    id: 'stages',
    kinds: ['release'],
    flag: 'stages',
    valueName: 'LIST',
    help: 'stages to deploy (comma list); every other stage is made manual, not waited for',
    flow: { key: 'stages', at: 'request' },
    task: { input: 'stages' },
    parse: readNameList,
  }),
  row({
    id: 'runId',
    kinds: ['watch'],
    flag: 'run-id',
    valueName: 'ID',
    help: 'a pipeline run or build id to follow',
    task: { input: 'runId' },
    parse: readId,
  }),
  row({
    id: 'release',
    kinds: ['watch'],
    flag: 'release',
    valueName: 'ID',
    help: 'a release id to follow',
    task: { input: 'release' },
    parse: readId,
  }),
];

/** How a trigger is sent. */
const TRIGGER: readonly InputRow[] = [
  row({
    id: 'variables',
    kinds: TRIGGERS,
    flag: 'variables',
    valueName: 'JSON',
    help: '{"name": "value"} or {"name": {"value": "v", "isSecret": true}}',
    flow: { key: 'variables', at: 'request' },
    task: { input: 'variables' },
    secret: true,
    json: true,
    parse: readVariables,
  }),
  row({
    id: 'noWait',
    kinds: TRIGGERS,
    type: 'boolean',
    flag: 'no-wait',
    help: 'trigger, print the id and web URL, exit 0 without waiting',
    task: { input: 'noWait' },
  }),
  row({
    id: 'dryRun',
    kinds: TRIGGERS,
    type: 'boolean',
    flag: 'dry-run',
    help: 'resolve and validate everything against the server, trigger nothing',
    task: { input: 'dryRun' },
  }),
];

/** `aztm flow` only. */
const FLOW: readonly InputRow[] = [
  row({
    id: 'to',
    kinds: ['flow'],
    flag: 'to',
    valueName: 'azure-pipelines|mermaid',
    help: 'export: the format to write',
  }),
  row({
    id: 'output',
    kinds: ['flow'],
    flag: 'output',
    valueName: 'FILE',
    help: 'export: the file to write (default: stdout)',
  }),
  row({
    id: 'failFast',
    kinds: ['flow'],
    type: 'boolean',
    flag: 'fail-fast',
    help: 'run: on the first failure start nothing new and cancel the running steps',
    task: { input: 'failFast', runFlow: true },
  }),
  row({
    id: 'state',
    kinds: ['flow'],
    flag: 'state',
    valueName: 'FILE',
    help: 'run: record each step as it goes; run again with the same file to follow what is still running, keep what succeeded and run the rest',
    task: { input: 'stateFile', runFlow: true },
  }),
  row({
    id: 'summary',
    kinds: ['flow'],
    flag: 'summary',
    valueName: 'FILE',
    help: 'run: write a Markdown report of the run (results, failures, a Mermaid graph) to FILE; inside Azure Pipelines it is attached to the run summary',
  }),
];

/** How a run is followed; in a flow, a step's own `timeout` and `allowPartial` win. */
const FOLLOW: readonly InputRow[] = [
  row({
    id: 'timeout',
    kinds: ALL,
    flag: 'timeout',
    valueName: 'DURATION',
    help: 'longest time to wait: 90s, 45m, 2h or seconds, at most 720h (default: no limit)',
    flow: { key: 'timeout', at: 'step' },
    task: { input: 'timeout', runFlow: true },
  }),
  row({
    id: 'pollInterval',
    kinds: ALL,
    flag: 'poll-interval',
    valueName: 'DURATION',
    help: 'time between status checks, at most 1h (default 10s)',
    task: { input: 'pollInterval', runFlow: true },
  }),
  row({
    id: 'onTimeout',
    kinds: ALL,
    flag: 'on-timeout',
    valueName: 'cancel|leave',
    help: 'what happens to the run when --timeout is reached (default cancel)',
    task: { input: 'onTimeout', runFlow: true },
  }),
  row({
    id: 'onInterrupt',
    kinds: ALL,
    flag: 'on-interrupt',
    valueName: 'cancel|leave',
    help: 'what happens to the run on Ctrl+C or SIGTERM (default cancel)',
    task: { input: 'onInterrupt', runFlow: true },
  }),
  row({
    id: 'cancelTimeout',
    kinds: ALL,
    flag: 'cancel-timeout',
    valueName: 'DURATION',
    help: 'after Ctrl+C or SIGTERM, the longest aztm spends canceling before it names what may still run (default 6s)',
  }),
  row({
    id: 'allowPartial',
    kinds: ALL,
    type: 'boolean',
    flag: 'allow-partial',
    help: 'treat partially succeeded as success (exit 0, with a warning)',
    flow: { key: 'allowPartial', at: 'step' },
    task: { input: 'allowPartial' },
  }),
  row({
    id: 'showLogs',
    kinds: ALL,
    flag: 'show-logs',
    valueName: 'failed|all|none',
    help: 'log lines of failed (or all) tasks printed at the end (default failed)',
    task: { input: 'showLogs' },
  }),
  row({
    id: 'approve',
    kinds: ALL,
    type: 'boolean',
    flag: 'approve',
    help: 'approve approvals assigned to you (never by default)',
    task: { input: 'approve', runFlow: true },
  }),
  row({
    id: 'approveComment',
    kinds: ALL,
    flag: 'approve-comment',
    valueName: 'TEXT',
    help: 'comment left with --approve (default "Approved by aztm")',
    task: { input: 'approveComment', runFlow: true },
  }),
  row({
    id: 'progress',
    kinds: ALL,
    flag: 'progress',
    valueName: 'auto|live|plain',
    help: 'live view on a terminal, one line per change otherwise (default auto)',
  }),
  row({
    id: 'json',
    kinds: ALL,
    type: 'boolean',
    flag: 'json',
    help: 'print one JSON result object on stdout at the end; progress on stderr',
  }),
];

/** Every input, in the order each command's help lists them. */
export const INPUTS: readonly InputRow[] = [
  ...CONNECTION,
  ...TARGET,
  ...TRIGGER,
  ...FLOW,
  ...FOLLOW,
];

/**
 * The rules between inputs. The release definition by one id or its name, never two of them, even
 * when both ids say the same: a flow file always refused it, and so does the command line now
 * (README, "Options and environment variables").
 */
export const RULES: readonly InputRule[] = [
  { kind: 'pipeline', exactlyOne: ['pipelineId', 'pipeline'], what: 'pipeline' },
  { kind: 'build', exactlyOne: ['definitionId', 'definition'], what: 'build definition' },
  {
    kind: 'release',
    exactlyOne: ['releaseId', 'definitionId', 'definition'],
    what: 'release definition',
  },
  { kind: 'watch', exactlyOne: ['runId', 'release'], what: 'run or release' },
];

/** The row of an id; an unknown id is a bug. */
export function inputRow(id: string): InputRow {
  const found = INPUTS.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`bug: no input "${id}" in src/inputs/table.ts`);
  return found;
}

/** The rows of a kind, in table order. */
export function inputsOf(kind: InputKind): readonly InputRow[] {
  return INPUTS.filter((candidate) => candidate.kinds.includes(kind));
}

/** A row's help for one kind. */
export function helpFor(input: InputRow, kind: InputKind): string {
  return input.helpFor?.[kind] ?? input.help;
}
