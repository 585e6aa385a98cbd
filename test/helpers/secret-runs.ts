/**
 * A scenario full of secrets for the end-to-end secret-forms tests: a token and a job token
 * that need escaping, and a pipeline and a classic build that take every secret of
 * test/helpers/secret-table.ts as a secret variable and print them (a careless script's echo,
 * a stage named after the token).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scenario, VariableSpec } from '../../src/simulator/scenario/model.ts';
import { withDevOpsProject } from './e2e-runs.ts';
import { buildDefinition, job, pipeline, run, stage, task, token } from './scenario-builder.ts';
import { MARK, REVEALING, revealed } from './secret-table.ts';

/** A PAT an HTTP header can carry, with `"`, `\`, `##[` and `;` in it. */
export const TOKEN = `${MARK}-pat"with\\odd##[chars];0123456789abcdef`;
/** A bearer token (SYSTEM_ACCESSTOKEN) likewise. */
export const JOB_TOKEN = `${MARK}-job"token\\##vso[x]0123456789abcdef`;

/** Every secret of the table, as a secret variable `secret0`, `secret1`… */
export const SECRET_VARIABLES: Readonly<Record<string, { value: string; isSecret: true }>> =
  Object.fromEntries(
    REVEALING.map((entry, index) => [`secret${index}`, { value: entry.secret, isSecret: true }]),
  );

/** `--variables` with every secret of the table. */
export const VARIABLES_JSON = JSON.stringify(SECRET_VARIABLES);

/**
 * The pipeline (`forms`) and classic build (`forms-build`) that print every secret variable and
 * `tokens` (the stage is named after the first): those a run is given.
 */
export function formsScenario(tokens: readonly string[] = [TOKEN, JOB_TOKEN]): Scenario {
  const declared: Record<string, VariableSpec> = Object.fromEntries(
    Object.keys(SECRET_VARIABLES).map((name) => [
      name,
      { value: '', isSecret: true, allowOverride: true },
    ]),
  );
  const log = [
    `##[error]login failed for ${tokens.join(' and ')}`,
    ...REVEALING.map((entry) => `echo ${entry.secret}`),
  ];
  const stages = [
    stage({
      name: 'Deploy',
      displayName: `Deploy as ${tokens[0] ?? ''}`,
      jobs: [job({ tasks: [task({ name: 'Connect', result: 'failed', log })] })],
    }),
  ];
  const scenario = withDevOpsProject((project) => ({
    ...project,
    pipelines: [
      ...project.pipelines,
      pipeline({ id: 70, name: 'forms', variables: declared, runs: [run({ stages })] }),
    ],
    buildDefinitions: [
      ...project.buildDefinitions,
      buildDefinition({ id: 71, name: 'forms-build', variables: declared }),
    ],
  }));
  return {
    ...scenario,
    tokens: [
      ...scenario.tokens,
      token({ name: 'forms', value: TOKEN }),
      token({ name: 'forms-job', kind: 'bearer', value: JOB_TOKEN }),
    ],
  };
}

/**
 * Every line of `outputs` that reveals a secret of the table, as `where:line: text`; inside
 * Azure Pipelines (`agent`) the `##vso[task.setsecret]` lines of stdout are the one place a
 * secret must be.
 */
export function revealingLines(
  outputs: Readonly<Record<string, string>>,
  options: { agent?: boolean } = {},
): string[] {
  const problems: string[] = [];
  for (const [where, text] of Object.entries(outputs)) {
    text.split('\n').forEach((line, index) => {
      if (options.agent && where === 'stdout' && line.startsWith('##vso[task.setsecret]')) return;
      if (revealed(line)) problems.push(`${where}:${index + 1}: ${line.slice(0, 300)}`);
    });
  }
  return problems;
}

/** A path in a new temporary folder. */
export function scratchFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'aztm-secret-forms-')), name);
}
