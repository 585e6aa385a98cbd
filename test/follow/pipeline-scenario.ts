/** The simulated pipelines the follow tests run. */
import type { ApprovalScript } from '../../src/simulator/scenario/model.ts';
import {
  approval,
  buildDefinition,
  job,
  pipeline,
  project,
  run,
  scenario,
  stage,
  task,
} from '../helpers/scenario-builder.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';
import { admin } from './harness.ts';

const compileLog = Array.from({ length: 30 }, (_, i) => `compiling file ${i + 1}`);

function twoStages(deployApproval: ApprovalScript | null = null, buildTask = task()) {
  return run({
    stages: [
      stage({ name: 'Build', jobs: [job({ tasks: [buildTask] })] }),
      stage({ name: 'Deploy', dependsOn: ['Build'], approval: deployApproval }),
    ],
  });
}

/** Pipelines 1-5 (green, partial, red, gated, mine) and classic build definition 10 (nightly). */
export async function startPipelines(): Promise<TestSimulator> {
  return startTestSimulator(
    scenario({
      projects: [
        project({
          pipelines: [
            pipeline({ id: 1, name: 'green', runs: [twoStages()] }),
            pipeline({
              id: 2,
              name: 'partial',
              runs: [
                twoStages(
                  null,
                  task({
                    name: 'Lint',
                    result: 'succeededWithIssues',
                    log: ['##[warning]2 files need formatting'],
                  }),
                ),
              ],
            }),
            pipeline({
              id: 3,
              name: 'red',
              runs: [
                twoStages(
                  null,
                  task({
                    name: 'Compile',
                    result: 'failed',
                    log: [...compileLog, '##[error]Compilation failed'],
                  }),
                ),
              ],
            }),
            pipeline({
              id: 4,
              name: 'gated',
              runs: [
                twoStages(
                  approval({ approvers: ['Ops Team'], instructions: 'Check the dashboard' }),
                ),
              ],
            }),
            pipeline({
              id: 5,
              name: 'mine',
              runs: [twoStages(approval({ approvers: ['Ada Admin'] }))],
            }),
          ],
          buildDefinitions: [buildDefinition({ id: 10, name: 'nightly' })],
        }),
      ],
    }),
  );
}

export interface AdminRun {
  status: string;
  result: string | null;
  cancelRequestedAt: string | null;
  approvals: { id: string; status: string; decidedBy: string | null; comment: string | null }[];
}

/** A run as the simulator's admin API shows it. */
export const runOf = async (sim: TestSimulator, id: number) =>
  (await admin(sim, `runs/${id}`)) as AdminRun;
