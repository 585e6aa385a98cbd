/**
 * Bounded inputs (issue "Interrupted at any moment…", part 3): hostile values that used to end
 * in a stack trace, hang, or be retried as network faults are refused as bad input, exit 2, with
 * one line naming the input and what was expected, before anything is sent. Ambiguous inputs
 * (issue 15, point 5) likewise.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { runAztm } from '../helpers/run-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'aztm-bad-inputs-'));
const fifo = join(dir, 'fifo');
const big = join(dir, 'big.pem');
const flow = join(dir, 'flow.yaml');
const longTimeoutFlow = join(dir, 'long-timeout.yaml');
const caPem = fileURLToPath(new URL('../fixtures/tls/ca.pem', import.meta.url));
const caLink = join(dir, 'ca-link.pem');

beforeAll(() => {
  execFileSync('mkfifo', [fifo]);
  // Sparse: 11 MB on paper, nothing on disk.
  writeFileSync(big, '');
  truncateSync(big, 11 * 1024 * 1024);
  writeFileSync(flow, 'project: DevOps\nsteps:\n  - id: a\n    pipeline: { pipelineId: 42 }\n');
  writeFileSync(
    longTimeoutFlow,
    'project: DevOps\nsteps:\n  - id: a\n    timeout: 99999999999999h\n    pipeline: { pipelineId: 42 }\n',
  );
  symlinkSync(caPem, caLink);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `{"a":{"a":…}}`, 5000 levels: far past the limit, within one argument's 128 KiB. */
const DEEP_OBJECT = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
const DEEP_ARRAY = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
const P = ['pipeline', '--pipeline-id', '42'];

interface Case {
  readonly what: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  /** What stderr must say: the input's name and what was expected. */
  readonly says: readonly string[];
}

