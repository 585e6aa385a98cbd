import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/simulator/scenario/model.ts';
import {
  approval,
  PROJECT_ID,
  project,
  releaseDefinition,
  releaseStage,
  scenario,
  task,
  TEST_BEARER,
  token,
  WEB_CD_ARTIFACTS,
} from '../helpers/scenario-builder.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';

const P = 'Infrastructure/_apis/release';
const Q = 2_000; // queue time of a requested deployment
const READER_PAT = 'r'.repeat(52);

const webCd = releaseDefinition({
  id: 7,
  name: 'Web CD',
  path: '\\Apps\\Web',
  variables: {
    region: { value: 'eu', isSecret: false, allowOverride: true },
    locked: { value: 'x', isSecret: false, allowOverride: false },
  },
  artifacts: WEB_CD_ARTIFACTS,
  stages: [
    releaseStage({
      id: 1,
      name: 'Dev',
      deploys: [
        {
          approval: null,
          tasks: [task({ name: 'Deploy web', log: ['one', 'two', 'three', 'four'] })],
        },
      ],
    }),
    releaseStage({
      id: 2,
      name: 'Prod',
      trigger: { kind: 'afterStages', stages: ['Dev'] },
      deploys: [{ approval: approval({ approvers: ['Ops Team'] }), tasks: [task()] }],
    }),
    releaseStage({ id: 3, name: 'Hotfix', trigger: { kind: 'manual' } }),
  ],
});

const strictCd = releaseDefinition({
  id: 8,
  name: 'Strict CD',
  releaseCreatorCanBeApprover: false,
  stages: [
    releaseStage({
      id: 1,
      name: 'Prod',
      deploys: [{ approval: approval({ approvers: ['Ops Team'] }), tasks: [task()] }],
    }),
  ],
});

const apiCd = releaseDefinition({ id: 9, name: 'Api CD', path: '\\Apps\\Api' });

function testScenario(overrides: Partial<Scenario> = {}): Scenario {
  const base = scenario();
  return scenario({
    projects: [project({ releaseDefinitions: [webCd, strictCd, apiCd] })],
    tokens: [
      ...base.tokens,
      token({
        name: 'reader',
        value: READER_PAT,
        user: 'Rita Reader',
        userId: 'rita@contoso.com',
        scopes: ['vso.release', 'vso.release_execute'],
      }),
    ],
    ...overrides,
  });
}

interface Approval {
  id: number;
  status: string;
  comments: string;
  approver?: { displayName: string };
  approvedBy?: { displayName: string };
  releaseEnvironment: { id: number; name: string };
}
interface ReleaseTask {
  id: number;
  status: string;
  logUrl?: string;
}
interface Environment {
  id: number;
  name: string;
  status: string;
  definitionEnvironmentId: number;
  conditions: { name: string; result: boolean }[];
  preDeployApprovals: Approval[];
  deploySteps: {
    operationStatus: string;
    releaseDeployPhases: {
      phaseId: string;
      deploymentJobs: { job: ReleaseTask; tasks: ReleaseTask[] }[];
    }[];
  }[];
}
interface Release {
  id: number;
  name: string;
  status: string;
  reason: string;
  description: string;
  url: string;
  _links: { web: { href: string } };
  variables: Record<string, { value?: string }>;
  environments?: Environment[];
  artifacts?: {
    alias: string;
    definitionReference: { version?: { id: string; name: string } };
  }[];
}
interface ErrorBody {
  typeKey: string;
  message: string;
}
interface List<T> {
  count: number;
  value: T[];
}

interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** A request under the release host with api-version 7.1, answered as JSON. */
async function call<T>(
  sim: TestSimulator,
  method: string,
  path: string,
  json?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const url = `${path}${path.includes('?') ? '&' : '?'}api-version=7.1`;
  const res = await sim.releaseApi(url, {
    method,
    headers,
    ...(json === undefined ? {} : { json }),
  });
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

const createWeb = (sim: TestSimulator, extra: Record<string, unknown> = {}) =>
  call<Release>(sim, 'POST', `${P}/releases`, {
    definitionId: 7,
    artifacts: [{ alias: 'web-ci', instanceReference: { id: '42', name: null } }],
    ...extra,
  });

function stageNamed(release: Release, name: string): Environment {
  const env = release.environments?.find((candidate) => candidate.name === name);
  if (!env) throw new Error(`no stage ${name}`);
  return env;
}

async function getRelease(sim: TestSimulator, id: number, query = ''): Promise<Release> {
  const answer = await call<Release>(sim, 'GET', `${P}/releases/${id}${query}`);
  expect(answer.status).toBe(200);
  return answer.body;
}

describe('creating a release', () => {
  it('answers 200 with the release, its stages, chosen artifact versions and links', async () => {
    const sim = await startTestSimulator(testScenario());
    const { status, body } = await createWeb(sim, {
      description: 'ship it',
      variables: { REGION: { value: 'us' } },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: 'Release-1',
      status: 'active',
      reason: 'manual',
      description: 'ship it',
      url: `${sim.releaseUrl}/${PROJECT_ID}/_apis/Release/releases/${body.id}`,
      _links: {
        web: {
          href: `${sim.organizationUrl}/${PROJECT_ID}/_release?releaseId=${body.id}&_a=release-summary`,
        },
      },
    });
    expect(body.variables.region?.value).toBe('us');
    expect(body.environments?.map((env) => [env.name, env.status])).toEqual([
      ['Dev', 'queued'],
      ['Prod', 'notStarted'],
      ['Hotfix', 'notStarted'],
    ]);
    // The release environment id is not the definition environment id (§4.3).
    for (const env of body.environments ?? []) expect(env.id).not.toBe(env.definitionEnvironmentId);
    const versions = body.artifacts?.map((a) => [a.alias, a.definitionReference.version?.id]);
    expect(versions).toEqual([
      ['web-ci', '42'],
      ['tools', '9'],
    ]);
  });

  it.each<[string, Record<string, unknown>, number, string, string | RegExp]>([
    [
      'an unknown definition',
      { definitionId: 99 },
      404,
      'ReleaseDefinitionNotFoundException',
      'VS402936: Release pipeline with ID 99 does not exist. Specify a valid ID and try again.',
    ],
    [
      'an unknown artifact alias',
      { definitionId: 7, artifacts: [{ alias: 'nope', instanceReference: { id: '41' } }] },
      400,
      'InvalidRequestException',
      /alias 'nope' does not exist/,
    ],
    [
      'a version the artifact does not have',
      { definitionId: 7, artifacts: [{ alias: 'web-ci', instanceReference: { id: '77' } }] },
      400,
      'InvalidRequestException',
      /Version '77' of artifact source 'web-ci' does not exist/,
    ],
    [
      'no version for an artifact without a default',
      { definitionId: 7 },
      400,
      'InvalidRequestException',
      "VS402962: No artifact version id is specified corresponding to artifact source 'web-ci'. Specify a valid value and try again.",
    ],
    [
      'a variable the pipeline does not define at release scope',
      {
        definitionId: 7,
        artifacts: [{ alias: 'web-ci', instanceReference: { id: '41' } }],
        variables: { ghost: { value: '1' } },
      },
      400,
      'InvalidRequestException',
      'Failed to build release: Variable(s) ghost do not exist in the release pipeline at scope: Release. New variables cannot be added while creating a release. Check the scope of the variable(s) or remove them and try again.',
    ],
    [
      'a variable that is not settable at release time',
      {
        definitionId: 7,
        artifacts: [{ alias: 'web-ci', instanceReference: { id: '41' } }],
        variables: { locked: { value: '1' } },
      },
      400,
      'InvalidRequestException',
      /Variable\(s\) locked .*not settable at release time/,
    ],
    [
      'a manual environment that is not a stage',
      {
        definitionId: 7,
        artifacts: [{ alias: 'web-ci', instanceReference: { id: '41' } }],
        manualEnvironments: ['Staging'],
      },
      400,
      'InvalidRequestException',
      /Staging/,
    ],
    [
      'a reason that is not a ReleaseReason',
      { definitionId: 9, reason: 'whim' },
      400,
      'InvalidRequestException',
      /'whim' is not a valid release reason/,
    ],
  ])('refuses %s', async (_what, body, status, typeKey, message) => {
    const sim = await startTestSimulator(testScenario());
    const answer = await call<ErrorBody>(sim, 'POST', `${P}/releases`, body);
    expect(answer.status).toBe(status);
    expect(answer.body.typeKey).toBe(typeKey);
    if (typeof message === 'string') expect(answer.body.message).toBe(message);
    else expect(answer.body.message).toMatch(message);
    expect(sim.state.releases.size).toBe(0);
  });

  it('takes the reason as a number and makes manualEnvironments manual for this release', async () => {
    const sim = await startTestSimulator(testScenario());
    const { body } = await createWeb(sim, { reason: 2, manualEnvironments: ['dev'] });
    expect(body.reason).toBe('continuousIntegration');
    sim.manualClock.advance(60_000);
    const later = await getRelease(sim, body.id);
    expect(stageNamed(later, 'Dev').status).toBe('notStarted');
    expect(stageNamed(later, 'Dev').conditions).toEqual([]);
  });
});

describe('reading a release', () => {
  it('matches the path in any letter case, with the project by name or id', async () => {
    const sim = await startTestSimulator(testScenario());
    const { body } = await createWeb(sim);
    for (const path of [
      `Infrastructure/_apis/Release/releases/${body.id}`,
      `infrastructure/_APIS/RELEASE/Releases/${body.id}`,
      `${PROJECT_ID}/_apis/release/releases/${body.id}`,
    ]) {
      const answer = await call<Release>(sim, 'GET', path);
      expect([path, answer.status, answer.body.id]).toEqual([path, 200, body.id]);
    }
  });

  it('follows the stages as time passes, showing tasks only with $expand=tasks', async () => {
    const sim = await startTestSimulator(testScenario());
    const { body } = await createWeb(sim);
    sim.manualClock.advance(Q + 5_000);
    const plain = stageNamed(await getRelease(sim, body.id), 'Dev');
    expect(plain.status).toBe('inProgress');
    expect(plain.deploySteps[0]?.releaseDeployPhases[0]?.deploymentJobs).toEqual([]);
    const expanded = stageNamed(await getRelease(sim, body.id, '?$expand=tasks'), 'Dev');
    const tasks = expanded.deploySteps[0]?.releaseDeployPhases[0]?.deploymentJobs[0]?.tasks;
    expect(tasks?.map((t) => t.status)).toEqual(['inProgress']);
    sim.manualClock.advance(5_000 + Q);
    const later = await getRelease(sim, body.id);
    expect(stageNamed(later, 'Dev').status).toBe('succeeded');
    expect(stageNamed(later, 'Prod').status).toBe('inProgress'); // waiting for its approval
    expect(stageNamed(later, 'Prod').conditions).toEqual([
      { name: 'Dev', conditionType: 'environmentState', value: '4', result: true },
    ]);
  });

  it('answers 404 for a release that does not exist', async () => {
    const sim = await startTestSimulator(testScenario());
    const answer = await call<ErrorBody>(sim, 'GET', `${P}/releases/4242`);
    expect([answer.status, answer.body.typeKey]).toEqual([404, 'ReleaseNotFoundException']);
  });
});

describe('deploying and canceling a stage', () => {
  it.each([['inProgress'], ['InProgress'], [2]])(
    'deploys a manual stage with status %j and answers queued (§4.3)',
    async (status) => {
      const sim = await startTestSimulator(testScenario());
      const { body } = await createWeb(sim);
      const hotfix = stageNamed(body, 'Hotfix');
      const path = `${P}/releases/${body.id}/environments/${hotfix.id}`;
      const answer = await call<Environment>(sim, 'PATCH', path, { status, comment: 'go' });
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe('queued');
      expect(answer.body.deploySteps[0]?.operationStatus).toBe('Queued');
      sim.manualClock.advance(Q + 10_000);
      expect(stageNamed(await getRelease(sim, body.id), 'Hotfix').status).toBe('succeeded');
    },
  );

  it('refuses to deploy a stage that is already deploying', async () => {
    const sim = await startTestSimulator(testScenario());
    const { body } = await createWeb(sim);
    const dev = stageNamed(body, 'Dev');
    const answer = await call<ErrorBody>(
      sim,
      'PATCH',
      `${P}/releases/${body.id}/environments/${dev.id}`,
      { status: 'inProgress' },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.typeKey).toBe('InvalidRequestException');
    expect(answer.body.message).toMatch(/Stage 'Dev' .* cannot be deployed: its status is queued/);
  });

  it('answers 404 when given the definition environment id instead of the release environment id', async () => {
    const sim = await startTestSimulator(testScenario());
    const { body } = await createWeb(sim);
    const answer = await call<ErrorBody>(sim, 'PATCH', `${P}/releases/${body.id}/environments/3`, {
      status: 2,
    });
    expect(answer.status).toBe(404);
    expect(answer.body.typeKey).toBe('ReleaseEnvironmentNotFoundException');
  });

  it.each([['canceled'], [8]])('cancels a queued deployment with status %j', async (status) => {
    const sim = await startTestSimulator(testScenario());
    const { body } = await createWeb(sim);
    const dev = stageNamed(body, 'Dev');
    const path = `${P}/releases/${body.id}/environments/${dev.id}`;
    const answer = await call<Environment>(sim, 'PATCH', path, { status });
    expect([answer.status, answer.body.status]).toEqual([200, 'canceled']);
    sim.manualClock.advance(60_000);
    const later = await getRelease(sim, body.id);
    expect(stageNamed(later, 'Dev').status).toBe('canceled');
    expect(stageNamed(later, 'Prod').status).toBe('notStarted');
  });

  it('refuses to cancel a stage that has not started, and other statuses', async () => {
    const sim = await startTestSimulator(testScenario());
    const { body } = await createWeb(sim);
    const path = `${P}/releases/${body.id}/environments/${stageNamed(body, 'Hotfix').id}`;
    const cancel = await call<ErrorBody>(sim, 'PATCH', path, { status: 'canceled' });
    expect([cancel.status, cancel.body.typeKey]).toEqual([400, 'InvalidRequestException']);
    expect(cancel.body.message).toMatch(/cannot be canceled: its status is notStarted/);
    const other = await call<ErrorBody>(sim, 'PATCH', path, { status: 'succeeded' });
    expect(other.status).toBe(400);
    expect(other.body.message).toMatch(/'succeeded' is not a status a stage can be set to/);
  });
});

describe('release approvals', () => {
  async function waitingForApproval(sim: TestSimulator): Promise<Release> {
    const { body } = await createWeb(sim);
    sim.manualClock.advance(Q + 10_000 + Q);
    return body;
  }

  it('lists the pending approval (numeric statusFilter), and shows it on the stage as §12 says', async () => {
    const sim = await startTestSimulator(testScenario());
    const release = await waitingForApproval(sim);
    const list = await call<List<Approval>>(
      sim,
      'GET',
      `${P}/approvals?statusFilter=1&releaseIdsFilter=${release.id}`,
    );
    expect(list.body.count).toBe(1);
    const [pending] = list.body.value;
    const prod = stageNamed(await getRelease(sim, release.id), 'Prod');
    expect(pending).toMatchObject({
      status: 'pending',
      approver: { displayName: 'Ops Team' },
      releaseEnvironment: { id: prod.id, name: 'Prod' },
    });
    expect(prod.status).toBe('inProgress');
    expect(prod.deploySteps[0]?.operationStatus).toBe('Pending');
    expect(prod.preDeployApprovals.map((a) => [a.id, a.status])).toEqual([
      [pending?.id, 'pending'],
    ]);
  });

  it.each([['approved'], [2]])('approves with status %j and comments (plural)', async (status) => {
    const sim = await startTestSimulator(testScenario());
    const release = await waitingForApproval(sim);
    const list = await call<List<Approval>>(
      sim,
      'GET',
      `${P}/approvals?releaseIdsFilter=${release.id}`,
    );
    const id = list.body.value[0]?.id;
    const answer = await call<Approval>(sim, 'PATCH', `${P}/approvals/${id}`, {
      status,
      comments: 'Good to go!',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: 'approved',
      comments: 'Good to go!',
      approvedBy: { displayName: 'Ada Admin' },
    });
    const pending = await call<List<Approval>>(
      sim,
      'GET',
      `${P}/approvals?releaseIdsFilter=${release.id}`,
    );
    expect(pending.body.count).toBe(0);
    const approved = await call<List<Approval>>(
      sim,
      'GET',
      `${P}/approvals?statusFilter=Approved&releaseIdsFilter=${release.id}`,
    );
    expect(approved.body.value.map((a) => a.id)).toEqual([id]);
    sim.manualClock.advance(10_000);
    expect(stageNamed(await getRelease(sim, release.id), 'Prod').status).toBe('succeeded');

    const again = await call<ErrorBody>(sim, 'PATCH', `${P}/approvals/${id}`, {
      status: 'rejected',
    });
    expect([again.status, again.body.typeKey]).toEqual([400, 'InvalidRequestException']);
    expect(again.body.message).toMatch(/is approved; only a pending approval/);
  });

  it('rejected with status 4 ends the stage rejected', async () => {
    const sim = await startTestSimulator(testScenario());
    const release = await waitingForApproval(sim);
    const list = await call<List<Approval>>(
      sim,
      'GET',
      `${P}/approvals?releaseIdsFilter=${release.id}`,
    );
    const answer = await call<Approval>(sim, 'PATCH', `${P}/approvals/${list.body.value[0]?.id}`, {
      status: 4,
    });
    expect(answer.body.status).toBe('rejected');
    expect(stageNamed(await getRelease(sim, release.id), 'Prod').status).toBe('rejected');
  });

  it('refuses the release creator when the definition forbids it, and accepts someone else', async () => {
    const sim = await startTestSimulator(testScenario());
    const created = await call<Release>(sim, 'POST', `${P}/releases`, { definitionId: 8 });
    sim.manualClock.advance(Q);
    const list = await call<List<Approval>>(
      sim,
      'GET',
      `${P}/approvals?releaseIdsFilter=${created.body.id}`,
    );
    const path = `${P}/approvals/${list.body.value[0]?.id}`;
    const byCreator = await call<ErrorBody>(sim, 'PATCH', path, { status: 'approved' });
    expect([byCreator.status, byCreator.body.typeKey]).toEqual([400, 'InvalidRequestException']);
    expect(byCreator.body.message).toMatch(/cannot approve it/);
    const byOther = await call<Approval>(
      sim,
      'PATCH',
      path,
      { status: 'approved' },
      {
        authorization: `Bearer ${TEST_BEARER}`,
      },
    );
    expect(byOther.status).toBe(200);
    expect(byOther.body.approvedBy?.displayName).toBe('Project Collection Build Service');
  });

  it('needs vso.release_manage to answer an approval', async () => {
    const sim = await startTestSimulator(testScenario());
    const release = await waitingForApproval(sim);
    const list = await call<List<Approval>>(
      sim,
      'GET',
      `${P}/approvals?releaseIdsFilter=${release.id}`,
    );
    const answer = await call<ErrorBody>(
      sim,
      'PATCH',
      `${P}/approvals/${list.body.value[0]?.id}`,
      { status: 'approved' },
      { authorization: `Basic ${Buffer.from(`:${READER_PAT}`).toString('base64')}` },
    );
    expect(answer.status).toBe(401);
  });

  it('answers 404 for an approval that does not exist yet', async () => {
    const sim = await startTestSimulator(testScenario());
    await createWeb(sim);
    const answer = await call<ErrorBody>(sim, 'PATCH', `${P}/approvals/9999`, {
      status: 'approved',
    });
    expect(answer.status).toBe(404);
  });
});

describe('updating a release', () => {
  it.each([['abandoned'], [4]])(
    'abandons with status %j: open deployments end canceled',
    async (status) => {
      const sim = await startTestSimulator(testScenario());
      const { body } = await createWeb(sim);
      const answer = await call<Release>(sim, 'PATCH', `${P}/releases/${body.id}`, {
        status,
        comment: 'not today',
      });
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe('abandoned');
      expect(stageNamed(answer.body, 'Dev').status).toBe('canceled');
      const hotfix = stageNamed(answer.body, 'Hotfix');
      const deploy = await call<ErrorBody>(
        sim,
        'PATCH',
        `${P}/releases/${body.id}/environments/${hotfix.id}`,
        { status: 'inProgress' },
      );
      expect(deploy.status).toBe(400);
      expect(deploy.body.message).toMatch(/is abandoned/);
      const again = await call<ErrorBody>(sim, 'PATCH', `${P}/releases/${body.id}`, { status });
      expect(again.status).toBe(400);
    },
  );

  it('stays active when every stage has finished (there is no completed status)', async () => {
    const sim = await startTestSimulator(testScenario());
    const { body } = await call<Release>(sim, 'POST', `${P}/releases`, { definitionId: 9 });
    sim.manualClock.advance(3_600_000);
    const later = await getRelease(sim, body.id);
    expect([later.status, stageNamed(later, 'Dev').status]).toEqual(['active', 'succeeded']);
  });
});

describe('task logs', () => {
  it('serves the log at the task logUrl, revealed as the task runs', async () => {
    const sim = await startTestSimulator(testScenario());
    const { body } = await createWeb(sim);
    sim.manualClock.advance(Q + 5_000);
    const dev = stageNamed(await getRelease(sim, body.id, '?$expand=tasks'), 'Dev');
    const logUrl = dev.deploySteps[0]?.releaseDeployPhases[0]?.deploymentJobs[0]?.tasks[0]?.logUrl;
    expect(logUrl).toMatch(
      /\/_apis\/Release\/releases\/\d+\/environments\/\d+\/deployPhases\/\d+\/tasks\/2\/logs$/,
    );
    const read = async (query = '') => {
      const res = await sim.releaseApi(`${logUrl}?api-version=7.1${query}`);
      expect(res.headers.get('content-type')).toMatch(/text\/plain/);
      return res.text();
    };
    expect(await read()).toBe('##[section]Starting: Deploy web\none\ntwo');
    sim.manualClock.advance(5_000);
    expect(await read()).toBe(
      '##[section]Starting: Deploy web\none\ntwo\nthree\nfour\n##[section]Finishing: Deploy web',
    );
    expect(await read('&startLine=2&endLine=3')).toBe('one\ntwo');
  });

  it('answers 404 for a task that has not started', async () => {
    const sim = await startTestSimulator(testScenario());
    const { body } = await createWeb(sim);
    const dev = stageNamed(body, 'Dev');
    const res = await sim.releaseApi(
      `${P}/releases/${body.id}/environments/${dev.id}/deployPhases/1/tasks/2/logs?api-version=7.1`,
    );
    expect(res.status).toBe(404);
  });
});

describe('listing releases', () => {
  it('lists newest first in pages with x-ms-continuationtoken, filtered by definition', async () => {
    const sim = await startTestSimulator(testScenario());
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createWeb(sim)).body.id);
    await call(sim, 'POST', `${P}/releases`, { definitionId: 9 });
    const first = await call<List<Release>>(sim, 'GET', `${P}/releases?definitionId=7&$top=2`);
    expect(first.body.value.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.value[0]?.environments).toBeUndefined();
    const token = first.headers.get('x-ms-continuationtoken');
    expect(token).toBe(String(ids[0]));
    const rest = await call<List<Release>>(
      sim,
      'GET',
      `${P}/releases?definitionId=7&$top=2&continuationToken=${token}`,
    );
    expect(rest.body.value.map((r) => r.id)).toEqual([ids[0]]);
    expect(rest.headers.get('x-ms-continuationtoken')).toBeNull();
  });

  it('filters by ids and status (any enum form) and expands environments', async () => {
    const sim = await startTestSimulator(testScenario());
    const a = (await createWeb(sim)).body.id;
    const b = (await createWeb(sim)).body.id;
    await call(sim, 'PATCH', `${P}/releases/${b}`, { status: 'abandoned' });
    for (const statusFilter of ['abandoned', 'Abandoned', '4']) {
      const list = await call<List<Release>>(
        sim,
        'GET',
        `${P}/releases?statusFilter=${statusFilter}`,
      );
      expect(list.body.value.map((r) => r.id)).toEqual([b]);
    }
    const byId = await call<List<Release>>(
      sim,
      'GET',
      `${P}/releases?releaseIdFilter=${a}&$expand=environments`,
    );
    expect(byId.body.value.map((r) => r.id)).toEqual([a]);
    expect(byId.body.value[0]?.environments?.map((env) => env.name)).toEqual([
      'Dev',
      'Prod',
      'Hotfix',
    ]);
  });
});

