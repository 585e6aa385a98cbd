/**
 * `aztm release` as a process against the simulator: the seed's release mode, the inputs that
 * shape the create request (definition, artifacts, variables, description), and the modes that
 * do not follow (--dry-run, --no-wait), --json, and `watch --release`. Every input is checked
 * in what the CLI sent (the simulator's request log), never assumed.
 */
import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { cleanEnv } from '../helpers/cli.ts';
import { runAztm } from '../helpers/run-in-process.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { releaseDefinition } from '../helpers/scenario-builder.ts';
import {
  adminRelease,
  adminReleases,
  createBodies,
  CREATE_RELEASE,
  releaseApi,
  releaseScenario,
  requestsTo,
  triggeredReleaseId,
  withReleaseDefinition,
} from '../helpers/e2e-releases.ts';

interface ReleaseJson {
  readonly id: number;
  readonly artifacts: { alias: string; definitionReference: { version: { id: string } } }[];
  readonly description: string;
  readonly variables: Record<string, { value: string }>;
}

/** The release as the Release API shows it, read after the CLI is done. */
function getRelease(sim: RunningSimulator, id: number): Promise<ReleaseJson> {
  return releaseApi<ReleaseJson>(sim, 'GET', `releases/${id}`);
}

const versionOf = (release: ReleaseJson, alias: string): string | undefined =>
  release.artifacts.find((artifact) => artifact.alias === alias)?.definitionReference.version.id;

describe("aztm release: the seed's release mode", () => {
  it('creates a release of definition 13 with the default artifact version and exits 0', async () => {
    // So fast that the release is over before the first poll: the default 10s interval is kept.
    const sim = await startE2ESimulator({ speed: 1_000_000 });
    const env = cleanEnv({
      aztm_organization: sim.organizationUrl,
      aztm_project: 'DevOps',
      aztm_pat: sim.token.value,
      aztm_variables: '{}',
      aztm_release_id: '13',
      aztm_artifacts: '{}',
    });
    const result = await runAztm(['release'], { env });
    expect(result.stderr).not.toContain('aztm:');
    expect(result.code).toBe(0);
    // Nothing but the definition: no artifacts (the service applies the default) and no variables.
    expect(createBodies(sim)).toEqual([{ definitionId: 13 }]);
    const id = triggeredReleaseId(result.stderr);
    expect(versionOf(await getRelease(sim, id), 'app')).toBe('1204');
    expect(result.stdout).toMatch(
      new RegExp(
        `^succeeded: release ${id} \\(Scan Pre Prod\\) in \\S+ http://\\S+_release\\?releaseId=${id}&_a=release-summary\\n$`,
      ),
    );
    expect(result.stderr).toMatch(/stage Scan: succeeded/);
    expect(result.stderr).toMatch(/stage Report: succeeded/);
  });
});

