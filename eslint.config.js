// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * An import of one of src/'s folders, written relative to any file under src/: `./cli/x.ts`
 * from src/, `../cli/x.ts` from src/flow/, `../../cli/x.ts` from src/azdo/decode/.
 */
const importOf = (folders, message) => ({
  regex: `^(\\./|(\\.\\./)+)(${folders.join('|')})/`,
  message,
});

/**
 * The direction of the layers (docs/design/architecture.md): the core never imports an adapter
 * (src/cli/, src/task/) nor the part they share (src/session/); the task and the session never
 * import the command line.
 */
export const LAYER_RULES = [
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/task/**', 'src/session/**', 'src/simulator/**', 'src/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            importOf(
              ['cli', 'task', 'session'],
              'the core imports no adapter: move what both need into the core',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/task/**/*.ts', 'src/session/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            importOf(
              ['cli'],
              'the task and src/session/ stand on the core, never on the command line: move what both adapters need into src/session/',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/session/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            importOf(['cli', 'task'], 'src/session/ is shared by the adapters: it imports neither'),
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'coverage/', 'test/contract/specs/', 'templates/aztm.mjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      'no-console': 'error',
    },
  },
  ...LAYER_RULES,
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // vitest's asymmetric matchers (expect.any, expect.stringMatching) are typed `any`.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
);
