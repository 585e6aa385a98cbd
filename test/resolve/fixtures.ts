/**
 * A project made for resolution: names repeated across folders, settable and locked variables,
 * a release whose stages follow each other.
 */
import { UsageError } from '../../src/errors.ts';
import type { Scenario, VariableSpec } from '../../src/simulator/scenario/model.ts';
import { clientFor } from '../azdo/client-helpers.ts';
import { startTestSimulator } from '../helpers/simulator.ts';
import {
  buildDefinition,
  pipeline,
  project,
  releaseDefinition,
  releaseStage,
  run,
  scenario,
  stage,
} from '../helpers/scenario-builder.ts';

export const PROJECT = 'Infrastructure';

function variable(allowOverride: boolean, value = 'v', isSecret = false): VariableSpec {
  return { value, isSecret, allowOverride };
}

export function resolveScenario(): Scenario {
  return scenario({
    projects: [
      project({
        pipelines: [
          pipeline({
            id: 1,
            name: 'deploy',
            folder: '\\apps',
            variables: { imageTag: variable(true), region: variable(false) },
            runs: [run({ stages: [stage({ name: 'Build' }), stage({ name: 'Deploy' })] })],
          }),
          pipeline({ id: 2, name: 'deploy', folder: '\\infra' }),
          pipeline({ id: 3, name: 'deploy-gateway', folder: '\\infra' }),
        ],
        buildDefinitions: [
          buildDefinition({
            id: 10,
            name: 'nightly',
            path: '\\Regression',
            variables: { suite: variable(true), secretKey: variable(false, 'k', true) },
          }),
          buildDefinition({ id: 11, name: 'nightly', path: '\\Perf' }),
          buildDefinition({ id: 12, name: 'lint' }),
        ],
        releaseDefinitions: [
          releaseDefinition({
            id: 20,
            name: 'Infrastructure',
            path: '\\infra',
            variables: { tier: variable(true), locked: variable(false) },
            artifacts: [
              {
                alias: 'app',
                type: 'Build',
                isPrimary: true,
                definitionId: 10,
                definitionName: 'nightly',
                defaultVersion: { id: '1204', name: '20261126.4' },
                versions: [
                  { id: '1201', name: '20261125.1' },
                  { id: '1204', name: '20261126.4' },
                ],
              },
            ],
            stages: [
              releaseStage({ id: 1, name: 'Dev' }),
              releaseStage({
                id: 2,
                name: 'Staging',
                trigger: { kind: 'afterStages', stages: ['Dev'] },
              }),
              releaseStage({
                id: 3,
                name: 'Production',
                trigger: { kind: 'afterStages', stages: ['Staging'] },
              }),
              releaseStage({ id: 4, name: 'Hotfix', trigger: { kind: 'manual' } }),
            ],
          }),
          releaseDefinition({ id: 21, name: 'Web', path: '\\a' }),
          releaseDefinition({ id: 22, name: 'Web', path: '\\b' }),
        ],
      }),
    ],
  });
}

/** A simulator serving `resolveScenario()`, and the client signed in to it. */
export async function client() {
  const sim = await startTestSimulator(resolveScenario());
  return { sim, client: clientFor(sim).client };
}

/** The UsageError a promise rejects with; fails the test on anything else. */
export async function usageError(promise: Promise<unknown>): Promise<UsageError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof UsageError))
    throw new Error(`expected a UsageError, got ${String(error)}`);
  return error;
}
