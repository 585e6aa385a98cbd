import { parseArgs } from 'node:util';
import { UsageError } from '../errors.ts';

/** One command-line option, which can also come from the `aztm_*` environment variable. */
export interface OptionSpec {
  /** Kebab-case flag name without dashes, e.g. `pipeline-id`. */
  readonly name: string;
  readonly type: 'string' | 'boolean';
  /** Placeholder for the value in help, e.g. `N` or `FILE`. */
  readonly valueName?: string;
  readonly description: string;
  /** Whether the option may come from the environment (true unless said otherwise). */
  readonly fromEnvironment?: boolean;
}

export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/** The environment variable for an option: `aztm_` + the name with `-` turned into `_`. */
export function environmentName(option: OptionSpec): string {
  return `aztm_${option.name.replace(/-/g, '_')}`;
}

/**
 * Reads flags and `aztm_*` variables into one set of values: a flag wins over a variable, a
 * variable's name matches in any letter case (Azure Pipelines upper-cases them), and an empty
 * variable counts as unset (cli-contract.md, "Options and environment variables").
 */
export function readOptions(
  specs: readonly OptionSpec[],
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): {
  values: OptionValues;
  positionals: readonly string[];
  /** Options given as flags on the command line (the rest came from the environment). */
  fromFlags: ReadonlySet<string>;
} {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      options: Object.fromEntries(specs.map((spec) => [spec.name, { type: spec.type }])),
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw usageFromParseArgs(error, specs);
  }
  const values: Record<string, string | boolean | undefined> = {};
  const fromFlags = new Set<string>();
  const lowerEnv = new Map<string, string>();
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') lowerEnv.set(key.toLowerCase(), value);
  }
  for (const spec of specs) {
    const fromFlag = parsed.values[spec.name];
    if (fromFlag !== undefined) {
      values[spec.name] = Array.isArray(fromFlag) ? fromFlag.at(-1) : fromFlag;
      fromFlags.add(spec.name);
      continue;
    }
    if (spec.fromEnvironment === false) continue;
    const variable = environmentName(spec);
    const fromEnv = lowerEnv.get(variable.toLowerCase());
    if (fromEnv === undefined) continue;
    values[spec.name] = spec.type === 'boolean' ? readBoolean(variable, fromEnv) : fromEnv;
  }
  return { values, positionals: parsed.positionals, fromFlags };
}

function readBoolean(variable: string, value: string): boolean {
  const lower = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return true;
  if (['false', '0', 'no', 'off'].includes(lower)) return false;
  throw new UsageError(variable, `${variable} must be true or false, got "${value}"`);
}

function usageFromParseArgs(error: unknown, specs: readonly OptionSpec[]): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown?.[1]) {
    const flag = unknown[1];
    const close = closestOption(flag.replace(/^-+/, ''), specs);
    return new UsageError(
      flag,
      `unknown option ${flag}${close ? `; did you mean --${close}?` : ''} (see --help)`,
    );
  }
  const missing = /Option '(--[\w-]+)[^']*' argument missing/.exec(message);
  if (missing?.[1]) return new UsageError(missing[1], `${missing[1]} needs a value`);
  const notBoolean = /Option '(--[\w-]+)' does not take an argument/.exec(message);
  if (notBoolean?.[1]) return new UsageError(notBoolean[1], `${notBoolean[1]} takes no value`);
  return new UsageError('command line', message);
}

/** The option name nearest to a mistyped one, when it is close enough to be a typo. */
function closestOption(name: string, specs: readonly OptionSpec[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const spec of specs) {
    const distance = editDistance(name, spec.name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: spec.name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + cost);
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}
