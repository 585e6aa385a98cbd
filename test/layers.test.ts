/**
 * The direction of the layers, enforced by the lint configuration (eslint.config.js): the task
 * never imports the command line, and the core imports no adapter.
 */
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The configuration is plain JavaScript, without declarations: imported by its URL.
const configUrl = new URL('../eslint.config.js', import.meta.url).href;
const { default: config, LAYER_RULES } = (await import(configUrl)) as {
  readonly default: readonly Linter.Config[];
  readonly LAYER_RULES: readonly Linter.Config[];
};

/** Only the layer rules, without type information: fast, and about nothing else. */
function layerLinter(): ESLint {
  return new ESLint({
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
      ...LAYER_RULES,
    ],
  });
}

async function restrictedImports(text: string, filePath: string): Promise<string[]> {
  const [result] = await layerLinter().lintText(text, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('the layer rules', () => {
  it('are part of the lint configuration', () => {
    for (const rule of LAYER_RULES) expect(config).toContain(rule);
  });

  it.each([
    ['src/task/planted.ts', "import { run } from '../cli/commands/flow.ts';\nvoid run;\n"],
    ['src/task/planted.ts', "export { EXIT } from '../cli/exit.ts';\n"],
    [
      'src/session/planted.ts',
      "import type { X } from '../cli/commands.ts';\nexport type Y = X;\n",
    ],
    ['src/session/planted.ts', "import { runTask } from '../task/run-task.ts';\nvoid runTask;\n"],
    ['src/run.ts', "import { x } from './cli/x.ts';\nvoid x;\n"],
    ['src/flow/planted.ts', "import { x } from '../task/x.ts';\nvoid x;\n"],
    ['src/flow/planted.ts', "import { x } from '../session/x.ts';\nvoid x;\n"],
    ['src/azdo/decode/planted.ts', "import { x } from '../../cli/x.ts';\nvoid x;\n"],
  ])('report %s importing an adapter', async (filePath, text) => {
    expect(await restrictedImports(text, filePath)).toHaveLength(1);
  });

  it.each([
    ['src/task/planted.ts', "import { x } from '../session/x.ts';\nvoid x;\n"],
    ['src/cli/planted.ts', "import { x } from '../session/x.ts';\nvoid x;\n"],
    ['src/cli/commands/planted.ts', "import { x } from '../../task/inputs.ts';\nvoid x;\n"],
    ['src/flow/planted.ts', "import { x } from '../report/x.ts';\nvoid x;\n"],
  ])('allow %s importing what it stands on', async (filePath, text) => {
    expect(await restrictedImports(text, filePath)).toEqual([]);
  });

  it('hold in the tree: no file of src/ imports against the direction', async () => {
    const results = await layerLinter().lintFiles(['src/**/*.ts']);
    const broken = results.flatMap((result) =>
      result.messages
        .filter((message) => message.ruleId === 'no-restricted-imports')
        .map((message) => `${result.filePath}:${message.line}: ${message.message}`),
    );
    expect(results.length).toBeGreaterThan(100);
    expect(broken).toEqual([]);
  });
});
