import { describe, expect, it } from 'vitest';
import { escapeCommandValue } from '../../src/report/logging-commands.ts';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { createRequests, startE2ESimulator } from '../helpers/e2e.ts';
import { admin, adminRun, requestsTo } from '../helpers/e2e-runs.ts';
import { formsScenario, revealingLines, TOKEN, VARIABLES_JSON } from '../helpers/secret-runs.ts';
import {
  completions,
  type Connection,
  loggingCommands,
  outputVariables,
  patConnection,
  startTask,
  systemConnection,
} from './agent-run.ts';
import { packagedTask } from './packaged-task.ts';

const taskDir = packagedTask('TriggerAndMonitor');

const FAST = { pollInterval: '0.1s' };

describe('TriggerAndMonitor@1 run by the agent against the simulator', () => {
  it('masks the job token first, then sets runId, runUrl and result, and completes Succeeded', async () => {
    const sim = await startE2ESimulator();
    const { secret } = systemConnection(sim);
    const task = startTask(taskDir(), sim, {
      inputs: { command: 'release', definitionId: '13', ...FAST },
    });
    const result = await task.exited;
    const commands = loggingCommands(result.stdout);

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`##vso[task.setsecret]${secret}`);
    // Before the token is masked, nothing at all is printed about anything.
    expect(result.stderr.indexOf(secret)).toBe(-1);
    const outputs = outputVariables(commands);
    const release = await admin<{ id: number; definitionId?: number }>(
      sim,
      'GET',
      `releases/${outputs.runId}`,
    );
    expect(release.id).toBe(Number(outputs.runId));
    expect(outputs.runUrl).toMatch(new RegExp(`releaseId=${outputs.runId}`));
    expect(outputs.result).toBe('succeeded');
    expect(completions(commands)).toEqual(['Succeeded']);
    expect(commands.at(-1)?.name).toBe('task.complete');
    // Organization and project came from SYSTEM_COLLECTIONURI and SYSTEM_TEAMPROJECT; the
    // release was created with the job's own token.
    const creates = requestsTo(sim, 'POST', /\/DevOps\/_apis\/release\/releases/i);
    expect(creates.map((request) => request.identity)).toEqual(['job']);
  });

  it.each([
    { allowPartial: undefined, completion: 'SucceededWithIssues' },
    { allowPartial: 'false', completion: 'Failed' },
  ])(
    'a partially succeeded run completes $completion (allowPartial $allowPartial)',
    async ({ allowPartial, completion }) => {
      const sim = await startE2ESimulator();
      const task = startTask(taskDir(), sim, {
        inputs: {
          command: 'pipeline',
          pipeline: 'smoke-tests',
          ...(allowPartial === undefined ? {} : { allowPartial }),
          ...FAST,
        },
      });
      const result = await task.exited;
      const commands = loggingCommands(result.stdout);

      expect(result.code).toBe(0);
      expect(outputVariables(commands).result).toBe('partiallySucceeded');
      // Said once: the agent merges results, but a log reads better with one verdict.
      expect(completions(commands)).toEqual([completion]);
      const run = await adminRun(sim, Number(outputVariables(commands).runId));
      expect(run.result).toBe('partiallySucceeded');
    },
  );

  it('a failed run logs an error issue and completes Failed, naming the run', async () => {
    const sim = await startE2ESimulator();
    const task = startTask(taskDir(), sim, {
      inputs: { command: 'pipeline', pipeline: 'Please Fail', ...FAST },
    });
    const result = await task.exited;
    const commands = loggingCommands(result.stdout);
    const { runId } = outputVariables(commands);

    expect(result.code).toBe(0);
    expect(outputVariables(commands).result).toBe('failed');
    const errors = commands
      .filter((c) => c.name === 'task.logissue' && c.properties.type === 'error')
      .map((c) => c.message);
    // The failing task's issue (src/report/agent.ts), once: the step's end adds none of its own.
    expect(errors).toEqual([expect.stringMatching(/failed/)]);
    const complete = commands.filter((c) => c.name === 'task.complete');
    expect(complete).toHaveLength(1);
    expect(complete[0]?.properties.result).toBe('Failed');
    expect(complete[0]?.message).toContain(`pipeline run ${runId}`);
    expect(errors).not.toContain(complete[0]?.message);
  });

  it('the agent canceling the step (SIGINT) cancels the run and completes Canceled', async () => {
    const sim = await startE2ESimulator();
    // deploy-production (46) waits on its Production approval until someone answers it.
    const task = startTask(taskDir(), sim, {
      inputs: { command: 'pipeline', pipelineId: '46', ...FAST },
    });
    await task.waitFor('stderr', /stage Production: waiting for approval/);
    const runId = Number(outputVariables(loggingCommands(task.stdout())).runId);
    task.child.kill('SIGINT');
    const result = await task.exited;
    const commands = loggingCommands(result.stdout);

    expect(result.code).toBe(0);
    expect(completions(commands)).toEqual(['Canceled']);
    expect(outputVariables(commands).result).toBe('canceled');
    const run = await adminRun(sim, runId);
    expect(run.cancelRequestedAt).not.toBeNull();
    expect(run).toMatchObject({ status: 'completed', result: 'canceled' });
  });

  it('signs in with a PAT from a generic service connection, for its own organization', async () => {
    const sim = await startE2ESimulator();
    const id = '3f1b8e1c-52a6-4d6e-9d5a-0c6f0e7d2a11';
    const task = startTask(taskDir(), sim, {
      inputs: {
        command: 'build',
        definition: 'Regression\\nightly',
        connectionType: 'pat',
        serviceConnection: id,
        ...FAST,
      },
      connection: patConnection(sim, id),
      // No SystemVssConnection and another organization for the job: the connection's URL wins.
      env: { SYSTEM_COLLECTIONURI: 'https://dev.azure.com/elsewhere/' },
    });
    const result = await task.exited;
    const commands = loggingCommands(result.stdout);

    expect(completions(commands)).toEqual(['Succeeded']);
    expect(result.stdout.split('\n')[0]).toBe(`##vso[task.setsecret]${sim.token.value}`);
    const creates = createRequests(sim);
    expect(creates).toHaveLength(1);
    expect(requestsTo(sim, 'POST', /_apis\/build\/builds/i)[0]?.identity).toBe('admin');
  });

  it('masks a secret variable before anything else and never prints it', async () => {
    const sim = await startE2ESimulator();
    const secret = 'tag-s3cr3t-value';
    const task = startTask(taskDir(), sim, {
      inputs: {
        command: 'pipeline',
        pipelineId: '42',
        variables: JSON.stringify({ imageTag: { value: secret, isSecret: true } }),
        ...FAST,
      },
    });
    const result = await task.exited;
    const lines = result.stdout.split('\n');
    const firstOther = lines.findIndex((line) => !line.startsWith('##vso[task.setsecret]'));

    expect(completions(loggingCommands(result.stdout))).toEqual(['Succeeded']);
    expect(lines.slice(0, firstOther)).toContain(`##vso[task.setsecret]${secret}`);
    expect(lines.slice(firstOther).join('\n')).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
    const run = await adminRun(sim, Number(outputVariables(loggingCommands(result.stdout)).runId));
    expect(run.variables.imageTag).toEqual({ value: secret, isSecret: true });
  });

  it("the organization input wins over the job's own organization", async () => {
    const sim = await startE2ESimulator();
    const task = startTask(taskDir(), sim, {
      inputs: {
        command: 'pipeline',
        pipeline: 'Should Run',
        organization: sim.organizationUrl,
        ...FAST,
      },
      env: { SYSTEM_COLLECTIONURI: 'https://dev.azure.com/elsewhere/' },
    });
    const result = await task.exited;

    expect(completions(loggingCommands(result.stdout))).toEqual(['Succeeded']);
    expect(createRequests(sim)).toHaveLength(1);
  });

  it('watch follows a run that exists and sets its id as runId', async () => {
    const sim = await startE2ESimulator();
    const first = startTask(taskDir(), sim, {
      inputs: { command: 'pipeline', pipeline: 'Should Run', noWait: 'true' },
    });
    const started = outputVariables(loggingCommands((await first.exited).stdout)).runId;
    const task = startTask(taskDir(), sim, {
      inputs: { command: 'watch', runId: started ?? '', ...FAST },
    });
    const commands = loggingCommands((await task.exited).stdout);

    expect(outputVariables(commands)).toMatchObject({ runId: started, result: 'succeeded' });
    expect(first.stdout()).toMatch(
      /##vso\[task\.complete result=Succeeded;\]triggered, not waited for/,
    );
    expect(completions(commands)).toEqual(['Succeeded']);
    expect(createRequests(sim)).toHaveLength(1);
  });

  it.each([
    {
      name: 'a release with no definition',
      inputs: { command: 'release' },
      says: /task input definitionId or definition is needed for command release/,
    },
    {
      name: 'a build definition id that is not a number',
      inputs: { command: 'build', definitionId: 'twelve' },
      says: /task input definitionId: --definition-id/,
    },
    {
      name: 'variables that are not JSON',
      inputs: { command: 'pipeline', pipelineId: '42', variables: '{tier: pre}' },
      says: /task input variables: --variables/,
    },
    {
      name: 'a switch that is neither true nor false',
      inputs: { command: 'pipeline', pipelineId: '42', noWait: 'yes' },
      says: /task input noWait must be true or false, got "yes"/,
    },
    {
      name: 'an unknown command',
      inputs: { command: 'deploy' },
      says: /task input command "deploy" is not one of pipeline, build, release, watch/,
    },
  ])('$name fails the step before anything is triggered', async ({ inputs, says }) => {
    const sim = await startE2ESimulator();
    const task = startTask(taskDir(), sim, { inputs });
    const result = await task.exited;
    const commands = loggingCommands(result.stdout);

    expect(result.code).toBe(0);
    const complete = commands.filter((c) => c.name === 'task.complete');
    expect(complete.map((c) => c.properties.result)).toEqual(['Failed']);
    expect(complete[0]?.message).toMatch(says);
    // The same words as an error issue, so that the run summary says why.
    expect(
      commands.filter((c) => c.name === 'task.logissue').map((c) => [c.properties.type, c.message]),
    ).toEqual([['error', complete[0]?.message]]);
    expect(result.stderr).toMatch(says);
    expect(createRequests(sim)).toEqual([]);
  });

  it('without the job token or a connection it fails the step and says what is missing', async () => {
    const sim = await startE2ESimulator();
    const task = startTask(taskDir(), sim, {
      inputs: { command: 'pipeline', pipelineId: '42' },
      connection: { secret: '', env: {} },
    });
    const result = await task.exited;

    expect(completions(loggingCommands(result.stdout))).toEqual(['Failed']);
    expect(result.stderr).toContain('ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN');
    expect(sim.state.requests).toEqual([]);
  });
});