describe('aztm release: inputs of the create request', () => {
  it.each([
    { form: 'alias → version id', artifacts: '{"app":"1201"}', sent: { id: '1201' } },
    {
      form: 'alias → {id, name}',
      artifacts: '{"app":{"id":"1198","name":"20261124.2"}}',
      sent: { id: '1198', name: '20261124.2' },
    },
    {
      form: "the API's own array",
      artifacts: '[{"alias":"app","instanceReference":{"id":"1201"}}]',
      sent: { id: '1201' },
    },
  ])('--artifacts as $form becomes the instanceReference', async ({ artifacts, sent }) => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['release', '--release-id', '13', '--artifacts', artifacts], {
      env: e2eEnv(sim),
    });
    expect(result.code).toBe(0);
    expect(createBodies(sim)).toEqual([
      { definitionId: 13, artifacts: [{ alias: 'app', instanceReference: sent }] },
    ]);
    const release = await getRelease(sim, triggeredReleaseId(result.stderr));
    expect(versionOf(release, 'app')).toBe(sent.id);
  });

  it('refuses an artifact alias the definition does not have, before creating anything', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(
      ['release', '--release-id', '13', '--artifacts', '{"web":"1201"}'],
      { env: e2eEnv(sim) },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--artifacts: "web" is not an artifact alias .*its aliases: app/);
    expect(createBodies(sim)).toEqual([]);
  });

  it('passes on the service refusing an unknown artifact version: exit 5, no release', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(
      ['release', '--release-id', '13', '--artifacts', '{"app":"999"}'],
      {
        env: e2eEnv(sim),
      },
    );
    expect(result.code).toBe(5);
    expect(result.stderr).toContain("Version '999' of artifact source 'app' does not exist");
    expect(result.stderr).toContain('nothing was triggered');
    // The create was sent once, refused, and not repeated.
    const creates = requestsTo(sim, 'POST', CREATE_RELEASE);
    expect(creates.map((entry) => entry.status)).toEqual([400]);
    expect(await adminReleases(sim)).toEqual([]);
  });

  it('refuses, before creating, to leave out an artifact whose version has no default', async () => {
    const sim = await startE2ESimulator({
      scenario: releaseScenario(
        releaseDefinition({
          id: 30,
          name: 'Chosen at release',
          artifacts: [
            {
              alias: 'app',
              type: 'Build',
              isPrimary: true,
              definitionId: 7,
              definitionName: 'nightly',
              defaultVersion: null,
              versions: [{ id: '1301', name: '20261201.1' }],
            },
          ],
        }),
      ),
    });
    for (const mode of [['--dry-run'], []]) {
      const result = await runAztm(['release', '--release-id', '30', ...mode], {
        env: e2eEnv(sim),
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--artifacts: .* has no default version for artifact "app"/);
    }
    expect(createBodies(sim)).toEqual([]);
    const given = await runAztm(
      ['release', '--release-id', '30', '--artifacts', '{"app":"1301"}'],
      {
        env: e2eEnv(sim),
      },
    );
    expect(given.code).toBe(0);
    expect(createBodies(sim)).toEqual([
      { definitionId: 30, artifacts: [{ alias: 'app', instanceReference: { id: '1301' } }] },
    ]);
  });

  it('sends a variable that is settable at release time', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(
      ['release', '--release-id', '13', '--variables', '{"tier":"prod"}'],
      { env: e2eEnv(sim) },
    );
    expect(result.code).toBe(0);
    expect(createBodies(sim)).toEqual([
      { definitionId: 13, variables: { tier: { value: 'prod', isSecret: false } } },
    ]);
    const release = await getRelease(sim, triggeredReleaseId(result.stderr));
    expect(release.variables.tier?.value).toBe('prod');
  });

  it.each([
    { what: 'not settable', variables: '{"region":"us"}', why: /"region" is not "Settable/ },
    { what: 'unknown', variables: '{"colour":"red"}', why: /"colour" is not defined at release/ },
  ])('refuses a variable that is $what, naming it, before creating', async (row) => {
    const sim = await startE2ESimulator({
      scenario: withReleaseDefinition(13, (definition) => ({
        ...definition,
        variables: {
          ...definition.variables,
          region: { value: 'eu', isSecret: false, allowOverride: false },
        },
      })),
    });
    const result = await runAztm(['release', '--release-id', '13', '--variables', row.variables], {
      env: e2eEnv(sim),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^aztm: --variables: /m);
    expect(result.stderr).toMatch(row.why);
    expect(createBodies(sim)).toEqual([]);
  });

  it('sends --description', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(
      ['release', '--release-id', '13', '--description', 'Nightly scan'],
      { env: e2eEnv(sim) },
    );
    expect(result.code).toBe(0);
    expect(createBodies(sim)).toEqual([{ definitionId: 13, description: 'Nightly scan' }]);
    const release = await getRelease(sim, triggeredReleaseId(result.stderr));
    expect(release.description).toMatch(/^Nightly scan \(aztm [0-9a-f-]{36}\)$/);
  });

  it.each([
    ['--definition', 'Scan Pre Prod'],
    ['--definition-id', '13'],
    ['--release-id', '13'],
  ])('finds the definition by %s %s', async (option, value) => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['release', option, value], { env: e2eEnv(sim) });
    expect(result.code).toBe(0);
    expect(createBodies(sim)).toEqual([{ definitionId: 13 }]);
    expect(result.stdout).toMatch(/^succeeded: release \d+ \(Scan Pre Prod\)/);
  });

  it('refuses an unknown definition name, naming close matches, before creating', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['release', '--definition', 'Scan Pre Prd'], {
      env: e2eEnv(sim),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /--definition "Scan Pre Prd" matches no release definition in project DevOps; did you mean "Scan Pre Prod"\?/,
    );
    expect(createBodies(sim)).toEqual([]);
  });
});

