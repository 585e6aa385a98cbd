/**
 * The real azure-devops-node-api against the simulator: discovery works (connect, ResourceAreas,
 * OPTIONS), and the calls the tool makes round-trip through the client's own URL building,
 * version negotiation, serialization (numeric enums) and deserialization
 * (docs/design/azure-devops.md §8).
 */
import { getBearerHandler, getPersonalAccessTokenHandler, WebApi } from 'azure-devops-node-api';
import { BuildStatus } from 'azure-devops-node-api/interfaces/BuildInterfaces.js';
import {
  ApprovalStatus,
  EnvironmentStatus,
} from 'azure-devops-node-api/interfaces/ReleaseInterfaces.js';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/simulator/scenario/model.ts';
import {
  approval,
  buildDefinition,
  pipeline,
  project,
  releaseDefinition,
  releaseStage,
  scenario,
  TEST_BEARER,
  TEST_PAT,
} from '../helpers/scenario-builder.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';
import { startRecordingProxy } from './recording-proxy.ts';
import { checkExchanges } from './requests.ts';

const PROJECT = 'Infrastructure';
const PIPELINE_ID = 7;
const BUILD_DEFINITION_ID = 12;
const RELEASE_DEFINITION_ID = 3;
const BUILDS = '0cd358e1-9217-4d94-8269-1c1ee6f93dcf';
const RELEASES = 'a166fde7-27ad-408e-ba75-703c2cc9d500';

/** One pipeline, one classic build, and a release whose Dev waits for approval and Prod is manual. */
function flowScenario(overrides: Partial<Scenario> = {}): Scenario {
  return scenario({
    projects: [
      project({
        pipelines: [pipeline({ id: PIPELINE_ID, name: 'infra-deploy' })],
        buildDefinitions: [buildDefinition({ id: BUILD_DEFINITION_ID, name: 'infra-ci' })],
        releaseDefinitions: [
          releaseDefinition({
            id: RELEASE_DEFINITION_ID,
            name: 'infra-release',
            stages: [
              releaseStage({ id: 1, name: 'Dev', deploys: [{ approval: approval(), tasks: [] }] }),
              releaseStage({ id: 2, name: 'Prod', trigger: { kind: 'manual' } }),
            ],
          }),
        ],
      }),
    ],
    ...overrides,
  });
}

function patClient(url: string): WebApi {
  return new WebApi(url, getPersonalAccessTokenHandler(TEST_PAT));
}

/** The request log as `METHOD path`, without queries. */
function requestLines(sim: TestSimulator): string[] {
  return sim.state.requests.map((entry) => `${entry.method} ${entry.url.split('?')[0] ?? ''}`);
}

