import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.ts';
import { environmentName } from '../../src/cli/options.ts';
import { FLOW_TASK_INPUTS, TRIGGER_TASK_INPUTS } from '../../src/task/inputs.ts';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { cleanEnv, type CliResult } from '../helpers/cli.ts';
import { createRequests, startE2ESimulator } from '../helpers/e2e.ts';
import { adminRun, requestsTo, tokenValue } from '../helpers/e2e-runs.ts';
import { captureCliRun } from '../helpers/output-capture.ts';
import { completions, loggingCommands, outputVariables } from '../task/agent-run.ts';
import { expandMacros, expandSteps, readTemplate } from './expand.ts';

const TEMPLATE = readTemplate('templates/aztm-step.yml');
/** Parameters of the step itself, not of aztm. */
const STEP_PARAMETERS = [
  'command',
  'flowFile',
  'name',
  'displayName',
  'timeoutInMinutes',
  'repository',
  'checkout',
  'pat',
];

interface ScriptStep {
  readonly script: string;
  readonly name: string;
  readonly env: Record<string, string>;
}

/** The agents' build directories of the test that ran, deleted after it. */
const buildDirectories: string[] = [];
afterEach(() => {
  for (const dir of buildDirectories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The expanded template's script step. */
function scriptStep(steps: readonly unknown[]): ScriptStep {
  const step = steps.find(
    (candidate) => typeof candidate === 'object' && candidate !== null && 'script' in candidate,
  );
  if (!step) throw new Error('the template has no script step');
  return step as ScriptStep;
}

/**
 * Expands the template with `parameters`, then runs its script step as the agent runs a script
 * on Linux (bash, the job's variables as macros and TF_BUILD), from a checkout of this
 * repository at the path the template's checkout step gives it.
 */
async function runStep(
  sim: RunningSimulator,
  parameters: Record<string, string | boolean | Record<string, string>>,
): Promise<CliResult & { steps: unknown[] }> {
  const steps = expandSteps(TEMPLATE, parameters);
  const step = scriptStep(steps);
  const buildDirectory = mkdtempSync(join(tmpdir(), 'aztm-agent-'));
  buildDirectories.push(buildDirectory);
  const checkout = join(buildDirectory, 'aztm', 'devops-flow-manager', 'templates');
  mkdirSync(checkout, { recursive: true });
  copyFileSync('templates/aztm.mjs', join(checkout, 'aztm.mjs'));
  const jobToken = tokenValue(sim, 'job');
  const macros = {
    'Agent.BuildDirectory': buildDirectory,
    'System.CollectionUri': `${sim.organizationUrl}/`,
    'System.TeamProject': 'DevOps',
    'System.AccessToken': jobToken,
  };
  const stepEnv = Object.fromEntries(
    Object.entries(step.env).map(([key, value]) => [key, expandMacros(String(value), macros)]),
  );
  const scriptFile = join(buildDirectory, 'script.sh');
  writeFileSync(scriptFile, expandMacros(step.script, macros));
  const env = cleanEnv({ TF_BUILD: 'True', ...stepEnv });
  const result = await new Promise<CliResult>((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', scriptFile], { env, cwd: process.cwd() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  captureCliRun(
    ['templates/aztm-step.yml'],
    { ...stepEnv, system_accesstoken: jobToken },
    result.stdout,
    result.stderr,
  );
  return { ...result, steps };
}

describe('templates/aztm-step.yml', () => {
  it('has a parameter for every task input that is a CLI option, passed as its aztm_* variable', () => {
    const script = scriptStep(expandSteps(TEMPLATE, { command: 'pipeline' }));
    const options = [...TRIGGER_TASK_INPUTS, ...FLOW_TASK_INPUTS].filter(
      (input) => input.option !== null,
    );
    for (const input of options) {
      expect(TEMPLATE.parameters.map((parameter) => parameter.name)).toContain(input.name);
      expect(Object.keys(script.env)).toContain(`aztm_${(input.option ?? '').replace(/-/g, '_')}`);
    }
    // Every aztm_* variable it sets is an option of some command, and every other parameter is
    // one of the step's own.
    const known = new Set(COMMANDS.flatMap((command) => command.options.map(environmentName)));
    for (const name of Object.keys(script.env).filter((key) => key.startsWith('aztm_'))) {
      expect(known, name).toContain(name);
    }
    const optionNames = new Set(options.map((input) => input.name));
    expect(
      TEMPLATE.parameters
        .map((parameter) => parameter.name)
        .filter((name) => !optionNames.has(name)),
    ).toEqual(STEP_PARAMETERS.filter((name) => !optionNames.has(name)));
  });

  it('checks this repository out where its script looks, unless checkout is false', () => {
    const withCheckout = expandSteps(TEMPLATE, { command: 'build', repository: 'tools' });
    expect(withCheckout[0]).toMatchObject({ checkout: 'tools', path: 'aztm/tools' });
    expect(scriptStep(withCheckout).script).toContain(
      '"$(Agent.BuildDirectory)/aztm/tools/templates/aztm.mjs" build',
    );
    const without = expandSteps(TEMPLATE, { command: 'build', checkout: false });
    expect(without).toHaveLength(1);
  });

  it("runs the seed's release with the job's token and sets the step's output variables", async () => {
    const sim = await startE2ESimulator();
    const result = await runStep(sim, {
      command: 'release',
      definitionId: '13',
      pollInterval: '0.1s',
    });
    const commands = loggingCommands(result.stdout);

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`##vso[task.setsecret]${tokenValue(sim, 'job')}`);
    expect(outputVariables(commands)).toMatchObject({
      result: 'succeeded',
      runId: expect.stringMatching(/^\d+$/),
    });
    expect(
      requestsTo(sim, 'POST', /\/DevOps\/_apis\/release\/releases/i).map((r) => r.identity),
    ).toEqual(['job']);
  });

  it('passes object parameters as JSON: template parameters and variables reach the run', async () => {
    const sim = await startE2ESimulator();
    const result = await runStep(sim, {
      command: 'pipeline',
      pipelineId: '42',
      templateParameters: { env: 'prod' },
      variables: { imageTag: '1.2.3' },
      pollInterval: '0.1s',
    });
    const { runId } = outputVariables(loggingCommands(result.stdout));

    expect(result.code).toBe(0);
    const run = await adminRun(sim, Number(runId));
    expect(run.templateParameters).toEqual({ env: 'prod' });
    expect(run.variables.imageTag?.value).toBe('1.2.3');
  });

  it.each([
    { allowPartial: false, code: 1, completion: [] },
    { allowPartial: true, code: 0, completion: ['SucceededWithIssues'] },
  ])(
    'a partially succeeded run exits $code with allowPartial $allowPartial',
    async ({ allowPartial, code, completion }) => {
      const sim = await startE2ESimulator();
      const result = await runStep(sim, {
        command: 'pipeline',
        pipeline: 'smoke-tests',
        allowPartial,
        pollInterval: '0.1s',
      });
      const commands = loggingCommands(result.stdout);

      expect(result.code).toBe(code);
      expect(outputVariables(commands).result).toBe('partiallySucceeded');
      expect(completions(commands)).toEqual(completion);
    },
  );

  it("runs a flow file: the seed's flow fails the step on please-fail", async () => {
    const sim = await startE2ESimulator();
    const result = await runStep(sim, {
      command: 'flow',
      flowFile: 'examples/seed-flow.yaml',
      pollInterval: '0.1s',
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^please-fail\s+failed/m);
    expect(result.stdout).toMatch(/^shouldnt-be-triggered\s+skipped/m);
    expect(result.stdout).toMatch(/^flow failed$/m);
    expect(createRequests(sim)).toHaveLength(4);
  });

  it('refuses a command it does not know before anything runs', () => {
    expect(() => expandSteps(TEMPLATE, { command: 'deploy' })).toThrow(
      /command: "deploy" is not one of pipeline, build, release, watch, flow/,
    );
  });
});
