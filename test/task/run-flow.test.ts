import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRequests, startE2ESimulator } from '../helpers/e2e.ts';
import { adminRuns } from '../helpers/e2e-runs.ts';
import {
  completions,
  loggingCommands,
  outputVariables,
  startTask,
  systemConnection,
} from './agent-run.ts';
import { packagedTask } from './packaged-task.ts';

const taskDir = packagedTask('RunFlow');
/** Flow files the tests write. */
const flowDir = mkdtempSync(join(tmpdir(), 'aztm-flow-task-'));
afterAll(() => rmSync(flowDir, { recursive: true, force: true }));

/** The step lines of the summary table: id and result. */
function stepResults(stdout: string): Record<string, string> {
  const results: Record<string, string> = {};
  for (const match of stdout.matchAll(
    /^([\w-]+)\s+(succeeded|failed|skipped|canceled|notRun)\b/gm,
  )) {
    results[match[1] ?? ''] = match[2] ?? '';
  }
  return results;
}

describe('RunFlow@1 run by the agent against the simulator', () => {
  it("runs the seed's flow: the scans and should-run succeed, please-fail fails, its dependent is skipped", async () => {
    const sim = await startE2ESimulator();
    const { secret } = systemConnection(sim);
    // Relative: the repository's path, as the agent resolves file path inputs.
    const task = startTask(taskDir(), sim, {
      inputs: { flowFile: 'examples/seed-flow.yaml', pollInterval: '0.1s' },
    });
    const result = await task.exited;
    const commands = loggingCommands(result.stdout);

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`##vso[task.setsecret]${secret}`);
    expect(stepResults(result.stdout)).toEqual({
      scan: 'succeeded',
      scan2: 'succeeded',
      'should-run': 'succeeded',
      'please-fail': 'failed',
      'shouldnt-be-triggered': 'skipped',
      flow: 'failed', // the table's last line
    });
    expect(outputVariables(commands)).toEqual({ result: 'failed' });
    expect(completions(commands)).toEqual(['Failed']);
    // Two releases and two pipeline runs: the skipped step triggered nothing.
    expect(createRequests(sim)).toHaveLength(4);
    const runs = await adminRuns(sim);
    expect(runs.map((run) => run.definition.name).sort()).toEqual(['Please Fail', 'Should Run']);
  });

  it('attaches a Markdown report of the run to its summary, and records --state when asked', async () => {
    const sim = await startE2ESimulator();
    const temp = mkdtempSync(join(flowDir, 'agent-temp-'));
    const state = join(temp, 'state.json');
    const task = startTask(taskDir(), sim, {
      inputs: { flowFile: 'examples/seed-flow.yaml', pollInterval: '0.1s', stateFile: state },
      env: { AGENT_TEMPDIRECTORY: temp, SYSTEM_JOBID: 'job-1' },
    });
    const commands = loggingCommands((await task.exited).stdout);

    const uploads = commands.filter((command) => command.name === 'task.uploadsummary');
    expect(uploads.map((command) => command.message)).toEqual([join(temp, 'aztm-flow-job-1.md')]);
    const report = readFileSync(join(temp, 'aztm-flow-job-1.md'), 'utf8');
    expect(report).toMatch(/\| `please-fail` \| please-fail \| failed \|/);
    const steps = (
      JSON.parse(readFileSync(state, 'utf8')) as { steps: Record<string, { result?: string }> }
    ).steps;
    // Keyed by step: the two branches may end in either order.
    expect(
      Object.fromEntries(Object.entries(steps).map(([id, step]) => [id, step.result])),
    ).toEqual({
      scan: 'succeeded',
      scan2: 'succeeded',
      'should-run': 'succeeded',
      'please-fail': 'failed',
      'shouldnt-be-triggered': 'skipped',
    });
  });

  it("signs in to another organization with its own token from the step's environment, masked first", async () => {
    const sim = await startE2ESimulator();
    const file = join(mkdtempSync(join(flowDir, 'case-')), 'flow.yaml');
    writeFileSync(
      file,
      `project: DevOps\nsteps:\n  - id: there\n    organization: ${sim.organizationUrl}\n    pipeline: { pipeline: Should Run }\n`,
    );
    // The job's own token is refused; the organization's own one (the simulator's admin) works.
    const task = startTask(taskDir(), sim, {
      inputs: { flowFile: file, pollInterval: '0.1s' },
      connection: {
        secret: 'not-a-token-the-simulator-knows',
        env: {
          ...systemConnection(sim).env,
          ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN:
            'not-a-token-the-simulator-knows',
        },
      },
      env: { AZTM_PAT_CONTOSO: sim.token.value },
    });
    const result = await task.exited;
    const commands = loggingCommands(result.stdout);

    expect(
      commands
        .filter((command) => command.name === 'task.setsecret')
        .map((command) => command.message),
    ).toContain(sim.token.value);
    expect(completions(commands)).toEqual(['Succeeded']);
    expect(new Set(sim.state.requests.map((request) => request.identity))).toEqual(
      new Set(['admin']),
    );
  });

  it('a flow that succeeds completes Succeeded', async () => {
    const sim = await startE2ESimulator();
    const file = join(mkdtempSync(join(flowDir, 'case-')), 'flow.yaml');
    writeFileSync(
      file,
      'project: DevOps\nsteps:\n  - id: run\n    pipeline: { pipeline: Should Run }\n',
    );
    const task = startTask(taskDir(), sim, { inputs: { flowFile: file, pollInterval: '0.1s' } });
    const commands = loggingCommands((await task.exited).stdout);

    expect(outputVariables(commands)).toEqual({ result: 'succeeded' });
    expect(completions(commands)).toEqual(['Succeeded']);
  });

  it('the agent canceling the step (SIGINT) cancels the running steps and completes Canceled', async () => {
    const sim = await startE2ESimulator();
    const file = join(mkdtempSync(join(flowDir, 'case-')), 'flow.yaml');
    writeFileSync(
      file,
      'project: DevOps\nsteps:\n  - id: production\n    pipeline: { pipelineId: 46 }\n  - id: after\n    dependsOn: production\n    pipeline: { pipeline: Should Run }\n',
    );
    const task = startTask(taskDir(), sim, { inputs: { flowFile: file, pollInterval: '0.1s' } });
    await task.waitFor('stderr', /step production: running/);
    task.child.kill('SIGINT');
    const result = await task.exited;
    const commands = loggingCommands(result.stdout);

    expect(completions(commands)).toEqual(['Canceled']);
    expect(outputVariables(commands)).toEqual({ result: 'canceled' });
    const runs = await adminRuns(sim);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'completed', result: 'canceled' });
  });

  it('a flow file that does not exist fails the step and triggers nothing', async () => {
    const sim = await startE2ESimulator();
    const task = startTask(taskDir(), sim, { inputs: { flowFile: 'no/such/flow.yaml' } });
    const result = await task.exited;

    expect(completions(loggingCommands(result.stdout))).toEqual(['Failed']);
    expect(result.stderr).toMatch(/no[/\\]such[/\\]flow\.yaml/);
    expect(createRequests(sim)).toEqual([]);
  });
});