describe('discovery through azure-devops-node-api', () => {
  it('connect() returns the identity behind the PAT', async () => {
    const sim = await startTestSimulator(flowScenario());
    const data = await patClient(sim.organizationUrl).connect();
    expect(data.authenticatedUser?.providerDisplayName).toBe('Ada Admin');
  });

  it('connect() returns the identity behind a bearer token', async () => {
    const sim = await startTestSimulator(flowScenario());
    const data = await new WebApi(sim.organizationUrl, getBearerHandler(TEST_BEARER)).connect();
    expect(data.authenticatedUser?.providerDisplayName).toBe('Project Collection Build Service');
  });

  it('on Services gives builds and pipelines the organization, releases the release host', async () => {
    const sim = await startTestSimulator(flowScenario());
    const client = patClient(sim.organizationUrl);
    expect((await client.getBuildApi()).baseUrl).toBe(`${sim.organizationUrl}/`);
    expect((await client.getPipelinesApi()).baseUrl).toBe(`${sim.organizationUrl}/`);
    expect((await client.getReleaseApi()).baseUrl).toBe(`${sim.releaseUrl}/`);
    // The resource areas are read once per client (§8.1 step 1).
    expect(requestLines(sim)).toEqual([
      'OPTIONS /contoso/_apis/Location',
      'GET /contoso/_apis/ResourceAreas',
    ]);
    expect(sim.state.requests[1]?.headers.accept).toBe(
      'application/json;api-version=7.2-preview.1',
    );
  });

  it('on Server gives every area the collection URL, at the version the server speaks', async () => {
    const sim = await startTestSimulator(
      flowScenario({ mode: 'server', apiVersion: { released: '7.0', max: '7.0' } }),
    );
    const client = patClient(sim.organizationUrl);
    expect((await client.getReleaseApi()).baseUrl).toBe(sim.organizationUrl);
    expect((await client.getPipelinesApi()).baseUrl).toBe(sim.organizationUrl);
    // Negotiated down from 7.2-preview.1 (§8.1 step 3, §9).
    expect(sim.state.requests[1]?.headers.accept).toBe(
      'application/json;api-version=7.0-preview.1',
    );
  });

  it('passes the spec and discovery checks for every exchange of the discovery', async () => {
    const sim = await startTestSimulator(flowScenario());
    const proxy = await startRecordingProxy(sim);
    try {
      const client = patClient(proxy.organizationUrl);
      await client.connect();
      const releases = await client.getReleaseApi();
      await releases.vsoClient.getVersioningData('7.2-preview.9', 'Release', RELEASES, {});
      const builds = await client.getBuildApi();
      await builds.vsoClient.getVersioningData('7.2-preview.7', 'build', BUILDS, {});
      expect(proxy.exchanges.map((exchange) => exchange.url)).toEqual([
        '/contoso/_apis/connectionData',
        '/contoso/_apis/Location',
        '/contoso/_apis/ResourceAreas',
        '/vsrm/contoso/_apis/Release',
        '/contoso/_apis/build',
      ]);
      expect(checkExchanges(proxy.exchanges)).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

describe('the tool’s calls through azure-devops-node-api', () => {
  it('queues a build, reads it and its timeline, and cancels it with status 4', async () => {
    const sim = await startTestSimulator(flowScenario());
    const build = await (
      await patClient(sim.organizationUrl).getBuildApi()
    ).queueBuild(
      { definition: { id: BUILD_DEFINITION_ID }, sourceBranch: 'refs/heads/main' },
      PROJECT,
    );
    expect(build.id).toBe(1000);
    expect(build.definition?.id).toBe(BUILD_DEFINITION_ID);

    const api = await patClient(sim.organizationUrl).getBuildApi();
    sim.manualClock.advance(1_000);
    expect((await api.getBuild(PROJECT, 1000)).id).toBe(1000);
    const timeline = await api.getBuildTimeline(PROJECT, 1000);
    expect(timeline.records?.length).toBeGreaterThan(0);

    const cancelled = await api.updateBuild({ status: BuildStatus.Cancelling }, PROJECT, 1000);
    expect(cancelled.id).toBe(1000);
    // The client sends the enum as its number (§0.4, §2.3).
    const patch = sim.state.requests.find((entry) => entry.method === 'PATCH');
    expect(patch?.body).toEqual({ status: 4 });
    expect(patch?.status).toBe(200);
    expect([BuildStatus.Cancelling, BuildStatus.Completed]).toContain(cancelled.status);
  });

  it('answers getBuild of an unknown build with null (the client maps 404 so, §8.1)', async () => {
    const sim = await startTestSimulator(flowScenario());
    const api = await patClient(sim.organizationUrl).getBuildApi();
    await expect(api.getBuild(PROJECT, 4242)).resolves.toBeNull();
    expect(sim.state.requests.at(-1)?.status).toBe(404);
  });

  it('runs a pipeline and reads the run, whose id is a build id', async () => {
    const sim = await startTestSimulator(flowScenario());
    const api = await patClient(sim.organizationUrl).getPipelinesApi();
    const run = await api.runPipeline(
      { resources: { repositories: { self: { refName: 'refs/heads/main' } } } },
      PROJECT,
      PIPELINE_ID,
    );
    expect(run.id).toBe(1000);
    expect(run.pipeline?.id).toBe(PIPELINE_ID);
    const again = await api.getRun(PROJECT, PIPELINE_ID, 1000);
    expect(again.id).toBe(1000);
    expect(again.name).toBe(run.name);
  });

  it('creates a release, approves Dev and deploys the manual Prod stage', async () => {
    const sim = await startTestSimulator(flowScenario());
    const api = await patClient(sim.organizationUrl).getReleaseApi();
    const created = await api.createRelease({ definitionId: RELEASE_DEFINITION_ID }, PROJECT);
    expect(created.id).toBe(100);
    expect(created.environments?.map((env) => env.name)).toEqual(['Dev', 'Prod']);

    // The stage leaves the release queue (2 s) and waits for its pre-deploy approval.
    sim.manualClock.advance(5_000);
    const release = await api.getRelease(PROJECT, 100);
    expect(release.id).toBe(100);

    const pending = await api.getApprovals(PROJECT, undefined, ApprovalStatus.Pending, [100]);
    expect(pending).toHaveLength(1);
    const approvalId = pending[0]?.id ?? 0;
    expect(pending[0]?.releaseEnvironment?.name).toBe('Dev');

    const approved = await api.updateReleaseApproval(
      { status: ApprovalStatus.Approved, comments: 'Go' },
      PROJECT,
      approvalId,
    );
    expect(approved.status).toBe(ApprovalStatus.Approved);
    expect(approved.comments).toBe('Go');

    const prod = release.environments?.find((env) => env.name === 'Prod');
    const deployed = await api.updateReleaseEnvironment(
      { status: EnvironmentStatus.InProgress, comment: 'Deploy' },
      PROJECT,
      100,
      prod?.id ?? 0,
    );
    // A deploy request answers with the stage already queued (§4.3, §11.6).
    expect(deployed.status).toBe(EnvironmentStatus.Queued);
  });

  it('sends and receives only spec-valid messages in the whole session', async () => {
    const sim = await startTestSimulator(flowScenario());
    const proxy = await startRecordingProxy(sim);
    try {
      const client = patClient(proxy.organizationUrl);
      const builds = await client.getBuildApi();
      await builds.queueBuild({ definition: { id: BUILD_DEFINITION_ID } }, PROJECT);
      await builds.getBuild(PROJECT, 1000);
      await builds.getBuildTimeline(PROJECT, 1000);
      await builds.updateBuild({ status: BuildStatus.Cancelling }, PROJECT, 1000);
      const pipelines = await client.getPipelinesApi();
      await pipelines.runPipeline({}, PROJECT, PIPELINE_ID);
      await pipelines.getRun(PROJECT, PIPELINE_ID, 1001);
      const releases = await client.getReleaseApi();
      await releases.createRelease({ definitionId: RELEASE_DEFINITION_ID }, PROJECT);
      sim.manualClock.advance(5_000);
      const pending = await releases.getApprovals(
        PROJECT,
        undefined,
        ApprovalStatus.Pending,
        [100],
      );
      await releases.updateReleaseApproval(
        { status: ApprovalStatus.Approved, comments: 'Go' },
        PROJECT,
        pending[0]?.id ?? 0,
      );
      const release = await releases.getRelease(PROJECT, 100);
      const prod = release.environments?.find((env) => env.name === 'Prod');
      await releases.updateReleaseEnvironment(
        { status: EnvironmentStatus.InProgress },
        PROJECT,
        100,
        prod?.id ?? 0,
      );
      expect(proxy.exchanges.every((exchange) => exchange.status === 200)).toBe(true);
      expect(checkExchanges(proxy.exchanges)).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
