/**
 * Every option of every command, from the CLI's own option table (a new option is covered
 * without touching this file), given a fixed list of hostile values: aztm must end with an exit
 * code of the contract (0..5), never a stack trace, and never hang. Commands that talk to Azure
 * DevOps run in this process against the simulator; `simulate` and `demo`, which serve until
 * stopped, run as the built CLI and are stopped once they serve.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, type CommandDefinition } from '../../src/cli/commands.ts';
import { environmentName, type OptionSpec } from '../../src/cli/options.ts';
import { ScaledClock } from '../../src/simulator/clock.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { CLI } from '../helpers/cli.ts';
import { runInProcess, type InProcessResult } from '../helpers/run-in-process.ts';

/** A case that takes longer than this has hung. */
const CASE_LIMIT_MS = 10_000;

// Relative paths (`../../etc/passwd`, a file named `-1`) land in a scratch folder: options that
// write (--trace, --output, --state) must not touch this machine's files.
const scratch = mkdtempSync(join(tmpdir(), 'aztm-fuzz-'));
const cwd = join(scratch, 'a', 'b');
const folder = join(scratch, 'folder');
const flowFile = join(scratch, 'flow.yaml');

/** The hostile values, fixed so that a failure is reproduced by running the test again. */
const HOSTILE: readonly { readonly name: string; readonly value: string }[] = [
  { name: 'empty', value: '' },
  { name: '100k characters', value: 'x'.repeat(100_000) },
  { name: 'deep JSON', value: `${'{"a":['.repeat(3000)}${']}'.repeat(3000)}` },
  { name: 'a NUL byte', value: 'a\u0000b' },
  { name: 'not Latin-1', value: 'tökén✓😀' },
  { name: '-1', value: '-1' },
  { name: '1e309', value: '1e309' },
  { name: 'path traversal', value: '../../etc/passwd' },
  { name: 'a directory', value: folder },
];

/** Arguments with which each command runs to a quick end once its options are read. */
const BASE: Readonly<Record<string, readonly (readonly string[])[]>> = {
  pipeline: [['pipeline', '--pipeline-id', '42', '--dry-run']],
  build: [['build', '--definition-id', '8', '--dry-run']],
  release: [['release', '--release-id', '13', '--dry-run']],
  // No such run: a 404 (exit 5) once everything is read.
  watch: [['watch', '--run-id', '999999']],
  flow: [
    ['flow', 'run', flowFile],
    ['flow', 'export', flowFile, '--to', 'mermaid'],
  ],
  simulate: [['simulate']],
  demo: [['demo']],
};

/** Commands that serve until stopped: run as a process, stopped once they serve. */
const SERVERS = new Set(['simulate', 'demo']);

let sim: RunningSimulator;
let env: Record<string, string>;
const startDir = process.cwd();

beforeAll(async () => {
  mkdirSync(cwd, { recursive: true });
  mkdirSync(folder);
  mkdirSync(join(scratch, 'etc'));
  writeFileSync(join(scratch, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  // A step that does not resolve: `flow run` stops with exit 5 after reading every option.
  writeFileSync(
    flowFile,
    'project: DevOps\nsteps:\n  - id: a\n    pipeline: { pipelineId: 999999 }\n',
  );
  process.chdir(cwd);
  const scenario = defaultScenario();
  sim = await startSimulator({
    scenario,
    clock: new ScaledClock(600, Date.now, scenario.startTime),
  });
  env = {
    // Only node on the PATH: no `az` for --auth auto to sign in with.
    PATH: dirname(process.execPath),
    NO_COLOR: '1',
    aztm_organization: sim.organizationUrl,
    aztm_project: 'DevOps',
    aztm_pat: sim.token.value,
    aztm_poll_interval: '0.1s',
  };
});

afterAll(async () => {
  process.chdir(startDir);
  await sim.close();
  rmSync(scratch, { recursive: true, force: true });
});

interface Outcome extends InProcessResult {
  /** The run did not end within CASE_LIMIT_MS. */
  readonly hung: boolean;
}

/**
 * A valid organization name is a real organization on dev.azure.com: no test reaches the
 * internet, so such a value is left out (the organization parser has its own tests).
 */
function reachesOutside(option: OptionSpec, value: string): boolean {
  return option.name === 'organization' && /^[A-Za-z0-9][A-Za-z0-9-]{0,48}$/.test(value);
}

/** The arguments and environment that give `option` the hostile `value`. */
function withValue(
  base: readonly string[],
  option: OptionSpec,
  value: string,
): { args: string[]; env: Record<string, string> } | undefined {
  if (option.type === 'string') return { args: [...base, `--${option.name}`, value], env };
  // A switch takes no value on the command line: its variable does.
  if (option.fromEnvironment === false) return undefined;
  return { args: [...base], env: { ...env, [environmentName(option)]: value } };
}

async function inProcess(args: string[], caseEnv: Record<string, string>): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<Outcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ code: -1, stdout: '', stderr: '', hung: true }),
      CASE_LIMIT_MS,
    );
  });
  try {
    return await Promise.race([
      runInProcess(args, caseEnv).then((result) => ({ ...result, hung: false })),
      limit,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The built CLI, stopped with SIGTERM once it prints that it serves (the value was taken) and
 * killed when it neither serves nor ends within CASE_LIMIT_MS.
 */
function asProcess(args: string[], caseEnv: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: caseEnv, cwd });
    let stdout = '';
    let stderr = '';
    let hung = false;
    const killer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, CASE_LIMIT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/organization URL|"organizationUrl"/.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code: code ?? -1, stdout, stderr, hung });
    });
    child.stdin.end();
  });
}

