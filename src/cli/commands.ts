import type { CommandModule } from './command-context.ts';
import type { OptionSpec } from './options.ts';
import { tableOptions } from './trigger-options.ts';

export interface CommandDefinition {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
  /** Loaded only when the command runs, so `aztm --version` stays as fast as Node's start. */
  load(): Promise<CommandModule>;
}

const scenarioOptions: readonly OptionSpec[] = [
  {
    name: 'scenario',
    type: 'string',
    valueName: 'FILE',
    description: 'scenario file (YAML) to serve instead of the built-in one',
  },
  {
    name: 'speed',
    type: 'string',
    valueName: 'X',
    description: 'how much faster than real time simulated runs play (default 1; demo: 60)',
  },
];

export const COMMANDS: readonly CommandDefinition[] = [
  {
    name: 'pipeline',
    summary: 'run a YAML pipeline, wait for it, exit with its result',
    usage:
      'aztm pipeline --organization URL --project NAME (--pipeline-id ID | --pipeline NAME) [options]',
    description:
      'Runs a YAML pipeline through the Pipelines Runs API and follows it to the end: stages, jobs, approvals. The result comes from the Build API, so partial success is seen.',
    options: tableOptions('pipeline'),
    load: () => import('./commands/pipeline.ts'),
  },
  {
    name: 'build',
    summary: 'queue a classic build, wait for it, exit with its result',
    usage:
      'aztm build --organization URL --project NAME (--definition-id ID | --definition NAME) [options]',
    description:
      'Queues a classic build definition through the Build API (--variables become its queue-time parameters) and follows it to the end.',
    options: tableOptions('build'),
    load: () => import('./commands/build.ts'),
  },
  {
    name: 'release',
    summary: 'create a classic release, wait for the stages it deploys, exit with the result',
    usage:
      'aztm release --organization URL --project NAME (--release-id ID | --definition NAME) [options]',
    description:
      'Creates a release through the Release API and follows every stage that will deploy. A manual stage nobody deployed, or one whose condition can no longer be met, is reported as not deployed and never waited for.',
    options: tableOptions('release'),
    load: () => import('./commands/release.ts'),
  },
  {
    name: 'watch',
    summary: 'follow a run, build or release that already exists, exit with its result',
    usage: 'aztm watch --organization URL --project NAME (--run-id ID | --release ID) [options]',
    description:
      'Attaches to an existing pipeline run, build or release and follows it to the end.',
    options: tableOptions('watch'),
    load: () => import('./commands/watch.ts'),
  },
  {
    name: 'flow',
    summary: 'run, check, plan or export a flow file (a graph of pipelines, builds and releases)',
    usage:
      'aztm flow run FILE [connection and follow options] | aztm flow validate FILE | aztm flow plan FILE [connection options] | aztm flow export FILE --to azure-pipelines|mermaid [--output FILE]',
    description:
      'validate: parses the flow file against schemas/flow.schema.json and checks its graph (ids, dependsOn, cycles), printing file:line:column for the first fault. plan: also resolves every step against Azure DevOps (names to ids, inputs checked, as --dry-run) and prints the waves the steps would start in. export: writes the flow as an Azure Pipelines YAML pipeline (one job per step running aztm) or a Mermaid graph. None of these three triggers anything. run: resolves every step, then runs each as soon as its dependsOn and condition allow (up to maxParallel at once), a live view on a terminal or one line per step change, a summary table at the end, and a Markdown report with --summary; exit 1 when a step failed that is not continueOnError, 3 when interrupted.',
    options: tableOptions('flow'),
    load: () => import('./commands/flow.ts'),
  },
  {
    name: 'simulate',
    summary: 'start the local Azure DevOps simulator and print its organization URL and a token',
    usage:
      'aztm simulate [--port N] [--scenario FILE | --replay FILE] [--speed X] [--tls-cert FILE --tls-key FILE]',
    description:
      'Serves a local Azure DevOps (Pipelines, Build, Release and approvals REST APIs) on loopback until Ctrl+C or SIGTERM, so a flow can be rehearsed offline. With --replay it serves the answers of a trace (aztm --trace FILE) instead, so the command that made it runs again offline.',
    options: [
      {
        name: 'port',
        type: 'string',
        valueName: 'N',
        description: 'port to listen on; 0 picks a free one (default 0)',
      },
      ...scenarioOptions,
      {
        name: 'replay',
        type: 'string',
        valueName: 'FILE',
        description:
          'serve the answers of a trace written with --trace, in order, to the requests that match them',
      },
      {
        name: 'print-scenario',
        type: 'boolean',
        description: 'print the built-in scenario as YAML (a start for your own) and exit',
        fromEnvironment: false,
      },
      {
        name: 'json',
        type: 'boolean',
        description: 'print the URLs and token as one JSON object on stdout',
      },
      {
        name: 'tls-cert',
        type: 'string',
        valueName: 'FILE',
        description:
          'serve HTTPS with this PEM certificate (with --tls-key), as a corporate server',
      },
      {
        name: 'tls-key',
        type: 'string',
        valueName: 'FILE',
        description: 'the PEM private key of --tls-cert',
      },
    ],
    load: () => import('./commands/simulate.ts'),
  },
  {
    name: 'demo',
    summary: 'start the simulator in-process and run pipelines and a release against it',
    usage: 'aztm demo [--speed X]',
    description:
      'Starts the simulator with the built-in scenario, then triggers runs and releases against it and follows them to the end.',
    options: scenarioOptions,
    load: () => import('./commands/demo.ts'),
  },
];

export function findCommand(name: string): CommandDefinition | undefined {
  return COMMANDS.find((command) => command.name === name);
}
