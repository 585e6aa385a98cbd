/**
 * Every byte the built CLI prints in the end-to-end and fault tests is kept, with the secrets
 * that run was given, so that one check after all tests (test/global-setup.ts) can prove no token
 * and no secret variable value was ever printed (issue: "A test greps every byte..."). Every
 * file a run wrote (`--trace`, `--summary`, flow `--state`) is kept and checked the same way.
 * The check does not use aztm's own list of secret forms (src/secret-forms.ts): it undoes what
 * printing can do to text and looks for the secret itself (test/helpers/secret-views.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { needlesOf, viewsOf } from './secret-views.ts';

export const CAPTURE_DIR = fileURLToPath(new URL('../../.test-output/cli-runs/', import.meta.url));

interface CapturedRun {
  readonly args: readonly string[];
  readonly secrets: readonly string[];
  readonly stdout: string;
  readonly stderr: string;
  /** The files the run wrote (`--trace`, `--summary`, `--state`), by what and path. */
  readonly files?: Readonly<Record<string, string>>;
}

/** Variables (any letter case) holding a token or password: `aztm_pat_<ORG>` too. */
const SECRET_VARIABLES =
  /^(aztm_(pat|token)(_.+)?|system_accesstoken|azure_devops_ext_pat|azure_client_secret|azure_client_certificate_password|identity_header)$/i;

/**
 * The secrets a CLI run was given: tokens, and the values of variables marked secret in
 * `--variables` (or aztm_variables) and in the flow file it runs.
 */
export function secretsOf(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const secrets = new Set<string>();
  const variables: unknown[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_VARIABLES.test(name)) secrets.add(value);
    if (/^aztm_variables$/i.test(name)) variables.push(parseJson(value));
  }
  args.forEach((arg, index) => {
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg];
    const value = inline ?? args[index + 1];
    if (!value) return;
    if (flag === '--pat' || flag === '--token') secrets.add(value);
    if (flag === '--variables') variables.push(parseJson(value));
  });
  if (args[0] === 'flow' && args[1] === 'run' && args[2]) variables.push(flowFileOf(args[2]));
  for (const found of variables) for (const value of secretValues(found)) secrets.add(value);
  // Too short to mean anything on its own (and the CLI does not mask them either).
  return [...secrets].filter((secret) => secret.trim().length >= 4);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Malformed on purpose in the bad-input tests; those check their own output.
    return undefined;
  }
}

function flowFileOf(path: string): unknown {
  // Only a regular file: the bad-input tests give a FIFO, which would block the read for ever.
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats?.isFile() || stats.size > 1024 * 1024) return undefined;
  try {
    return parseYaml(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Every `{"value": ..., "isSecret": true}` in `found`, down to `depth` levels (the bad-input
 * tests give JSON nested 20,000 deep, which the CLI refuses unread).
 */
function secretValues(found: unknown, depth = 40): string[] {
  if (depth === 0 || typeof found !== 'object' || found === null) return [];
  if (Array.isArray(found)) return found.flatMap((item) => secretValues(item, depth - 1));
  const record = found as Record<string, unknown>;
  const own =
    record.isSecret === true && ['string', 'number'].includes(typeof record.value)
      ? [String(record.value)]
      : [];
  return [...own, ...Object.values(record).flatMap((item) => secretValues(item, depth - 1))];
}

/** Keeps one run's output. `aztm simulate` prints its own demo token on purpose: not kept. */
export function captureCliRun(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  stdout: string,
  stderr: string,
): void {
  if (args[0] === 'simulate') return;
  const files: Record<string, string> = {};
  for (const option of ['trace', 'summary', 'state']) {
    const path = pathOf(option, args, env);
    // A run refused for its path wrote none (the path may even be a folder, or below a file).
    if (path !== undefined && isFile(path)) {
      files[`--${option} ${path}`] = readFileSync(path, 'utf8');
    }
  }
  keep({ args: [...args], secrets: secretsOf(args, env), stdout, stderr, files });
}

/**
 * Keeps a trace file written in-process (a test of the trace writer), to be checked for
 * `secrets` with the CLI's output.
 */
export function captureTraceFile(label: string, file: string, secrets: readonly string[]): void {
  keep({
    args: [label],
    secrets,
    stdout: '',
    stderr: '',
    files: { [`--trace ${file}`]: readFileSync(file, 'utf8') },
  });
}

function keep(run: CapturedRun): void {
  mkdirSync(CAPTURE_DIR, { recursive: true });
  writeFileSync(join(CAPTURE_DIR, `${randomUUID()}.json`), JSON.stringify(run));
}

/** The file `--OPTION FILE` (or `aztm_OPTION`, any letter case) names; the flag wins. */
function pathOf(
  option: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  let path = Object.entries(env).find(([key]) => key.toLowerCase() === `aztm_${option}`)?.[1];
  args.forEach((arg, index) => {
    if (arg === `--${option}`) path = args[index + 1];
    else if (arg.startsWith(`--${option}=`)) path = arg.slice(`--${option}=`.length);
  });
  return path ? resolve(path) : undefined;
}

export function clearCapturedRuns(): void {
  rmSync(CAPTURE_DIR, { recursive: true, force: true });
}

/**
 * Every place a captured run printed (or wrote to a file) one of its secrets, outside the one
 * line where the agent is told to mask it (`##vso[task.setsecret]`). Also the number of runs and
 * bytes scanned.
 */
export function findPrintedSecrets(): { problems: string[]; runs: number; bytes: number } {
  const problems: string[] = [];
  let runs = 0;
  let bytes = 0;
  let files: string[] = [];
  try {
    files = readdirSync(CAPTURE_DIR);
  } catch {
    return { problems, runs, bytes };
  }
  for (const file of files) {
    const run = JSON.parse(readFileSync(join(CAPTURE_DIR, file), 'utf8')) as CapturedRun;
    runs += 1;
    const outputs: (readonly [string, string])[] = [
      ['stdout', run.stdout],
      ['stderr', run.stderr],
      ...Object.entries(run.files ?? {}),
    ];
    const needles = run.secrets.map((secret) => ({ secret, needles: needlesOf(secret) }));
    for (const [where, text] of outputs) {
      bytes += text.length;
      for (const line of text.split('\n')) {
        if (line.startsWith('##vso[task.setsecret]')) continue;
        const views = viewsOf(line);
        for (const { secret, needles: forms } of needles) {
          if (forms.some((needle) => views.some((view) => view.includes(needle)))) {
            problems.push(
              `aztm ${run.args.join(' ').slice(0, 200)}: a secret of ${secret.length} characters on ${where}`,
            );
          }
        }
      }
    }
  }
  return { problems: [...new Set(problems)], runs, bytes };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