const CASES: readonly Case[] = [
  // JSON nesting, in every JSON option and from the environment.
  {
    what: 'a deeply nested --template-parameters',
    args: [...P, '--template-parameters', DEEP_OBJECT],
    says: ['--template-parameters nests arrays or objects deeper than 32 levels'],
  },
  {
    what: 'a deeply nested aztm_variables',
    args: P,
    env: { aztm_variables: DEEP_ARRAY },
    says: ['--variables nests arrays or objects deeper than 32 levels'],
  },
  {
    what: 'a deeply nested --artifacts',
    args: ['release', '--release-id', '13', '--artifacts', DEEP_OBJECT],
    says: ['--artifacts nests arrays or objects deeper than 32 levels'],
  },
  {
    what: 'a deeply nested --stages-to-skip array',
    args: [...P, '--stages-to-skip', DEEP_ARRAY],
    says: ['--stages-to-skip nests arrays or objects deeper than 32 levels'],
  },
  // Files that are not regular files, or too large, or missing.
  {
    what: '--ca-file /dev/zero',
    args: [...P, '--ca-file', '/dev/zero'],
    says: ['--ca-file: cannot read /dev/zero: it is a character device', '10 MB', 'PEM'],
  },
  {
    what: '--ca-file a FIFO',
    args: [...P, '--ca-file', fifo],
    says: ['--ca-file', 'a FIFO (named pipe), not a regular file of at most 10 MB'],
  },
  {
    what: '--ca-file a directory',
    args: [...P, '--ca-file', dir],
    says: ['--ca-file', 'it is a directory'],
  },
  {
    what: '--ca-file a missing file',
    args: [...P, '--ca-file', join(dir, 'missing.pem')],
    says: ['--ca-file', 'it does not exist; expected a PEM file of certificate authorities'],
  },
  {
    what: '--ca-file a file over 10 MB',
    args: [...P, '--ca-file', big],
    says: ['--ca-file', 'it is larger than 10 MB'],
  },
  {
    what: 'a flow file that is a FIFO (flow run)',
    args: ['flow', 'run', fifo],
    says: [`${fifo}:1:1: cannot read the flow file: it is a FIFO`],
  },
  {
    what: 'a flow file that is /dev/zero (flow validate)',
    args: ['flow', 'validate', '/dev/zero'],
    says: ['/dev/zero:1:1: cannot read the flow file: it is a character device'],
  },
  {
    what: 'a flow file that is a directory (flow plan)',
    args: ['flow', 'plan', dir],
    says: ['cannot read the flow file: it is a directory'],
  },
  {
    what: 'a flow file over 10 MB (flow export)',
    args: ['flow', 'export', big, '--to', 'mermaid'],
    says: ['cannot read the flow file: it is larger than 10 MB'],
  },
  {
    what: 'a --state that is a FIFO',
    args: ['flow', 'run', flow, '--state', fifo],
    says: ['--state: cannot read', 'a FIFO (named pipe)', 'flow state file'],
  },
  {
    what: 'a --state that is /dev/zero',
    args: ['flow', 'run', flow, '--state', '/dev/zero'],
    says: ['--state: cannot read /dev/zero: it is a character device'],
  },
  {
    what: 'an --output that is a directory',
    args: ['flow', 'export', flow, '--to', 'mermaid', '--output', dir],
    says: ['--output: cannot write', 'EISDIR'],
  },
  {
    what: 'simulate --scenario /dev/zero',
    args: ['simulate', '--scenario', '/dev/zero'],
    says: ['/dev/zero:1:1: cannot read the scenario file: it is a character device'],
  },
  {
    what: 'simulate --scenario a FIFO',
    args: ['simulate', '--scenario', fifo],
    says: ['cannot read the scenario file: it is a FIFO'],
  },
  {
    what: 'simulate --replay a FIFO',
    args: ['simulate', '--replay', fifo],
    says: ['--replay: cannot read', 'a FIFO'],
  },
  {
    what: 'simulate --tls-cert /dev/zero',
    args: ['simulate', '--tls-cert', '/dev/zero', '--tls-key', '/dev/zero'],
    says: ['--tls-cert: cannot read /dev/zero: it is a character device'],
  },
  // Durations beyond their maximum.
  {
    what: 'an absurd --timeout',
    args: [...P, '--timeout', '99999999999999999999h'],
    says: ['--timeout must be at most 720h (30 days); got "99999999999999999999h"'],
  },
  {
    what: 'an absurd aztm_timeout in seconds',
    args: P,
    env: { aztm_timeout: '9'.repeat(400) },
    says: ['--timeout must be at most 720h (30 days)'],
  },
  {
    what: 'a --poll-interval over an hour',
    args: [...P, '--poll-interval', '2h'],
    says: ['--poll-interval must be at most 1h; got "2h"'],
  },
  {
    what: "a flow step's absurd timeout",
    args: ['flow', 'validate', longTimeoutFlow],
    says: ['steps[0].timeout must be at most 720h (30 days)'],
  },
  // Tokens an HTTP header cannot carry.
  {
    what: 'a --pat that is not Latin-1',
    args: [...P, '--pat', 'tökén✓'],
    says: ['--pat (or aztm_pat) holds a character that cannot be sent in an HTTP header'],
  },
  {
    what: 'an aztm_pat that is an emoji',
    args: P,
    env: { aztm_pat: '😀' },
    says: ['--pat (or aztm_pat) holds a character that cannot be sent in an HTTP header'],
  },
  {
    what: 'an aztm_token with a control character',
    args: P,
    env: { aztm_token: 'abc\u0007def' },
    says: ['--token (or aztm_token) holds a character that cannot be sent in an HTTP header'],
  },
  {
    what: 'a SYSTEM_ACCESSTOKEN that is not Latin-1',
    args: P,
    env: { aztm_pat: '', SYSTEM_ACCESSTOKEN: 'jöb✓token' },
    says: ['SYSTEM_ACCESSTOKEN holds a character that cannot be sent in an HTTP header'],
  },
  {
    what: 'an organization token of a flow that is not Latin-1',
    args: ['flow', 'plan', flow],
    env: { aztm_pat: '', aztm_pat_contoso: 'tökén✓' },
    says: ['aztm_pat_contoso holds a character that cannot be sent in an HTTP header'],
  },
  // Files an Entra ID sign-in reads.
  {
    what: 'an AZURE_CLIENT_CERTIFICATE_PATH that is /dev/zero',
    args: [...P, '--auth', 'service-principal'],
    env: {
      aztm_pat: '',
      AZURE_TENANT_ID: 'tenant',
      AZURE_CLIENT_ID: 'client',
      AZURE_CLIENT_CERTIFICATE_PATH: '/dev/zero',
    },
    says: ['AZURE_CLIENT_CERTIFICATE_PATH: cannot read /dev/zero: it is a character device'],
  },
  {
    what: 'an AZURE_FEDERATED_TOKEN_FILE that is a FIFO',
    args: [...P, '--auth', 'workload-identity'],
    env: {
      aztm_pat: '',
      AZURE_TENANT_ID: 'tenant',
      AZURE_CLIENT_ID: 'client',
      AZURE_FEDERATED_TOKEN_FILE: fifo,
    },
    says: ['AZURE_FEDERATED_TOKEN_FILE: cannot read', 'a FIFO'],
  },
];

/**
 * Ambiguous input (issue 15, point 5): an option given twice with different values, or two
 * spellings of its variable that disagree, would run whichever came last or first: refused,
 * naming both, and never showing a token's value.
 */
