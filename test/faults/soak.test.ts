/**
 * The soak: 50 follows at once, each a separate aztm process and each a job of its own (its own
 * queue-time variable `job`) though all sign in as one identity, as the jobs of a project do
 * with `$(System.AccessToken)`, while a fifth of the simulator's answers are faults (5xx, 429 with
 * Retry-After, connection resets), for as long as the runs and releases last in simulated time.
 * Every process must end by the result of its own run, or, when its create's answer was lost
 * and other jobs' runs of the pipeline were new meanwhile, exit 5 naming them (issue 15: never
 * another job's run); no run may be created twice or followed by two processes, and no secret
 * may appear in any output (checked after all tests by the output capture).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../src/simulator/clock.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import type { Scenario } from '../../src/simulator/scenario/model.ts';
import { runCli } from '../helpers/cli.ts';
import { e2eEnv } from '../helpers/e2e.ts';
import { triggeredId } from '../helpers/e2e-runs.ts';
import { fault } from './fault-run.ts';
import { markFileComplete, recordRow } from './reliability-table.ts';

afterAll(() => markFileComplete(import.meta.url));

const FOLLOWS = 50;
/** What each process runs, and the exit code its run's true result gives. */
const MIX = [
  { args: ['pipeline', '--pipeline-id', '42'], exit: 0, kind: 'run' },
  { args: ['pipeline', '--pipeline-id', '44'], exit: 1, kind: 'run' },
  { args: ['pipeline', '--pipeline-id', '48'], exit: 1, kind: 'run' },
  { args: ['build', '--definition-id', '7'], exit: 0, kind: 'run' },
  { args: ['release', '--release-id', '13'], exit: 0, kind: 'release' },
] as const;

describe('soak', () => {
  it(`${FOLLOWS} concurrent follows under 20 % injected faults end with every result right and no run twice`, async () => {
    const faults = [
      // Reads: 5xx, 429 and resets, a fifth of them in all.
      fault({
        kind: 'serverError',
        status: 503,
        method: 'GET',
        probability: 0.08,
        count: 'unlimited',
      }),
      fault({
        kind: 'throttle',
        retryAfter: 1,
        method: 'GET',
        probability: 0.06,
        count: 'unlimited',
      }),
      fault({ kind: 'resetBeforeHandling', method: 'GET', probability: 0.06, count: 'unlimited' }),
      // Creates: a 503 with Retry-After before the service acted, or a gateway's 502 after it
      // did; aztm cannot tell the two apart.
      fault({
        kind: 'serverError',
        status: 503,
        retryAfter: 1,
        method: 'POST',
        probability: 0.1,
        count: 'unlimited',
      }),
      fault({
        kind: 'answerAfterCommit',
        status: 502,
        method: 'POST',
        probability: 0.1,
        count: 'unlimited',
      }),
    ];
    const scenario = { ...withJobVariable(defaultScenario()), faults };
    // 10x: the runs and releases last minutes of simulated time, about ten seconds of real time.
    const sim = await startSimulator({
      scenario,
      clock: new ScaledClock(10, Date.now, scenario.startTime),
    });
    try {
      const plans = Array.from(
        { length: FOLLOWS },
        (_, index) => MIX[index % MIX.length] ?? MIX[0],
      );
      const results = await Promise.all(
        plans.map((plan, index) =>
          runCli([...plan.args, ...jobOf(plan, index), '--poll-interval', '1s'], {
            env: e2eEnv(sim, { aztm_poll_interval: '1s' }),
          }),
        ),
      );
      const runs = [...sim.state.builds.values()];
      const wrong = results
        .map((result, index) => ({ result, plan: plans[index], index }))
        .filter(({ result, plan, index }) => {
          if (plan?.kind === 'release') return result.code !== plan.exit;
          const own = runs.filter((run) => run.variables.job?.value === String(index));
          // Lost, and other jobs' runs new meanwhile: exit 5 naming them, and no run of its own.
          if (result.code === 5) {
            return (
              own.length > 0 || !/could (each )?be it|none shown with what/.test(result.stderr)
            );
          }
          // Else the result of its own run, the only one carrying its job.
          return (
            result.code !== plan?.exit ||
            own.length !== 1 ||
            triggeredId(result.stderr) !== own[0]?.id
          );
        });
      const faultsHit = sim.state.requests.filter((entry) => entry.fault !== null).length;
      const share = faultsHit / sim.state.requests.length;
      const releasesExpected = plans.filter((plan) => plan.kind === 'release').length;
      const followed = results.flatMap((result) =>
        /triggered (pipeline run|build) \d+/.test(result.stderr)
          ? [triggeredId(result.stderr)]
          : [],
      );
      recordRow(import.meta.url, {
        section: 'Soak',
        fault: `${FOLLOWS} concurrent aztm processes, each its own job of one identity; 20 % of reads answered 503, 429 or reset; 10 % of creates 503 with Retry-After (nothing done), 10 % a gateway's 502 after the run was queued`,
        expected:
          "every process ends by its own run's result, or, after a lost create with other jobs' runs new meanwhile, exits 5 naming them; never another job's run; at most one run per job, exactly one release per release process; no secret printed",
        observed: `${FOLLOWS - wrong.length} of ${FOLLOWS} processes ended so; ${new Set(followed).size === followed.length ? 'no run followed twice' : 'a run followed twice'}; ${sim.state.releases.size} releases for ${releasesExpected}; faults on about ${Math.round(share * 10) * 10} % of requests`,
      });
      expect(
        wrong.map(
          ({ plan, result }) =>
            `${plan?.args.join(' ')} → ${String(result.code)}: ${result.stderr.slice(-400)}`,
        ),
      ).toEqual([]);
      expect(new Set(followed).size).toBe(followed.length);
      expect(sim.state.releases.size).toBe(releasesExpected);
      expect(share).toBeGreaterThan(0.1);
      for (const result of results) {
        expect(result.stderr).not.toMatch(/\n\s+at /);
        expect(result.stderr).not.toMatch(/nothing was triggered/);
      }
    } finally {
      await sim.close();
    }
  }, 240_000);
});

/** `--variables {"job": "N"}` for a run or build: what tells one job's run from another's. */
function jobOf(plan: (typeof MIX)[number], index: number): string[] {
  return plan.kind === 'run' ? ['--variables', JSON.stringify({ job: String(index) })] : [];
}

/** Every pipeline and build of the scenario takes a queue-time variable `job`. */
function withJobVariable(scenario: Scenario): Scenario {
  const job = { value: '', isSecret: false, allowOverride: true };
  return {
    ...scenario,
    projects: scenario.projects.map((project) => ({
      ...project,
      pipelines: project.pipelines.map((spec) => ({
        ...spec,
        variables: { ...spec.variables, job },
      })),
      buildDefinitions: project.buildDefinitions.map((spec) => ({
        ...spec,
        variables: { ...spec.variables, job },
      })),
    })),
  };
}
