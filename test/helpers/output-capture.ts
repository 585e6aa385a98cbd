/**
 * Every byte the built CLI prints in the end-to-end and fault tests is kept, with the secrets
 * that run was given, so that one check after all tests (test/global-setup.ts) can prove no token
 * and no secret variable value was ever printed (issue: "A test greps every byte..."). Every
 * `--trace` file a run wrote is kept and checked the same way.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CAPTURE_DIR = fileURLToPath(new URL('../../.test-output/cli-runs/', import.meta.url));

interface CapturedRun {
  readonly args: readonly string[];
  readonly secrets: readonly string[];
  readonly stdout: string;
  readonly stderr: string;
  /** The `--trace` files the run wrote, by path. */
  readonly traces?: Readonly<Record<string, string>>;
}

/** The secrets a CLI run was given: tokens and the values of variables marked secret. */
export function secretsOf(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const secrets = new Set<string>();
  const lowerEnv = new Map(Object.entries(env).map(([key, value]) => [key.toLowerCase(), value]));
  for (const name of [
    'aztm_pat',
    'aztm_token',
    'system_accesstoken',
    'azure_client_secret',
    'identity_header',
  ]) {
    const value = lowerEnv.get(name);
    if (value) secrets.add(value);
  }
  const variables: string[] = [];
  const fromEnv = lowerEnv.get('aztm_variables');
  if (fromEnv) variables.push(fromEnv);
  args.forEach((arg, index) => {
    const next = args[index + 1];
    if ((arg === '--pat' || arg === '--token') && next) secrets.add(next);
    if (arg === '--variables' && next) variables.push(next);
  });
  for (const text of variables) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed !== 'object' || parsed === null) continue;
      for (const value of Object.values(parsed as Record<string, unknown>)) {
        const variable = value as { value?: unknown; isSecret?: unknown } | null;
        if (variable?.isSecret === true && typeof variable.value === 'string' && variable.value) {
          secrets.add(variable.value);
        }
      }
    } catch {
      // Malformed on purpose in the bad-input tests; those check their own output.
    }
  }
  // Too short to mean anything on its own (and the CLI does not mask them either).
  return [...secrets].filter((secret) => secret.length >= 4);
}

/** Keeps one run's output. `aztm simulate` prints its own demo token on purpose: not kept. */
export function captureCliRun(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  stdout: string,
  stderr: string,
): void {
  if (args[0] === 'simulate') return;
  const trace = tracePathOf(args, env);
  // A run refused for its --trace path wrote none (the path may even be a folder).
  const wrote =
    trace !== undefined && statSync(trace, { throwIfNoEntry: false })?.isFile() === true;
  const traces = wrote ? { [trace]: readFileSync(trace, 'utf8') } : {};
  keep({ args: [...args], secrets: secretsOf(args, env), stdout, stderr, traces });
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
    traces: { [file]: readFileSync(file, 'utf8') },
  });
}

function keep(run: CapturedRun): void {
  mkdirSync(CAPTURE_DIR, { recursive: true });
  writeFileSync(join(CAPTURE_DIR, `${randomUUID()}.json`), JSON.stringify(run));
}

/** The file `--trace FILE` (or `aztm_trace`, any letter case) names; the flag wins. */
function tracePathOf(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  let path = Object.entries(env).find(([key]) => key.toLowerCase() === 'aztm_trace')?.[1];
  args.forEach((arg, index) => {
    if (arg === '--trace') path = args[index + 1];
    else if (arg.startsWith('--trace=')) path = arg.slice('--trace='.length);
  });
  return path ? resolve(path) : undefined;
}

export function clearCapturedRuns(): void {
  rmSync(CAPTURE_DIR, { recursive: true, force: true });
}

/**
 * Every place a captured run printed (or wrote to its trace) one of its secrets, outside the one
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
      ...Object.entries(run.traces ?? {}).map(([path, text]) => [`trace ${path}`, text] as const),
    ];
    for (const [where, text] of outputs) {
      bytes += text.length;
      const lines = text.split('\n').filter((line) => !line.startsWith('##vso[task.setsecret]'));
      for (const secret of run.secrets) {
        const forms = [
          secret,
          Buffer.from(`:${secret}`).toString('base64'),
          Buffer.from(secret).toString('base64'),
          encodeURIComponent(secret),
          JSON.stringify(secret).slice(1, -1),
        ];
        if (lines.some((line) => forms.some((form) => line.includes(form)))) {
          problems.push(
            `aztm ${run.args.join(' ')}: a secret of ${secret.length} characters on ${where}`,
          );
        }
      }
    }
  }
  return { problems, runs, bytes };
}
