import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { cleanEnv } from '../helpers/cli.ts';
import { runAztm } from '../helpers/run-in-process.ts';
import { createRequests, e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { tokenValue } from '../helpers/e2e-runs.ts';

/** The connection of `sim` as lower-case `aztm_*` variables, without any token. */
function connection(sim: RunningSimulator): Record<string, string> {
  return {
    aztm_organization: sim.organizationUrl,
    aztm_project: 'DevOps',
    aztm_poll_interval: '0.1s',
  };
}

function upperCased(variables: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(variables).map(([k, v]) => [k.toUpperCase(), v]));
}

interface InputForm {
  readonly form: string;
  readonly args: (sim: RunningSimulator) => string[];
  readonly env: (sim: RunningSimulator) => Record<string, string>;
  /** The Authorization the simulator logged on every request: scheme and token name. */
  readonly authorization: string;
}

const FORMS: InputForm[] = [
  {
    form: 'flags alone',
    args: (sim) => [
      ...['--organization', sim.organizationUrl, '--project', 'DevOps'],
      ...['--pat', tokenValue(sim, 'admin'), '--pipeline-id', '43', '--poll-interval', '0.1s'],
    ],
    env: () => cleanEnv(),
    authorization: 'Basic <admin>',
  },
  {
    form: "the seed's lower-case variables (aztm_organization, aztm_project, aztm_pat, aztm_variables)",
    args: () => [],
    env: (sim) =>
      cleanEnv({
        ...connection(sim),
        aztm_pat: tokenValue(sim, 'admin'),
        aztm_variables: '{}',
        aztm_pipeline_id: '43',
      }),
    authorization: 'Basic <admin>',
  },
  {
    form: 'upper-case AZTM_* variables, as Azure Pipelines sets them',
    args: () => [],
    env: (sim) =>
      cleanEnv(
        upperCased({
          ...connection(sim),
          aztm_pat: tokenValue(sim, 'admin'),
          aztm_pipeline_id: '43',
        }),
      ),
    authorization: 'Basic <admin>',
  },
  {
    form: 'a JWT given to --pat (the job token), sent as Bearer',
    args: (sim) => ['--pat', tokenValue(sim, 'job'), '--pipeline-id', '43'],
    env: (sim) => cleanEnv(connection(sim)),
    authorization: 'Bearer <job>',
  },
  {
    form: '--token, sent as Bearer',
    args: (sim) => ['--token', tokenValue(sim, 'job'), '--pipeline-id', '43'],
    env: (sim) => cleanEnv(connection(sim)),
    authorization: 'Bearer <job>',
  },
  {
    form: 'SYSTEM_ACCESSTOKEN when no --pat or --token is given, sent as Bearer',
    args: () => ['--pipeline-id', '43'],
    env: (sim) => cleanEnv({ ...connection(sim), SYSTEM_ACCESSTOKEN: tokenValue(sim, 'job') }),
    authorization: 'Bearer <job>',
  },
  {
    form: 'aztm_pat rather than SYSTEM_ACCESSTOKEN when both are set',
    args: () => ['--pipeline-id', '43'],
    env: (sim) =>
      cleanEnv({
        ...connection(sim),
        aztm_pat: tokenValue(sim, 'admin'),
        SYSTEM_ACCESSTOKEN: tokenValue(sim, 'job'),
      }),
    authorization: 'Basic <admin>',
  },
];

describe('aztm pipeline: where its inputs come from', () => {
  it.each(FORMS)('runs with $form', async ({ args, env, authorization }) => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['pipeline', ...args(sim)], { env: env(sim) });

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^succeeded: pipeline run \d+ \(Should Run\)/);
    const creates = createRequests(sim);
    expect(creates.map((create) => create.url)).toEqual([
      '/contoso/DevOps/_apis/pipelines/43/runs',
    ]);
    expect(creates[0]?.body).toEqual({ previewRun: false });
    const schemes = new Set(sim.state.requests.map((entry) => entry.headers.authorization));
    expect([...schemes]).toEqual([authorization]);
  });

  it('a flag wins over its variable', async () => {
    const sim = await startE2ESimulator();
    const env = e2eEnv(sim, {
      aztm_pipeline_id: '44',
      aztm_pat: 'n'.repeat(52),
      AZTM_BRANCH: 'refs/heads/release',
    });
    const result = await runAztm(
      ['pipeline', '--pipeline-id', '43', '--pat', tokenValue(sim, 'admin'), '--branch', 'main'],
      { env },
    );

    expect(result.code, result.stderr).toBe(0);
    const [create] = createRequests(sim);
    expect(create?.url).toBe('/contoso/DevOps/_apis/pipelines/43/runs');
    expect(create?.body).toMatchObject({
      resources: { repositories: { self: { refName: 'refs/heads/main' } } },
    });
    expect(
      sim.state.requests.every((entry) => entry.headers.authorization === 'Basic <admin>'),
    ).toBe(true);
  });

  it('an empty variable counts as unset', async () => {
    const sim = await startE2ESimulator();
    // Set, each of these would be a conflict (two pipelines, two tokens) or change the request.
    const env = e2eEnv(sim, {
      aztm_pipeline_id: '43',
      aztm_pipeline: '',
      AZTM_TOKEN: '',
      aztm_branch: '',
      aztm_variables: '',
    });
    const result = await runAztm(['pipeline'], { env });

    expect(result.code, result.stderr).toBe(0);
    const [create] = createRequests(sim);
    expect(create?.body).toEqual({ previewRun: false });
    expect(sim.state.requests[0]?.headers.authorization).toBe('Basic <admin>');
  });

  it('refuses plain http to a host that is not loopback, exit 2, sending nothing', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(
      ['pipeline', '--pipeline-id', '43', '--organization', 'http://devops.example.com/contoso'],
      { env: e2eEnv(sim) },
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^aztm: --organization: plain http:\/\/ is accepted for loopback addresses only/,
    );
    expect(result.stdout).toBe('');
    expect(sim.state.requests).toEqual([]);
  });
});