describe('release definitions', () => {
  interface Definition {
    id: number;
    name: string;
    environments?: { name: string; conditions: { name: string; conditionType: string }[] }[];
  }
  const names = async (sim: TestSimulator, query: string) =>
    (await call<List<Definition>>(sim, 'GET', `${P}/definitions${query}`)).body.value.map(
      (d) => d.name,
    );

  it.each([
    ['', ['Web CD', 'Strict CD', 'Api CD']],
    ['?searchText=WEB', ['Web CD']],
    ['?searchText=cd', ['Web CD', 'Strict CD', 'Api CD']],
    ['?searchText=web%20cd&isExactNameMatch=true', ['Web CD']],
    ['?searchText=web&isExactNameMatch=true', []],
    ['?path=%5CApps', ['Web CD', 'Api CD']],
    ['?path=%5CApps%5CApi', ['Api CD']],
    ['?definitionIdFilter=9,7', ['Web CD', 'Api CD']],
  ])('list%s', async (query, expected) => {
    const sim = await startTestSimulator(testScenario());
    expect(await names(sim, query)).toEqual(expected);
  });

  it('shows stages only with $expand=environments, and pages with $top', async () => {
    const sim = await startTestSimulator(testScenario());
    const plain = await call<List<Definition>>(sim, 'GET', `${P}/definitions?$top=1`);
    expect(plain.body.value.map((d) => [d.id, d.environments])).toEqual([[7, undefined]]);
    expect(plain.headers.get('x-ms-continuationtoken')).toBe('8');
    const expanded = await call<List<Definition>>(
      sim,
      'GET',
      `${P}/definitions?$expand=environments`,
    );
    expect(expanded.body.value[0]?.environments?.map((e) => e.name)).toEqual([
      'Dev',
      'Prod',
      'Hotfix',
    ]);
  });

  it('gets one definition with its stages and their trigger conditions', async () => {
    const sim = await startTestSimulator(testScenario());
    const { status, body } = await call<Definition>(sim, 'GET', `${P}/definitions/7`);
    expect(status).toBe(200);
    expect(body.environments?.map((e) => [e.name, e.conditions.map((c) => c.name)])).toEqual([
      ['Dev', ['ReleaseStarted']],
      ['Prod', ['Dev']],
      ['Hotfix', []],
    ]);
    const missing = await call<ErrorBody>(sim, 'GET', `${P}/definitions/99`);
    expect([missing.status, missing.body.typeKey]).toEqual([
      404,
      'ReleaseDefinitionNotFoundException',
    ]);
  });
});

