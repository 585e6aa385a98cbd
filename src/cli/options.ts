import { parseArgs } from 'node:util';
import { UsageError } from '../errors.ts';
import { controlsShown } from '../report/safe-text.ts';
import type { OptionValues } from '../inputs/values.ts';

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
  /** Its environment variables, when not only environmentName's (src/inputs/table.ts). */
  readonly environment?: readonly string[];
  /** The value is, or may hold, a secret (a token, secret variables): never shown in a message. */
  readonly secret?: boolean;
}

/** The environment variable for an option: `aztm_` + the name with `-` turned into `_`. */
export function environmentName(option: OptionSpec): string {
  return option.environment?.[0] ?? `aztm_${option.name.replace(/-/g, '_')}`;
}

/**
 * Reads flags and `aztm_*` variables into one set of values: a flag wins over a variable, a
 * variable's name matches in any letter case (Azure Pipelines upper-cases them), and an empty
 * variable counts as unset (docs/design/cli-contract.md, "Options and environment variables").
 * Input that says two things is refused: a flag given twice with different values, or two spellings
 * of a variable (`aztm_x`, `AZTM_X`) with different values; the same value twice is fine.
 */
export function readOptions(
  specs: readonly OptionSpec[],
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): {
  values: OptionValues;
  positionals: readonly string[];
  /**
   * The option whose separate value (`--description Nightly`) comes right before the first
   * positional word: a value with spaces the shell split, when the command takes no words.
   */
  beforeWords: { readonly name: string; readonly value: string } | undefined;
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
      tokens: true,
    });
  } catch (error) {
    throw usageFromParseArgs(error, specs);
  }
  const flags = readFlags(specs, parsed.tokens ?? []);
  const values: Record<string, string | boolean | undefined> = {};
  for (const spec of specs) {
    const fromFlag = flags.get(spec.name);
    if (fromFlag !== undefined) {
      values[spec.name] = fromFlag;
      continue;
    }
    if (spec.fromEnvironment === false) continue;
    const fromEnv = readVariable(spec, env);
    if (fromEnv !== undefined) values[spec.name] = fromEnv;
  }
  const tokens = parsed.tokens ?? [];
  const first = tokens.findIndex((token) => token.kind === 'positional');
  const before = first > 0 ? tokens[first - 1] : undefined;
  const beforeWords =
    before?.kind === 'option' && before.value !== undefined && before.inlineValue === false
      ? { name: before.name, value: before.value }
      : undefined;
  return {
    values,
    positionals: parsed.positionals,
    beforeWords,
    fromFlags: new Set(flags.keys()),
  };
}

/** Each flag's value; a flag given twice must say the same both times. */
function readFlags(
  specs: readonly OptionSpec[],
  tokens: NonNullable<ReturnType<typeof parseArgs>['tokens']>,
): Map<string, string | boolean> {
  const flags = new Map<string, string | boolean>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const value = token.value ?? true;
    const earlier = flags.get(token.name);
    if (earlier !== undefined && !sameValue(earlier, value)) {
      const spec = specs.find((candidate) => candidate.name === token.name);
      const flag = `--${token.name}`;
      throw new UsageError(
        flag,
        spec?.secret
          ? `${flag} is given twice, with two different values; give it once`
          : `${flag} is given twice: ${shown(earlier)} and ${shown(value)}; give it once`,
      );
    }
    flags.set(token.name, value);
  }
  return flags;
}

/**
 * An option's variable in whichever letter case it is set; two spellings set to different
 * values are refused, as the one used would depend on the order of the environment.
 */
function readVariable(
  spec: OptionSpec,
  env: Readonly<Record<string, string | undefined>>,
): string | boolean | undefined {
  const wanted = new Set(
    (spec.environment ?? [environmentName(spec)]).map((name) => name.toLowerCase()),
  );
  const found: { name: string; raw: string; value: string | boolean }[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined || raw === '' || !wanted.has(name.toLowerCase())) continue;
    const value = spec.type === 'boolean' ? readBoolean(name, raw) : raw;
    const other = found.find((earlier) => !sameValue(earlier.value, value));
    if (other) {
      throw new UsageError(
        other.name,
        spec.secret
          ? `${other.name} and ${name} disagree (two different values): set only one of them`
          : `${other.name}=${shown(other.raw)} and ${name}=${shown(raw)} disagree: set only one of them`,
      );
    }
    found.push({ name, raw, value });
  }
  return found[0]?.value;
}

/** Two values of one input say the same: equal once trimmed (as the readers take them). */
function sameValue(a: string | boolean, b: string | boolean): boolean {
  return typeof a === 'string' && typeof b === 'string' ? a.trim() === b.trim() : a === b;
}

/** A value in a message about it: as it is when plain, quoted otherwise, long ones cut. */
function shown(value: string | boolean): string {
  const text = controlsShown(String(value));
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return /^[^\s"]+$/.test(short) ? short : JSON.stringify(short);
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
