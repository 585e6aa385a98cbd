import type { OptionSpec } from './options.ts';

/**
 * Sign-in and network options (issue 7), part of CONNECTION_OPTIONS: how the token is obtained,
 * and which certificate authorities to trust. Proxies come from HTTPS_PROXY / HTTP_PROXY / NO_PROXY.
 */
const SIGN_IN_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'auth',
    type: 'string',
    valueName: 'METHOD',
    description:
      'auto (default), pat, token, azure-cli, service-principal, managed-identity or workload-identity',
  },
  {
    name: 'service-connection',
    type: 'string',
    valueName: 'ID',
    description:
      'an Azure Resource Manager service connection to sign in through (workload identity)',
  },
  {
    name: 'ca-file',
    type: 'string',
    valueName: 'FILE',
    description: 'PEM file of certificate authorities to trust besides the system ones',
  },
];

/** Options of every command that talks to Azure DevOps (docs/design/cli-contract.md, "common"). */
export const CONNECTION_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'organization',
    type: 'string',
    valueName: 'URL',
    description:
      'https://dev.azure.com/ORG, https://ORG.visualstudio.com, a Server collection URL, or ORG',
  },
  { name: 'project', type: 'string', valueName: 'NAME', description: 'project name or id' },
  {
    name: 'pat',
    type: 'string',
    valueName: 'TOKEN',
    description: 'a personal access token (Basic), or a JWT such as $(System.AccessToken) (Bearer)',
    secret: true,
  },
  {
    name: 'token',
    type: 'string',
    valueName: 'TOKEN',
    description: 'a bearer token',
    secret: true,
  },
  ...SIGN_IN_OPTIONS,
  {
    name: 'max-rps',
    type: 'string',
    valueName: 'N',
    description:
      'most requests a second, all runs and organizations together (default 10; fewer while the service asks)',
  },
  {
    name: 'trace',
    type: 'string',
    valueName: 'FILE',
    description:
      'write every request and answer to FILE, one JSON object a line, tokens and secrets as *** (for a bug report)',
  },
];

/** Options of the commands that follow a run: trigger commands and `watch`. */
export const FOLLOW_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'timeout',
    type: 'string',
    valueName: 'DURATION',
    description: 'longest time to wait: 90s, 45m, 2h or seconds, at most 720h (default: no limit)',
  },
  {
    name: 'poll-interval',
    type: 'string',
    valueName: 'DURATION',
    description: 'time between status checks, at most 1h (default 10s)',
  },
  {
    name: 'on-timeout',
    type: 'string',
    valueName: 'cancel|leave',
    description: 'what happens to the run when --timeout is reached (default cancel)',
  },
  {
    name: 'on-interrupt',
    type: 'string',
    valueName: 'cancel|leave',
    description: 'what happens to the run on Ctrl+C or SIGTERM (default cancel)',
  },
  {
    name: 'cancel-timeout',
    type: 'string',
    valueName: 'DURATION',
    description:
      'after Ctrl+C or SIGTERM, the longest aztm spends canceling before it names what may still run (default 6s)',
  },
  {
    name: 'allow-partial',
    type: 'boolean',
    description: 'treat partially succeeded as success (exit 0, with a warning)',
  },
  {
    name: 'show-logs',
    type: 'string',
    valueName: 'failed|all|none',
    description: 'log lines of failed (or all) tasks printed at the end (default failed)',
  },
  {
    name: 'approve',
    type: 'boolean',
    description: 'approve approvals assigned to you (never by default)',
  },
  {
    name: 'approve-comment',
    type: 'string',
    valueName: 'TEXT',
    description: 'comment left with --approve (default "Approved by aztm")',
  },
  {
    name: 'progress',
    type: 'string',
    valueName: 'auto|live|plain',
    description: 'live view on a terminal, one line per change otherwise (default auto)',
  },
  {
    name: 'json',
    type: 'boolean',
    description: 'print one JSON result object on stdout at the end; progress on stderr',
  },
];

/** Options of the commands that trigger something. */
export const TRIGGER_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'variables',
    type: 'string',
    valueName: 'JSON',
    description: '{"name": "value"} or {"name": {"value": "v", "isSecret": true}}',
    secret: true,
  },
  {
    name: 'no-wait',
    type: 'boolean',
    description: 'trigger, print the id and web URL, exit 0 without waiting',
  },
  {
    name: 'dry-run',
    type: 'boolean',
    description: 'resolve and validate everything against the server, trigger nothing',
  },
];

export const PIPELINE_OPTIONS: readonly OptionSpec[] = [
  { name: 'pipeline-id', type: 'string', valueName: 'ID', description: 'the pipeline id' },
  {
    name: 'pipeline',
    type: 'string',
    valueName: 'NAME',
    description: 'the pipeline name, optionally folder\\name',
  },
  {
    name: 'branch',
    type: 'string',
    valueName: 'BRANCH',
    description: 'main means refs/heads/main; a full refs/... is kept',
  },
  { name: 'commit', type: 'string', valueName: 'SHA', description: 'the commit to run' },
  {
    name: 'template-parameters',
    type: 'string',
    valueName: 'JSON',
    description: 'template parameters, a JSON object',
  },
  {
    name: 'stages-to-skip',
    type: 'string',
    valueName: 'LIST',
    description: 'stages to skip: a comma list or a JSON array',
  },
];

export const BUILD_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'definition-id',
    type: 'string',
    valueName: 'ID',
    description: 'the build definition id',
  },
  {
    name: 'definition',
    type: 'string',
    valueName: 'NAME',
    description: 'the build definition name, optionally folder\\name',
  },
  {
    name: 'branch',
    type: 'string',
    valueName: 'BRANCH',
    description: 'main means refs/heads/main; a full refs/... is kept',
  },
  { name: 'commit', type: 'string', valueName: 'SHA', description: 'the commit to build' },
];

export const RELEASE_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'release-id',
    type: 'string',
    valueName: 'ID',
    description: "the release definition id (the original script's name for it)",
  },
  {
    name: 'definition-id',
    type: 'string',
    valueName: 'ID',
    description: 'the release definition id (same as --release-id)',
  },
  {
    name: 'definition',
    type: 'string',
    valueName: 'NAME',
    description: 'the release definition name',
  },
  {
    name: 'artifacts',
    type: 'string',
    valueName: 'JSON',
    description:
      '{"alias": "versionId"}, {"alias": {"id", "name"}} or [{"alias", "instanceReference"}]',
  },
  { name: 'description', type: 'string', valueName: 'TEXT', description: 'release description' },
  {
    name: 'stages',
    type: 'string',
    valueName: 'LIST',
    description: 'stages to deploy (comma list); every other stage is made manual, not waited for',
  },
];

export const WATCH_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'run-id',
    type: 'string',
    valueName: 'ID',
    description: 'a pipeline run or build id to follow',
  },
  { name: 'release', type: 'string', valueName: 'ID', description: 'a release id to follow' },
];
