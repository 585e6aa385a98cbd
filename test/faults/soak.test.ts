/**
 * The soak: 50 follows at once, each a separate aztm process, while a fifth of the simulator's
 * answers are faults (5xx, 429 with Retry-After, connection resets), for as long as the runs and
 * releases last in simulated time. Every result must be the run's own, no run may be created
 * twice, and no secret may appear in any output (checked after all tests by the output capture).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../src/simulator/clock.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { runCli } from '../helpers/cli.ts';
import { e2eEnv } from '../helpers/e2e.ts';
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
      // Creates: only faults after which the server certainly did not act (429/503 + Retry-After).
      fault({
        kind: 'serverError',
        status: 503,
        retryAfter: 1,
        method: 'POST',
        probability: 0.2,
        count: 'unlimited',
      }),
    ];
    const scenario = { ...defaultScenario(), faults };
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
        plans.map((plan) =>
          runCli([...plan.args, '--poll-interval', '1s'], {
            env: e2eEnv(sim, { aztm_poll_interval: '1s' }),
          }),
        ),
      );
      const wrong = results
        .map((result, index) => ({ result, plan: plans[index] }))
        .filter(({ result, plan }) => result.code !== plan?.exit);
      const faultsHit = sim.state.requests.filter((entry) => entry.fault !== null).length;
      const share = faultsHit / sim.state.requests.length;
      const runsExpected = plans.filter((plan) => plan.kind === 'run').length;
      const releasesExpected = plans.filter((plan) => plan.kind === 'release').length;
      recordRow(import.meta.url, {
        section: 'Soak',
        fault: `${FOLLOWS} concurrent aztm processes; 20 % of reads answered 503, 429 or reset; 20 % of creates 503 with Retry-After`,
        expected:
          "every exit code the run's own result; exactly one run or release per process; no secret printed",
        observed: `${FOLLOWS - wrong.length} of ${FOLLOWS} exit codes right; ${sim.state.builds.size} runs for ${runsExpected} processes, ${sim.state.releases.size} releases for ${releasesExpected}; faults on about ${Math.round(share * 10) * 10} % of requests`,
      });
      expect(
        wrong.map(
          ({ plan, result }) =>
            `${plan?.args.join(' ')} → ${String(result.code)}: ${result.stderr.slice(-400)}`,
        ),
      ).toEqual([]);
      expect(sim.state.builds.size).toBe(runsExpected);
      expect(sim.state.releases.size).toBe(releasesExpected);
      expect(share).toBeGreaterThan(0.1);
      for (const result of results) expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await sim.close();
    }
  }, 240_000);
});
