/**
 * One CLI run against a simulator with faults injected, and what the fault suite observes of it:
 * exit code, result line, runs created, the create and read requests, and the lost/back notices.
 */
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { parseFaultSpec } from '../../src/simulator/scenario/faults.ts';
import type { FaultSpec } from '../../src/simulator/scenario/model.ts';
import { runCli, type CliResult } from '../helpers/cli.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';

export function fault(input: Record<string, unknown>): FaultSpec {
  const parsed = parseFaultSpec(input);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

export interface FaultRun {
  readonly sim: RunningSimulator;
  readonly result: CliResult;
  readonly runsCreated: number;
  readonly releasesCreated: number;
  readonly createPosts: number;
  /** Requests that got an injected fault, by kind. */
  readonly injected: Readonly<Record<string, number>>;
  readonly lostNotices: number;
  readonly backNotices: number;
}

/** Runs `aztm <args>` against the built-in scenario with `faults` injected from the start. */
export async function runWithFaults(
  args: readonly string[],
  faults: readonly FaultSpec[],
  extraEnv: Record<string, string> = {},
): Promise<FaultRun> {
  const sim = await startE2ESimulator({ scenario: { ...defaultScenario(), faults } });
  const result = await runCli(args, { env: e2eEnv(sim, extraEnv) });
  const injected: Record<string, number> = {};
  for (const entry of sim.state.requests) {
    if (entry.fault) injected[entry.fault] = (injected[entry.fault] ?? 0) + 1;
  }
  return {
    sim,
    result,
    runsCreated: sim.state.builds.size,
    releasesCreated: sim.state.releases.size,
    createPosts: sim.state.requests.filter(
      (entry) =>
        entry.method === 'POST' &&
        /\/_apis\/(pipelines\/\d+\/runs|build\/builds|release\/releases)(\?|$)/i.test(entry.url),
    ).length,
    injected,
    lostNotices: (result.stderr.match(/lost contact/gi) ?? []).length,
    backNotices: (result.stderr.match(/back in contact/gi) ?? []).length,
  };
}

/** A short, stable description of what was observed, for docs/reliability.md. */
export function describeObserved(run: FaultRun, extra: readonly string[] = []): string {
  // The kinds hit, not how often: how many polls a run takes varies with the machine's speed.
  const injected = Object.keys(run.injected).sort().join(', ');
  const created =
    run.releasesCreated > 0 ? `${run.releasesCreated} release` : `${run.runsCreated} run`;
  return [
    `exit ${String(run.result.code)}`,
    `${created} created`,
    injected ? `faults hit: ${injected}` : 'no fault hit',
    ...extra,
  ].join('; ');
}
