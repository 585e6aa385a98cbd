import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.ts';
import { environmentName } from '../../src/cli/options.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('the README documents the command line as it is', () => {
  const options = COMMANDS.filter((c) => !['simulate', 'demo'].includes(c.name)).flatMap((c) =>
    c.options.map((option) => [c.name, option.name, option] as const),
  );

  it.each(options)(
    '%s: --%s and its variable are in the option table',
    (_command, name, option) => {
      const row = readme
        .split('\n')
        .find((line) => line.startsWith(`| \`--${name}\``) || line.startsWith(`| \`--${name} `));
      expect(row, `a table row for --${option.name}`).toBeDefined();
      expect(row).toContain(`\`${environmentName(option)}\``);
    },
  );

  it('lists every exit code of the contract', () => {
    for (const code of [0, 1, 2, 3, 4, 5])
      expect(readme).toMatch(new RegExp(`^\\| ${code} +\\|`, 'm'));
  });

  it('gives the two-command quick start', () => {
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Status'));
    const commands = quickStart.split('\n').filter((line) => /^npm /.test(line));
    expect(commands.map((line) => line.split('#')[0]?.trim())).toEqual([
      'npm run demo',
      'npm test',
    ]);
  });
});
