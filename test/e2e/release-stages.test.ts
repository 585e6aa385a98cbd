/**
 * Which release stages `aztm release` waits for, and how their ends decide its exit: `--stages`
 * (the others made manual, a chosen stage that would not start deployed by aztm), manual stages
 * and stages after a failed one reported "not deployed" and never waited for
 * (docs/design/anchor-tools.md: the trap of hanging on them), partial success, and a release
 * abandoned while followed.
 */
import { describe, expect, it } from 'vitest';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import {
  adminRelease,
  adminStage,
  createBodies,
  releaseApi,
  releaseScenario,
  requestsTo,
  triggeredReleaseId,
  UPDATE_ENVIRONMENT,
} from '../helpers/e2e-releases.ts';
import { releaseDefinition, releaseStage, task } from '../helpers/scenario-builder.ts';
import { runAztm, startAztm } from '../helpers/run-in-process.ts';

const MADE_MANUAL = '(not one of the stages to deploy: made manual for this release)';

describe('aztm release --stages', () => {
  it('deploys only the stages named: the others are made manual and not waited for', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['release', '--release-id', '14', '--stages', 'Dev', '--json'], {
      env: e2eEnv(sim),
    });
    expect(result.code).toBe(0);
    expect(createBodies(sim)).toEqual([
      { definitionId: 14, manualEnvironments: ['Staging', 'Production'] },
    ]);
    // Dev starts with the release: nothing to deploy by hand.
    expect(requestsTo(sim, 'PATCH', UPDATE_ENVIRONMENT)).toEqual([]);
    expect(result.stderr).toContain(`stage Staging: not deployed ${MADE_MANUAL}`);
    expect(result.stderr).toContain(`stage Production: not deployed ${MADE_MANUAL}`);
    const json = JSON.parse(result.stdout.trimEnd().split('\n').at(-1) ?? '') as {
      id: number;
      result: string;
      stages: unknown;
    };
    expect(json.result).toBe('succeeded');
    expect(json.stages).toEqual([
      { name: 'Dev', result: 'succeeded' },
      { name: 'Staging', result: 'notDeployed' },
      { name: 'Production', result: 'notDeployed' },
    ]);
    // aztm ended with Dev: the stages it left alone never started.
    const stages = (await adminRelease(sim, json.id)).stages;
    expect(stages.map((stage) => [stage.name, stage.status])).toEqual([
      ['Dev', 'succeeded'],
      ['Staging', 'notStarted'],
      ['Production', 'notStarted'],
    ]);
  });

  it('deploys a chosen stage that waits on a stage made manual, and follows it', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['release', '--release-id', '14', '--stages', 'Staging'], {
      env: e2eEnv(sim),
    });
    expect(result.code).toBe(0);
    expect(createBodies(sim)).toEqual([
      { definitionId: 14, manualEnvironments: ['Dev', 'Production'] },
    ]);
    const id = triggeredReleaseId(result.stderr);
    const staging = await adminStage(sim, id, 'Staging');
    // The PATCH names the release's own environment id (docs/design/azure-devops.md §4.3), after
    // the create.
    const deploys = requestsTo(sim, 'PATCH', UPDATE_ENVIRONMENT);
    expect(deploys.map((entry) => [entry.url.split('?')[0], entry.body])).toEqual([
      [
        expect.stringMatching(new RegExp(`/releases/${id}/environments/${staging.id}$`, 'i')),
        expect.objectContaining({ status: 'inProgress' }),
      ],
    ]);
    const create = requestsTo(sim, 'POST', /\/_apis\/release\/releases$/i)[0];
    expect(deploys[0]?.seq).toBeGreaterThan(create?.seq ?? Infinity);
    expect(staging.status).toBe('succeeded');
    expect((await adminStage(sim, id, 'Dev')).status).toBe('notStarted');
    expect(result.stderr).toContain(`stage Dev: not deployed ${MADE_MANUAL}`);
    expect(result.stderr).toMatch(/stage Staging: succeeded/);
    expect(result.stdout).toMatch(new RegExp(`^succeeded: release ${id} \\(Infrastructure\\)`));
  });

  it('refuses a stage the definition does not have, naming --stages, before creating', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['release', '--release-id', '14', '--stages', 'Dev,Prod'], {
      env: e2eEnv(sim),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'aztm: --stages: "Prod" is not a stage of release definition "Infrastructure" (its stages: Dev, Staging, Production)',
    );
    expect(createBodies(sim)).toEqual([]);
  });
});