describe('the admin API for releases', () => {
  interface Summary {
    id: number;
    status: string;
    webUrl: string;
    stages: { name: string; status: string; approval: { id: number; status: string } | null }[];
  }
  const admin = async <T>(sim: TestSimulator, method: string, path: string, json?: unknown) => {
    const res = await fetch(`${sim.rootUrl}/_sim/${path}`, {
      method,
      ...(json === undefined
        ? {}
        : { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } }),
    });
    return { status: res.status, body: (await res.json()) as T };
  };

  it('summarizes releases, deploys a stage by name, answers approvals and forces results', async () => {
    const sim = await startTestSimulator(testScenario());
    const { body } = await createWeb(sim);
    const list = await admin<List<Summary>>(sim, 'GET', 'releases');
    expect(list.body.value.map((r) => [r.id, r.webUrl])).toEqual([
      [
        body.id,
        `${sim.organizationUrl}/${PROJECT_ID}/_release?releaseId=${body.id}&_a=release-summary`,
      ],
    ]);
    const deployed = await admin<Summary>(sim, 'POST', `releases/${body.id}/stages/hotfix/deploy`);
    expect(deployed.body.stages.find((s) => s.name === 'Hotfix')?.status).toBe('queued');

    sim.manualClock.advance(Q + 10_000 + Q);
    const waiting = await admin<Summary>(sim, 'GET', `releases/${body.id}`);
    const prodApproval = waiting.body.stages.find((s) => s.name === 'Prod')?.approval;
    expect(prodApproval?.status).toBe('pending');
    const answered = await admin<Summary>(sim, 'POST', `release-approvals/${prodApproval?.id}`, {
      status: 'approved',
    });
    expect(answered.body.stages.find((s) => s.name === 'Prod')?.approval?.status).toBe('approved');

    const forced = await admin<Summary>(sim, 'POST', `releases/${body.id}/stages/Prod/finish`, {
      result: 'partiallySucceeded',
    });
    expect(forced.body.stages.find((s) => s.name === 'Prod')?.status).toBe('partiallySucceeded');
    const again = await admin<ErrorBody>(sim, 'POST', `releases/${body.id}/stages/Prod/finish`, {
      result: 'canceled',
    });
    expect(again.status).toBe(400);
    const bad = await admin<ErrorBody>(sim, 'POST', `releases/${body.id}/stages/Dev/finish`, {
      result: 'failed',
    });
    expect(bad.status).toBe(400);
  });
});

describe('on Azure DevOps Server', () => {
  it('serves releases under the collection URL', async () => {
    const sim = await startTestSimulator(
      testScenario({ mode: 'server', apiVersion: { released: '7.0', max: '7.0' } }),
    );
    const res = await sim.api(`${P}/releases?api-version=7.0`, {
      method: 'POST',
      json: { definitionId: 9 },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Release;
    expect(body.url).toBe(`${sim.organizationUrl}/${PROJECT_ID}/_apis/Release/releases/${body.id}`);
  });
});