/**
 * The secret-forms table for a task's own sources (issue 15): a generic service connection's
 * password read with a trailing CR and the variables input, each secret needing escaping.
 */
describe('TriggerAndMonitor@1 and secrets that need escaping', () => {
  const id = '9a0c7e52-1d3b-4f5e-8a6b-2c4d6e8f0a1b';
  const connection = (sim: RunningSimulator): Connection => ({
    secret: `${TOKEN}\r`,
    env: {
      [`ENDPOINT_URL_${id.toUpperCase()}`]: sim.organizationUrl,
      [`ENDPOINT_AUTH_SCHEME_${id.toUpperCase()}`]: 'UsernamePassword',
      [`ENDPOINT_AUTH_PARAMETER_${id.toUpperCase()}_PASSWORD`]: `${TOKEN}\r`,
    },
  });
  const inputs = { connectionType: 'pat', serviceConnection: id, ...FAST };

  it('a failing run: the password and every secret variable only in task.setsecret lines', async () => {
    const sim = await startE2ESimulator({ scenario: formsScenario([TOKEN]) });
    const task = startTask(taskDir(), sim, {
      inputs: { ...inputs, command: 'pipeline', pipeline: 'forms', variables: VARIABLES_JSON },
      connection: connection(sim),
    });
    const result = await task.exited;

    expect(completions(loggingCommands(result.stdout))).toEqual(['Failed']);
    expect(result.stderr).toContain('login failed for ***');
    const masked = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('##vso[task.setsecret]'));
    // The password as the connection holds it and as it is sent.
    expect(masked).toContain(`##vso[task.setsecret]${escapeCommandValue(TOKEN)}%0D`);
    expect(masked).toContain(`##vso[task.setsecret]${escapeCommandValue(TOKEN)}`);
    expect(
      revealingLines({ stdout: result.stdout, stderr: result.stderr }, { agent: true }),
    ).toEqual([]);
    expect(requestsTo(sim, 'POST', /_apis\/pipelines\/70\/runs/i)[0]?.identity).toBe('forms');
  });

  it('an input quoting the password is refused with it redacted', async () => {
    const sim = await startE2ESimulator({ scenario: formsScenario([TOKEN]) });
    const task = startTask(taskDir(), sim, {
      inputs: { ...inputs, command: 'pipeline', pipeline: 'forms', timeout: TOKEN },
      connection: connection(sim),
    });
    const result = await task.exited;

    expect(completions(loggingCommands(result.stdout))).toEqual(['Failed']);
    expect(result.stderr).toMatch(/timeout.* must be a duration .*; got "\*\*\*"/);
    expect(
      revealingLines({ stdout: result.stdout, stderr: result.stderr }, { agent: true }),
    ).toEqual([]);
    expect(createRequests(sim)).toEqual([]);
  });
});