const AMBIGUOUS: readonly Case[] = [
  {
    what: '--pipeline-id given twice',
    args: ['pipeline', '--pipeline-id', '43', '--pipeline-id', '44'],
    says: ['--pipeline-id is given twice: 43 and 44; give it once'],
  },
  {
    what: '--pipeline-id=43 and --pipeline-id 44',
    args: ['pipeline', '--pipeline-id=43', '--pipeline-id', '44'],
    says: ['--pipeline-id is given twice: 43 and 44'],
  },
  {
    what: 'a --branch given twice, with spaces in one',
    args: ['pipeline', '--pipeline-id', '42', '--branch', 'main', '--branch', 'release 1'],
    says: ['--branch is given twice: main and "release 1"'],
  },
  {
    what: 'aztm_pipeline_id and AZTM_PIPELINE_ID disagreeing',
    args: ['pipeline'],
    env: { aztm_pipeline_id: '43', AZTM_PIPELINE_ID: '44' },
    says: ['aztm_pipeline_id=43 and AZTM_PIPELINE_ID=44 disagree'],
  },
  {
    what: 'three spellings of aztm_timeout, two disagreeing',
    args: P,
    env: { aztm_timeout: '5m', Aztm_Timeout: '5m', AZTM_TIMEOUT: '6m' },
    says: ['and AZTM_TIMEOUT=6m disagree', '=5m'],
  },
  {
    what: 'two spellings of a switch, true and false',
    args: P,
    env: { aztm_dry_run: 'true', AZTM_DRY_RUN: 'false' },
    says: ['aztm_dry_run=true and AZTM_DRY_RUN=false disagree'],
  },
  {
    what: '--pat given twice (its values never shown)',
    args: [...P, '--pat', 'first-token-value', '--pat', 'second-token-value'],
    says: ['--pat is given twice, with two different values; give it once'],
  },
  {
    what: 'aztm_token and AZTM_TOKEN disagreeing (their values never shown)',
    args: P,
    env: { aztm_token: 'first-token-value', AZTM_TOKEN: 'second-token-value' },
    says: ['aztm_token and AZTM_TOKEN disagree (two different values)'],
  },
  {
    what: '--variables given twice (they may hold secrets: never shown)',
    args: [...P, '--variables', '{"a":"1"}', '--variables', '{"a":"2"}'],
    says: ['--variables is given twice, with two different values'],
  },
  {
    what: "an organization's own token in two spellings that disagree (flow)",
    args: ['flow', 'plan', flow],
    env: { aztm_pat_contoso: 'first-token-value', AZTM_PAT_CONTOSO: 'second-token-value' },
    says: ['aztm_pat_contoso and AZTM_PAT_CONTOSO disagree (two different values)'],
  },
];

describe('ambiguous inputs: refused, naming both, before anything is sent', () => {
  it.each(AMBIGUOUS)('refuses $what (exit 2)', async ({ args, env, says }) => {
    const sim = await startE2ESimulator();
    const result = await runCli(args, { env: e2eEnv(sim, env), killAfterMs: 15_000 });

    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^aztm: /);
    for (const words of says) expect(result.stderr).toContain(words);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/first-token|second-token|"a":/);
    expect(sim.state.requests).toEqual([]);
  });

  it.each([
    { what: 'the same --pipeline-id twice', args: [...P, '--pipeline-id', '42'], env: {} },
    {
      what: 'aztm_pat and AZTM_PAT with the same token, one read from a CRLF file',
      args: P,
      env: { AZTM_PAT: 'SAME' },
    },
    { what: 'a switch given twice', args: [...P, '--dry-run'], env: {} },
  ])('takes $what', async ({ args, env }) => {
    const sim = await startE2ESimulator();
    const same = Object.fromEntries(
      Object.entries(env).map(([name]) => [name, `${sim.token.value}\r`]),
    );
    const result = await runAztm([...args, '--dry-run'], { env: e2eEnv(sim, same) });

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Dry run: nothing was triggered.');
  });
});

describe('hostile inputs: refused as bad input, never a hang or a stack trace', () => {
  it.each(CASES)('refuses $what (exit 2)', async ({ args, env, says }) => {
    const sim = await startE2ESimulator();
    const result = await runCli(args, { env: e2eEnv(sim, env), killAfterMs: 15_000 });

    expect(result.signal, 'killed: the CLI did not end').toBeNull();
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^aztm: /);
    for (const words of says) expect(result.stderr).toContain(words);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain('unexpected error');
    // Nothing was sent: not a create, not even a read.
    expect(sim.state.requests).toEqual([]);
  });

  it('never prints a token it refuses', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(P, { env: e2eEnv(sim, { aztm_pat: 'secret-tökén✓' }) });

    expect(result.code).toBe(2);
    expect(`${result.stdout}${result.stderr}`).not.toContain('secret');
  });

  it('reads a --ca-file that is a symbolic link to a PEM file', async () => {
    const sim = await startE2ESimulator();
    const result = await runCli([...P, '--ca-file', caLink, '--dry-run'], {
      env: e2eEnv(sim),
      killAfterMs: 15_000,
    });

    expect(result.code, result.stderr).toBe(0);
  });

  it('takes a --timeout of exactly 30 days and a --poll-interval of exactly 1h', async () => {
    const sim = await startE2ESimulator();
    const result = await runCli([...P, '--timeout', '720h', '--poll-interval', '1h', '--dry-run'], {
      env: e2eEnv(sim),
      killAfterMs: 15_000,
    });

    expect(result.code, result.stderr).toBe(0);
  });
});