describe('aztm release: --dry-run, --no-wait, --json', () => {
  it('--dry-run checks everything, describes the release and its stages, creates nothing', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(
      ['release', '--definition', 'Infrastructure', '--stages', 'Dev,Staging', '--dry-run'],
      { env: e2eEnv(sim) },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'Would create a release of "Infrastructure" (id 14) in project DevOps, deploying Dev, Staging.',
        "  artifacts: the definition's default versions",
        '  made manual for this release: Production',
        'Dry run: nothing was triggered.',
        '',
      ].join('\n'),
    );
    // Only reads went out.
    expect(sim.state.requests.filter((entry) => entry.method !== 'GET')).toEqual([]);
    expect(await adminReleases(sim)).toEqual([]);
  });

  it('--no-wait prints the id and web URL of the release it created and does not follow it', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['release', '--release-id', '14', '--no-wait'], {
      env: e2eEnv(sim),
    });
    expect(result.code).toBe(0);
    const match = /^(\d+) (http:\/\/\S+)\n$/.exec(result.stdout);
    expect(match, result.stdout).not.toBeNull();
    const id = Number(match?.[1]);
    expect(match?.[2]).toContain(`_release?releaseId=${id}&_a=release-summary`);
    expect((await adminRelease(sim, id)).definition.id).toBe(14);
    expect(requestsTo(sim, 'GET', new RegExp(`/releases/${id}(\\?|$)`, 'i'))).toEqual([]);
  });

  it('--json prints the contract object as the last line of stdout', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['release', '--release-id', '13', '--json'], {
      env: e2eEnv(sim),
    });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    const parsed = JSON.parse(lines.at(-1) ?? '') as Record<string, unknown>;
    const id = triggeredReleaseId(result.stderr);
    expect(parsed).toEqual({
      kind: 'release',
      id,
      url: expect.stringContaining(`_release?releaseId=${id}&_a=release-summary`),
      result: 'succeeded',
      stages: [
        { name: 'Scan', result: 'succeeded' },
        { name: 'Report', result: 'succeeded' },
      ],
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      finishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(Date.parse(String(parsed.finishedAt))).toBeGreaterThanOrEqual(
      Date.parse(String(parsed.startedAt)),
    );
    // The result line is replaced by the object, not printed beside it.
    expect(result.stdout).not.toMatch(/^succeeded:/m);
  });
});

describe('aztm watch --release', () => {
  it('follows a release created through the API to its end and exits 0', async () => {
    const sim = await startE2ESimulator();
    const created = await releaseApi<{ id: number }>(sim, 'POST', 'releases', {
      definitionId: 13,
    });
    const before = sim.state.requests.length;
    const result = await runAztm(['watch', '--release', String(created.id)], { env: e2eEnv(sim) });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`attached to release ${created.id} .*Scan Pre Prod`));
    expect(result.stdout).toMatch(
      new RegExp(`^succeeded: release ${created.id} \\(Scan Pre Prod\\)`),
    );
    // Watching only reads.
    const sent = sim.state.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((entry) => entry.method !== 'GET')).toEqual([]);
  });
});