describe('aztm release: stages that will not deploy are not waited for', () => {
  it('watch --release does not wait for the stages a release made manual', async () => {
    const sim = await startE2ESimulator();
    const created = await releaseApi<{ id: number }>(sim, 'POST', 'releases', {
      definitionId: 14,
      manualEnvironments: ['Staging', 'Production'],
    });
    const result = await runAztm(['watch', '--release', String(created.id), '--json'], {
      env: e2eEnv(sim),
    });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout.trimEnd().split('\n').at(-1) ?? '') as {
      stages: unknown;
    };
    expect(json.stages).toEqual([
      { name: 'Dev', result: 'succeeded' },
      { name: 'Staging', result: 'notDeployed' },
      { name: 'Production', result: 'notDeployed' },
    ]);
  });

  it('ends when the automatic stages are done, reporting a manual stage not deployed', async () => {
    const sim = await startE2ESimulator({
      scenario: releaseScenario(
        releaseDefinition({
          id: 20,
          name: 'Web',
          stages: [
            releaseStage({ id: 1, name: 'Dev' }),
            releaseStage({ id: 2, name: 'Prod', trigger: { kind: 'manual' } }),
          ],
        }),
      ),
    });
    const result = await runAztm(['release', '--release-id', '20'], { env: e2eEnv(sim) });
    expect(result.code).toBe(0);
    expect(createBodies(sim)).toEqual([{ definitionId: 20 }]);
    expect(result.stderr).toContain(
      'stage Prod: not deployed (a manual stage that nobody asked to deploy)',
    );
    expect(result.stdout).toMatch(/^succeeded: release \d+ \(Web\)/);
    const id = triggeredReleaseId(result.stderr);
    expect((await adminStage(sim, id, 'Prod')).status).toBe('notStarted');
    expect(requestsTo(sim, 'PATCH', UPDATE_ENVIRONMENT)).toEqual([]);
  });

  it('fails with the failed task and its log when a stage fails; the stage after it is not deployed', async () => {
    const sim = await startE2ESimulator({
      scenario: releaseScenario(
        releaseDefinition({
          id: 21,
          name: 'Database',
          stages: [
            releaseStage({
              id: 1,
              name: 'Dev',
              deploys: [
                {
                  approval: null,
                  tasks: [
                    task({ name: 'Download artifacts' }),
                    task({
                      name: 'Migrate database',
                      result: 'failed',
                      log: [
                        'Applying migration 0042_add_index',
                        '##[error]Migration 0042 failed: index ix_orders already exists',
                      ],
                    }),
                  ],
                },
              ],
            }),
            releaseStage({ id: 2, name: 'QA', trigger: { kind: 'afterStages', stages: ['Dev'] } }),
          ],
        }),
      ),
    });
    const result = await runAztm(['release', '--release-id', '21'], { env: e2eEnv(sim) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stage Dev: failed/);
    expect(result.stderr).toContain(
      "stage QA: not deployed (it waits for 'Dev' to succeed, but 'Dev' failed)",
    );
    // The failure detail: the task, then the last lines of its own log.
    expect(result.stderr).toMatch(/Dev › .+ › Migrate database: failed/);
    expect(result.stderr).toContain('Applying migration 0042_add_index');
    expect(result.stderr).toContain('Migration 0042 failed: index ix_orders already exists');
    expect(result.stdout).toMatch(/^failed: release \d+ \(Database\)/);
    const id = triggeredReleaseId(result.stderr);
    expect((await adminStage(sim, id, 'QA')).status).toBe('notStarted');
  });

  const partial = releaseScenario(
    releaseDefinition({
      id: 22,
      name: 'Smoke',
      stages: [
        releaseStage({
          id: 1,
          name: 'Dev',
          deploys: [
            {
              approval: null,
              tasks: [
                task({
                  name: 'Check latency',
                  result: 'succeededWithIssues',
                  log: ['##[warning]p95 latency 820 ms is above the 500 ms budget'],
                }),
              ],
            },
          ],
        }),
      ],
    }),
  );

  it.each([
    { args: [], code: 1, note: '(counts as failed; --allow-partial accepts it)' },
    { args: ['--allow-partial'], code: 0, note: '(accepted: --allow-partial)' },
  ])('a partially succeeded release exits $code with $args', async ({ args, code, note }) => {
    const sim = await startE2ESimulator({ scenario: partial });
    const result = await runAztm(['release', '--release-id', '22', ...args], { env: e2eEnv(sim) });
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(/stage Dev: partially succeeded/);
    expect(result.stderr).toContain(`finished: partially succeeded`);
    expect(result.stderr).toContain(note);
    expect(result.stdout).toMatch(/^partially succeeded: release \d+ \(Smoke\)/);
  });
});

describe('aztm release: a release abandoned while followed', () => {
  it('ends as canceled (exit 3): the waiting stage canceled, aztm cancels nothing itself', async () => {
    const sim = await startE2ESimulator();
    const cli = startAztm(['release', '--release-id', '14'], { env: e2eEnv(sim) });
    await cli.waitFor('stderr', /stage Production: waiting for approval/);
    const id = triggeredReleaseId(cli.stderr());
    await releaseApi(sim, 'PATCH', `releases/${id}`, { status: 'abandoned', comment: 'not today' });
    const result = await cli.exited;
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/stage Production: canceled/);
    expect(result.stdout).toMatch(new RegExp(`^canceled: release ${id} \\(Infrastructure\\)`));
    const release = await adminRelease(sim, id);
    expect(release.status).toBe('abandoned');
    // Besides reads, only the create and the test's own abandon: aztm canceled nothing itself.
    const writes = sim.state.requests.filter((entry) => entry.method !== 'GET');
    expect(writes.map((entry) => `${entry.method} ${entry.url.split('?')[0] ?? ''}`)).toEqual([
      expect.stringMatching(/^POST .*\/_apis\/release\/releases$/i),
      expect.stringMatching(new RegExp(`^PATCH .*/_apis/release/releases/${id}$`, 'i')),
    ]);
  });
});
