import { COMMANDS, type CommandDefinition } from './commands.ts';
import { environmentName, type OptionSpec } from './options.ts';

export function generalHelp(version: string): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    `aztm ${version}: trigger Azure DevOps pipelines, builds and releases, follow them to the end, and exit with their result.`,
    '',
    'Usage: aztm <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Options:',
    '  --help     show help (also: aztm <command> --help)',
    '  --version  print the version',
    '',
    'Every option can also come from an environment variable aztm_<option> (any letter case); a flag wins.',
  ].join('\n');
}

export function commandHelp(command: CommandDefinition): string {
  const rows = [...command.options, HELP_OPTION].map((option) => [
    `--${option.name}${option.valueName ? ` ${option.valueName}` : ''}`,
    option.description,
    option.fromEnvironment === false ? '' : environmentName(option),
  ]);
  const first = Math.max(...rows.map((row) => (row[0] ?? '').length));
  return [
    `Usage: ${command.usage}`,
    '',
    command.description,
    '',
    'Options:',
    ...rows.map(([flag = '', description = '', variable = '']) =>
      `  ${flag.padEnd(first)}  ${description}${variable ? ` [${variable}]` : ''}`.trimEnd(),
    ),
  ].join('\n');
}

const HELP_OPTION: OptionSpec = {
  name: 'help',
  type: 'boolean',
  description: 'show this help',
  fromEnvironment: false,
};
