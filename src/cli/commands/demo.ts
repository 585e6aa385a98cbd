import { relative } from 'node:path';
import { credentialFromInputs } from '../../azdo/auth.ts';
import { createAzureDevOpsClient } from '../../azdo/client.ts';
import { Redactor } from '../../redact.ts';
import { createReporter } from '../../report/index.ts';
import { runTarget } from '../../run.ts';
import { ScaledClock } from '../../simulator/clock.ts';
import { startSimulator } from '../../simulator/index.ts';
import type { TargetRequest } from '../../target.ts';
import type { CommandContext } from '../command-context.ts';
import { EXIT } from '../../end-mapping.ts';
import { packageFile } from '../package-files.ts';
import { readScenario, readSpeed } from '../simulator-options.ts';

/**
 * `aztm demo`: starts the simulator in-process and runs what a newcomer should see against it,
 * with the same core and reporters as `aztm pipeline` and `aztm release`: a pipeline that
 * succeeds, one that fails (with its failure detail), a classic release, and then the seed's
 * example flow through `aztm flow run` itself.
 */
export async function run(context: CommandContext): Promise<number> {
  const { values, stdout, stderr, env } = context;
  const speed = readSpeed(values, 60);
  const { scenario, source } = await readScenario(values);
  const sim = await startSimulator({
    scenario,
    clock: new ScaledClock(speed, Date.now, scenario.startTime),
  });
  try {
    const project = scenario.projects[0];
    if (!project) throw new Error('the scenario has no project');
    const say = (line = ''): void => void stdout.write(`${line}\n`);
    say(
      `aztm demo: a local Azure DevOps serves the ${source} at ${sim.organizationUrl} (${speed}x real time)`,
    );
    say(
      `Each step below is what "aztm pipeline" or "aztm release" shows against a real organization.`,
    );
    const client = createAzureDevOpsClient({
      organizationUrl: sim.organizationUrl,
      credential: credentialFromInputs({ pat: sim.token.value }),
    });
    const steps: { title: string; request: TargetRequest }[] = [];
    const pipelineNamed = (name: string) => project.pipelines.find((p) => p.name === name);
    const gateway = pipelineNamed('deploy-gateway');
    if (gateway) {
      steps.push({
        title: `aztm pipeline --pipeline 'infra\\deploy-gateway' --template-parameters '{"env":"staging"}'`,
        request: {
          kind: 'pipeline',
          project: project.name,
          pipeline: { id: gateway.id },
          variables: {},
          templateParameters: { env: 'staging' },
          stagesToSkip: [],
        },
      });
    }
    const failing = pipelineNamed('Please Fail');
    if (failing) {
      steps.push({
        title: `aztm pipeline --pipeline 'Please Fail'`,
        request: {
          kind: 'pipeline',
          project: project.name,
          pipeline: { id: failing.id },
          variables: {},
          templateParameters: {},
          stagesToSkip: [],
        },
      });
    }
    const release = project.releaseDefinitions[0];
    if (release) {
      steps.push({
        title: `aztm release --release-id ${release.id}`,
        request: {
          kind: 'release',
          project: project.name,
          definition: { id: release.id },
          artifacts: [],
          variables: {},
        },
      });
    }
    for (const step of steps) {
      say();
      say(`$ ${step.title}`);
      const reporter = createReporter({
        mode: (stderr as NodeJS.WriteStream).isTTY ? 'tty' : 'plain',
        json: false,
        stdout,
        stderr,
        redactor: new Redactor(),
        color: (stderr as NodeJS.WriteStream).isTTY === true && !env.NO_COLOR,
        allowPartial: false,
      });
      try {
        await runTarget(client, step.request, {
          dryRun: false,
          noWait: false,
          follow: {
            pollIntervalMs: 250,
            timeoutMs: null,
            onTimeout: 'cancel',
            onInterrupt: 'cancel',
            showLogs: 'failed',
            approve: null,
          },
          onEvent: (event) => reporter.onEvent(event),
        });
      } finally {
        reporter.close();
      }
    }
    await runSeedFlow(context, sim.organizationUrl, sim.token.value);
    say();
    say(
      'Next: "aztm simulate" keeps this organization up for your own commands (its token is printed).',
    );
    return EXIT.succeeded;
  } finally {
    await sim.close();
  }
}

/**
 * `aztm flow run examples/seed-flow.yaml` against the demo's organization, through the flow
 * command itself. Its failure is the example's point (a failing step, its dependent skipped), so
 * the demo says so rather than failing.
 */
async function runSeedFlow(
  context: CommandContext,
  organization: string,
  pat: string,
): Promise<void> {
  const say = (line = ''): void => void context.stdout.write(`${line}\n`);
  // The seed's example, shipped in the package's examples/.
  const file = packageFile('examples/seed-flow.yaml');
  say();
  say(`$ aztm flow run ${relative(process.cwd(), file) || file}`);
  const flow = await import('./flow.ts');
  const code = await flow.run({
    ...context,
    positionals: ['run', file],
    // The demo's own organization and token only: none of the caller's aztm_* variables.
    env: {},
    values: { organization, pat, 'poll-interval': '0.25s' },
  });
  say(
    code === EXIT.failed
      ? 'The flow failed as the seed\'s example should: "please-fail" failed, so "shouldnt-be-triggered" was never triggered, while the other branch went on.'
      : `The flow ended with exit code ${code}.`,
  );
}
