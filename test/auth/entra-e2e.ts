import type { RunningSimulator } from '../../src/simulator/index.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import type { Scenario, TokenSpec } from '../../src/simulator/scenario/model.ts';
import type { CliResult } from '../helpers/cli.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';

/**
 * The built-in scenario, whose organization also accepts `tokens` as Entra ID bearer tokens of a
 * service principal with the admin's access (expired from the start when `expired`).
 */
export function scenarioAccepting(tokens: readonly string[], expired = false): Scenario {
  const scenario = defaultScenario();
  const admin = scenario.tokens[0] as TokenSpec;
  const entra = tokens.map((value, index): TokenSpec => ({
    ...admin,
    name: `entra-${index}`,
    kind: 'bearer',
    value,
    user: 'deploy-bot (service principal)',
    userId: 'deploy-bot@contoso',
    expiresAt: expired ? scenario.startTime - 1 : null,
  }));
  return { ...scenario, tokens: [...scenario.tokens, ...entra] };
}

export function startEntraSimulator(tokens: readonly string[], expired = false) {
  return startE2ESimulator({ scenario: scenarioAccepting(tokens, expired) });
}

/** The CLI's environment against `sim` without any token: only the Entra ID settings in `extra`. */
export function entraEnv(
  sim: RunningSimulator,
  extra: Record<string, string>,
): Record<string, string> {
  const env = e2eEnv(sim, extra);
  delete env.aztm_pat;
  return env;
}

/** The identities the simulator saw requests from. */
export function identitiesSeen(sim: RunningSimulator): string[] {
  return [...new Set(sim.state.requests.map((entry) => entry.identity ?? '(none)'))];
}

/** Fails with the CLI's output when `text` (a token, a secret) appears in it. */
export function printed(result: CliResult, text: string): boolean {
  return result.stdout.includes(text) || result.stderr.includes(text);
}
