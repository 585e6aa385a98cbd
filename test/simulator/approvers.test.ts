/**
 * Who may answer an approval, and how approvers appear (docs/design/azure-devops.md §13 rows 4 and
 * 8): only an assigned approver (named, or a member of a named group) may answer; an approver who
 * is a scenario identity keeps its ConnectionData id but can show another display name.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/simulator/scenario/model.ts';
import {
  approval,
  job,
  pipeline,
  project,
  releaseDefinition,
  releaseStage,
  run,
  scenario,
  stage,
  task,
  token,
} from '../helpers/scenario-builder.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';
import { API, as, bodyOf, call, type WireError, type WireList } from './build-fixtures.ts';

const PAT_OUTSIDER = 'o'.repeat(52);
const PAT_OPS = 'p'.repeat(52);
const APPROVALS = `Infrastructure/_apis/pipelines/approvals`;
const RELEASE = 'Infrastructure/_apis/release';

function approversScenario(): Scenario {
  const base = scenario();
  return scenario({
    tokens: [
      ...base.tokens,
      token({
        name: 'outsider',
        value: PAT_OUTSIDER,
        user: 'Olga Outsider',
        userId: 'olga@contoso.com',
        groups: [],
      }),
      token({
        name: 'ops',
        value: PAT_OPS,
        user: 'Otto Ops',
        userId: 'otto@contoso.com',
        groups: ['Ops'],
      }),
    ],
    projects: [
      project({
        pipelines: [
          pipeline({
            id: 7,
            name: 'gated',
            runs: [
              run({
                stages: [
                  stage({ name: 'Build', jobs: [job({ tasks: [task({ durationMs: 1_000 })] })] }),
                  stage({
                    name: 'Deploy',
                    dependsOn: ['Build'],
                    approval: approval({ approvers: ['Ada Admin', 'Ops'] }),
                  }),
                ],
              }),
            ],
          }),
        ],
        releaseDefinitions: [
          releaseDefinition({
            id: 7,
            name: 'Web CD',
            stages: [
              releaseStage({
                id: 1,
                name: 'Prod',
                deploys: [
                  {
                    approval: approval({ approvers: ['otto@contoso.com', 'Ops'] }),
                    tasks: [task()],
                  },
                ],
              }),
            ],
          }),
        ],
      }),
    ],
  });
}

interface Step {
  assignedApprover: { id: string; displayName: string };
}

async function waitingPipelineApproval(sim: TestSimulator): Promise<string> {
  await call(sim, `Infrastructure/_apis/pipelines/7/runs?${API}`, { method: 'POST', json: {} });
  sim.manualClock.advance(60_000);
  const list = bodyOf<WireList<{ id: string }>>(await call(sim, `${APPROVALS}?${API}`));
  return list.value[0]?.id ?? '';
}

async function waitingReleaseApproval(sim: TestSimulator): Promise<number> {
  const created = await sim.releaseApi(`${RELEASE}/releases?${API}`, {
    method: 'POST',
    json: { definitionId: 7 },
  });
  expect(created.status).toBe(200);
  sim.manualClock.advance(60_000);
  const list = await sim.releaseApi(`${RELEASE}/approvals?${API}`);
  const body = (await list.json()) as WireList<{ id: number }>;
  return body.value[0]?.id ?? 0;
}

const answerPipeline = (sim: TestSimulator, id: string, pat: string) =>
  call(sim, `${APPROVALS}?${API}`, {
    method: 'PATCH',
    headers: as(pat),
    json: [{ approvalId: id, status: 'approved', comment: 'ok' }],
  });

const answerRelease = (sim: TestSimulator, id: number, pat: string) =>
  sim.releaseApi(`${RELEASE}/approvals/${id}?${API}`, {
    method: 'PATCH',
    headers: as(pat),
    json: { status: 'approved', comments: 'ok' },
  });

describe('answering an approval', () => {
  it('refuses a YAML approval to someone not assigned to it, with 403 in the service shape', async () => {
    const sim = await startTestSimulator(approversScenario());
    const id = await waitingPipelineApproval(sim);
    const refused = await answerPipeline(sim, id, PAT_OUTSIDER);
    expect(refused.status).toBe(403);
    expect(bodyOf<WireError>(refused)).toMatchObject({
      typeKey: 'AccessDeniedException',
      message: expect.stringContaining('Olga Outsider is not an approver') as unknown,
    });
    const still = await call(sim, `${APPROVALS}/${id}?${API}`);
    expect(still.body).toMatchObject({ status: 'pending' });
  });

  it('lets a member of an assigned group answer a YAML approval', async () => {
    const sim = await startTestSimulator(approversScenario());
    const id = await waitingPipelineApproval(sim);
    const answered = await answerPipeline(sim, id, PAT_OPS);
    expect(answered.status).toBe(200);
  });

  it('refuses a release approval to someone not assigned to it with 403 VS402904', async () => {
    const sim = await startTestSimulator(approversScenario());
    const id = await waitingReleaseApproval(sim);
    const refused = await answerRelease(sim, id, PAT_OUTSIDER);
    expect(refused.status).toBe(403);
    const body = JSON.parse(await refused.text()) as WireError;
    expect(body.typeKey).toBe('AccessCheckException');
    expect(body.message).toMatch(/^VS402904: Access denied: User Olga Outsider /);
    const ok = await answerRelease(sim, id, PAT_OPS);
    expect(ok.status).toBe(200);
  });

  it('lets a token that lists no groups answer any approval (the default)', async () => {
    const sim = await startTestSimulator(approversScenario());
    const id = await waitingReleaseApproval(sim);
    const admin = sim.state.scenario.tokens[0]?.value ?? '';
    expect((await answerRelease(sim, id, admin)).status).toBe(200);
  });
});

describe('approvers as identities', () => {
  it('shows a scenario identity as approver with its ConnectionData id but another display name', async () => {
    const sim = await startTestSimulator(approversScenario());
    const connection = await sim.api('_apis/connectionData');
    const { authenticatedUser } = (await connection.json()) as {
      authenticatedUser: Record<string, unknown> & { id: string; providerDisplayName: string };
    };
    // cli-extension test_pull_request_…Reviewers.yaml: no displayName/uniqueName here.
    expect(authenticatedUser).not.toHaveProperty('displayName');
    expect(authenticatedUser).not.toHaveProperty('uniqueName');
    expect(authenticatedUser).toMatchObject({
      providerDisplayName: 'Ada Admin',
      properties: { Account: { $value: 'ada@contoso.com' } },
    });
    const id = await waitingPipelineApproval(sim);
    const approvalBody = bodyOf<{ steps: Step[] }>(
      await call(sim, `${APPROVALS}/${id}?$expand=steps&${API}`),
    );
    expect(approvalBody.steps[0]?.assignedApprover).toMatchObject({
      id: authenticatedUser.id,
      displayName: 'Ada Admin (Contoso)',
    });
    // A group stays a name of its own.
    expect(approvalBody.steps[1]?.assignedApprover.displayName).toBe('Ops');
  });

  it("shows a release approval's approver with its own id and the suffixed display name", async () => {
    const sim = await startTestSimulator(approversScenario());
    const connection = await sim.api('_apis/connectionData', { headers: as(PAT_OPS) });
    const otto = ((await connection.json()) as { authenticatedUser: { id: string } })
      .authenticatedUser;
    await waitingReleaseApproval(sim);
    const list = await sim.releaseApi(`${RELEASE}/approvals?${API}`);
    const [first] = ((await list.json()) as WireList<{ approver: Step['assignedApprover'] }>).value;
    expect(first?.approver).toMatchObject({ id: otto.id, displayName: 'Otto Ops (Contoso)' });
  });
});
