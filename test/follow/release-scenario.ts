/** The simulated release definitions the follow tests create releases of. */
import type { FollowEvent } from '../../src/follow/events.ts';
import type { ReleaseStageSpec } from '../../src/simulator/scenario/model.ts';
import {
  approval,
  project,
  releaseDefinition,
  releaseStage,
  scenario,
  task,
} from '../helpers/scenario-builder.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';
import { admin } from './harness.ts';

const dev = (overrides: Partial<ReleaseStageSpec> = {}) =>
  releaseStage({ id: 1, name: 'Dev', ...overrides });
const afterDev = (overrides: Partial<ReleaseStageSpec> = {}) =>
  releaseStage({
    id: 2,
    name: 'Prod',
    trigger: { kind: 'afterStages', stages: ['Dev'] },
    ...overrides,
  });
const gated = (approvers: string[]) =>
  afterDev({ deploys: [{ approval: approval({ approvers }), tasks: [task()] }] });
const slowDev = dev({ deploys: [{ approval: null, tasks: [task({ durationMs: 300_000 })] }] });

/**
 * Release definitions 21-27: manual, broken, chain, gated (Ops Team), mine (Ada Admin, the
 * caller), slow (Dev deploys for 5 minutes), only manual.
 */
export async function startReleases(): Promise<TestSimulator> {
  const failing = task({
    name: 'Deploy web',
    result: 'failed',
    log: ['copying', '##[error]disk full'],
  });
  return startTestSimulator(
    scenario({
      projects: [
        project({
          releaseDefinitions: [
            releaseDefinition({
              id: 21,
              name: 'manual',
              stages: [dev(), releaseStage({ id: 2, name: 'Hotfix', trigger: { kind: 'manual' } })],
            }),
            releaseDefinition({
              id: 22,
              name: 'broken',
              stages: [dev({ deploys: [{ approval: null, tasks: [failing] }] }), afterDev()],
            }),
            releaseDefinition({ id: 23, name: 'chain', stages: [dev(), afterDev()] }),
            releaseDefinition({ id: 24, name: 'gated', stages: [dev(), gated(['Ops Team'])] }),
            releaseDefinition({ id: 25, name: 'mine', stages: [dev(), gated(['Ada Admin'])] }),
            releaseDefinition({ id: 26, name: 'slow', stages: [slowDev, afterDev()] }),
            releaseDefinition({
              id: 27,
              name: 'only manual',
              stages: [dev({ trigger: { kind: 'manual' } })],
            }),
          ],
        }),
      ],
    }),
  );
}

export interface AdminRelease {
  status: string;
  stages: { name: string; status: string; approval: { id: number; status: string } | null }[];
}
/** A release as the simulator's admin API shows it. */
export const releaseOf = async (sim: TestSimulator, id: number) =>
  (await admin(sim, `releases/${id}`)) as AdminRelease;
/** Each stage's EnvironmentStatus, by name. */
export const stageStatus = async (sim: TestSimulator, id: number) =>
  Object.fromEntries((await releaseOf(sim, id)).stages.map((stage) => [stage.name, stage.status]));
/** Whether the event says the Dev stage started deploying. */
export const devRuns = (event: FollowEvent) =>
  event.type === 'stage' && event.stage.name === 'Dev' && event.stage.state === 'running';
