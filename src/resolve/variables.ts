/**
 * Which variables may be set when queueing or releasing, checked before anything is triggered so
 * the user hears which variable and why, in words, rather than the service's generic refusal.
 */
import type { VariableValue } from '../target.ts';
import { UsageError } from '../errors.ts';

interface DefinedVariable {
  readonly allowOverride?: boolean;
}

type Defined = Readonly<Record<string, DefinedVariable>> | undefined;

/** Always settable at queue time, though no definition lists it (§1.1). */
const ALWAYS_SETTABLE = new Set(['system.debug']);

interface VariableRules {
  /** The input, e.g. `--variables`. */
  readonly input: string;
  /** What the variables belong to, e.g. `build definition "Regression\nightly"`. */
  readonly owner: string;
  /** `queue` (builds, pipelines) or `release` time: how the setting is called in the UI. */
  readonly time: 'queue' | 'release';
  /**
   * Whether a name the definition does not list is refused. YAML pipelines also declare
   * variables in their YAML, which the API does not show: for them only the listed ones that are
   * not settable are refused, and the rest is left to the service.
   */
  readonly refuseUnknown: boolean;
}

/**
 * Checks the variables to send against the definition's.
 * @throws UsageError naming the input and every variable that cannot be set.
 */
export function checkVariables(
  sent: Readonly<Record<string, VariableValue>>,
  defined: Defined,
  rules: VariableRules,
): void {
  const byLowerName = new Map(
    Object.entries(defined ?? {}).map(([name, variable]) => [name.toLowerCase(), variable]),
  );
  const unknown: string[] = [];
  const locked: string[] = [];
  for (const name of Object.keys(sent)) {
    if (rules.time === 'queue' && ALWAYS_SETTABLE.has(name.toLowerCase())) continue;
    const variable = byLowerName.get(name.toLowerCase());
    if (!variable) {
      if (rules.refuseUnknown) unknown.push(name);
    } else if (variable.allowOverride !== true) {
      locked.push(name);
    }
  }
  if (unknown.length === 0 && locked.length === 0) return;
  const setting = `Settable at ${rules.time} time`;
  const problems: string[] = [];
  if (unknown.length > 0) {
    const where = rules.time === 'release' ? ' at release scope' : '';
    problems.push(
      `${listNames(unknown)} ${unknown.length === 1 ? 'is' : 'are'} not defined${where} in ${rules.owner}, and new variables cannot be added when ${rules.time === 'release' ? 'creating a release' : 'queueing'}`,
    );
  }
  if (locked.length > 0) {
    problems.push(
      `${listNames(locked)} ${locked.length === 1 ? 'is' : 'are'} not "${setting}" in ${rules.owner}`,
    );
  }
  const settable = Object.entries(defined ?? {})
    .filter(([, variable]) => variable.allowOverride === true)
    .map(([name]) => name);
  const hint =
    settable.length > 0
      ? `variables that can be set: ${settable.join(', ')}`
      : `it has no variable marked "${setting}"`;
  throw new UsageError(rules.input, `${rules.input}: ${problems.join('; ')} (${hint})`);
}

function listNames(names: readonly string[]): string {
  const quoted = names.map((name) => `"${name}"`).join(', ');
  return names.length === 1 ? `variable ${quoted}` : `variables ${quoted}`;
}