/** What is wrong with an outcome, or nothing. */
function problemsOf(outcome: Outcome): string[] {
  const problems: string[] = [];
  if (outcome.hung) problems.push(`did not end within ${CASE_LIMIT_MS / 1000}s`);
  else if (!(outcome.code >= 0 && outcome.code <= 5)) problems.push(`exit ${outcome.code}`);
  if (/\n\s+at /.test(outcome.stderr) || outcome.stderr.includes('unexpected error')) {
    problems.push(`a stack trace: ${outcome.stderr.slice(0, 600)}`);
  }
  return problems;
}

const optionCases = COMMANDS.flatMap((command: CommandDefinition) =>
  command.options.map((option) => ({
    name: `${command.name} --${option.name}`,
    command: command.name,
    option,
  })),
);

describe('every option of every command, given hostile values', () => {
  it('covers every command of the option table', () => {
    expect(Object.keys(BASE).sort()).toEqual(COMMANDS.map((command) => command.name).sort());
  });

  it.each(optionCases)('$name', async ({ command, option }) => {
    expect(process.cwd()).toBe(cwd);
    const failures: string[] = [];
    for (const base of BASE[command] ?? []) {
      for (const hostile of HOSTILE) {
        if (reachesOutside(option, hostile.value)) continue;
        const server = SERVERS.has(command);
        // A process cannot be given a NUL byte, in an argument or a variable.
        if (server && hostile.value.includes('\0')) continue;
        const given = withValue(base, option, hostile.value);
        if (!given) continue;
        const outcome = server
          ? await asProcess(given.args, given.env)
          : await inProcess(given.args, given.env);
        for (const problem of problemsOf(outcome)) {
          failures.push(`${base.slice(0, 2).join(' ')} with ${hostile.name}: ${problem}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

/**
 * Ambiguous input (issue 15, point 5), for every option of the option table: given twice with
 * different values, or from two spellings of its variable that disagree, it is refused before
 * the command starts (exit 2, one line naming both); a token-like option's values are never shown.
 */
describe('every option of every command, given twice with different values', () => {
  const twice = (option: OptionSpec): { args: string[]; says: string } =>
    option.type === 'boolean'
      ? { args: [], says: '' }
      : {
          args: [`--${option.name}`, 'first-value', `--${option.name}`, 'second-value'],
          says: option.secret
            ? `--${option.name} is given twice, with two different values`
            : `--${option.name} is given twice: first-value and second-value`,
        };

  it.each(optionCases.filter(({ option }) => option.type === 'string'))(
    '$name on the command line',
    async ({ command, option }) => {
      const { args, says } = twice(option);
      const outcome = await inProcess([command, ...args], env);

      expect(outcome.code, outcome.stderr).toBe(2);
      expect(outcome.stderr).toBe(`aztm: ${says}; give it once\n`);
    },
  );

  it.each(optionCases.filter(({ option }) => option.fromEnvironment !== false))(
    '$name from two spellings of its variable',
    async ({ command, option }) => {
      const lower = environmentName(option);
      const [first, second] = option.type === 'boolean' ? ['true', 'false'] : ['one', 'two'];
      const outcome = await inProcess([command], {
        ...env,
        [lower]: first,
        [lower.toUpperCase()]: second,
      });

      expect(outcome.code, outcome.stderr).toBe(2);
      expect(outcome.stderr).toBe(
        option.secret
          ? `aztm: ${lower} and ${lower.toUpperCase()} disagree (two different values): set only one of them\n`
          : `aztm: ${lower}=${first} and ${lower.toUpperCase()}=${second} disagree: set only one of them\n`,
      );
    },
  );
});
