/**
 * The secret-forms table end to end (issue 15, points 4 and 6): secrets from every source (a PAT
 * in aztm_pat read from a CRLF file, SYSTEM_ACCESSTOKEN with a trailing tab, an organization's
 * own token with a trailing space, --variables, a flow file's secret variables), each of them
 * needing escaping, through a normal run, usage errors that quote another option's value, a
 * service error that quotes the build's parameters, and a run inside Azure Pipelines: no form of
 * any appears in a byte printed (stdout, stderr) or written (--trace, --summary, flow --state).
 * Usage errors run in this process (the same code as the CLI's: src/cli/command-line.ts), except
 * the flow command's, which the bundle reports from a part of its own.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { runCli } from '../helpers/cli.ts';
import { createRequests, e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { runInProcess } from '../helpers/run-in-process.ts';
import {
  formsScenario,
  JOB_TOKEN,
  revealingLines,
  scratchFile,
  SECRET_VARIABLES,
  TOKEN,
  VARIABLES_JSON,
} from '../helpers/secret-runs.ts';
import { MARK, REVEALING } from '../helpers/secret-table.ts';
import { markFileComplete, recordRow } from './reliability-table.ts';

const SECTION = 'Secrets in every form';
const EXPECTED_NONE = `no form of the token or of the ${REVEALING.length} hard secrets (as given, trimmed, JSON-escaped, URL-encoded, base64) in any byte printed or written`;

afterAll(() => markFileComplete(import.meta.url));

/**
 * The lines of `outputs` that reveal a secret (test/helpers/secret-runs.ts), recorded as a row
 * of docs/reliability.md: what ran, the exit code, and where was looked.
 */
function revealingIn(
  fault: string,
  code: number | null,
  outputs: Readonly<Record<string, string>>,
  options: { agent?: boolean } = {},
): string[] {
  const lines = revealingLines(outputs, options);
  recordRow(import.meta.url, {
    section: SECTION,
    fault,
    expected: EXPECTED_NONE,
    observed: `exit ${code}; ${lines.length} revealing lines in ${Object.keys(outputs).join(', ')}`,
  });
  return lines;
}

/** As read from a file written on Windows: the CLI sends it trimmed. */
const TOKEN_FROM_CRLF_FILE = `${TOKEN}\r`;
const P = ['pipeline', '--pipeline', 'forms'];

async function startFormsSimulator(): Promise<RunningSimulator> {
  return startE2ESimulator({ scenario: formsScenario() });
}

/**
 * Both tokens, as a job has them: aztm_pat (used) read from a CRLF file, and the job's
 * SYSTEM_ACCESSTOKEN with a trailing tab; `extra` changes or unsets (`''`) them.
 */
function secretEnv(
  sim: RunningSimulator,
  extra: Record<string, string> = {},
): Record<string, string> {
  return e2eEnv(sim, {
    aztm_pat: TOKEN_FROM_CRLF_FILE,
    SYSTEM_ACCESSTOKEN: `${JOB_TOKEN}\t`,
    ...extra,
  });
}

const readText = (path: string): string => readFileSync(path, 'utf8');

describe('a normal run: no form of the token or a secret variable in any output', () => {
  it.each([{ flags: [] }, { flags: ['--json'] }])(
    'aztm_pat from a CRLF file and --variables, with --trace ($flags)',
    async ({ flags }) => {
      const sim = await startFormsSimulator();
      const trace = scratchFile('trace.jsonl');
      const result = await runCli(
        [...P, '--variables', VARIABLES_JSON, '--trace', trace, ...flags],
        {
          env: secretEnv(sim),
        },
      );

      expect(result.code, result.stderr).toBe(1);
      // The run did print them, redacted: the failing task's log names the token.
      expect(result.stderr).toContain('login failed for *** and ***');
      expect(
        revealingIn(
          `a normal run: aztm_pat from a CRLF file, --variables, --trace ${flags.join(' ')}`.trim(),
          result.code,
          { stdout: result.stdout, stderr: result.stderr, trace: readText(trace) },
        ),
      ).toEqual([]);
      // The token went out trimmed, and the variables as they were given.
      expect(new Set(sim.state.requests.map((request) => request.identity))).toEqual(
        new Set(['forms']),
      );
      expect(createRequests(sim)[0]?.body).toMatchObject({ variables: SECRET_VARIABLES });
    },
  );
});

describe('inside Azure Pipelines (TF_BUILD)', () => {
  it('task.setsecret lines on stdout are the one place a secret is, the token given and trimmed', async () => {
    const sim = await startFormsSimulator();
    const result = await runCli([...P, '--variables', VARIABLES_JSON], {
      // The job's token, and the Azure DevOps CLI's token beside it (not used, still masked).
      env: secretEnv(sim, { TF_BUILD: 'True', aztm_pat: '', AZURE_DEVOPS_EXT_PAT: TOKEN }),
    });

    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('login failed for *** and ***');
    expect(
      revealingIn(
        'a run inside Azure Pipelines (TF_BUILD): the job token with a trailing tab, AZURE_DEVOPS_EXT_PAT beside it',
        result.code,
        { stdout: result.stdout, stderr: result.stderr },
        { agent: true },
      ),
    ).toEqual([]);
    const masked = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('##vso[task.setsecret]'));
    // Before anything else, every secret, and the token both as given and as sent.
    expect(result.stdout.startsWith(masked.join('\n'))).toBe(true);
    expect(masked).toContain(`##vso[task.setsecret]${JOB_TOKEN.replace(']', '%5D')}`);
    expect(masked).toContain(`##vso[task.setsecret]${JOB_TOKEN.replace(']', '%5D')}\t`);
    for (const entry of REVEALING) {
      expect(masked.some((line) => line.includes(MARK) && line.length > 21)).toBe(true);
      expect(masked.join('\n')).toContain(entry.secret.trim().split('\n')[0]?.slice(0, 4));
    }
    expect(new Set(sim.state.requests.map((request) => request.identity))).toEqual(
      new Set(['forms-job']),
    );
  });
});

describe("a service error that quotes the build's parameters", () => {
  it('is printed and traced with every secret redacted (exit 5, nothing queued)', async () => {
    const sim = await startFormsSimulator();
    await fetch(`${sim.rootUrl}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'echoParameters', method: 'POST', path: '_apis/build/builds$' }),
    });
    const trace = scratchFile('trace.jsonl');
    const result = await runCli(
      ['build', '--definition', 'forms-build', '--variables', VARIABLES_JSON, '--trace', trace],
      { env: secretEnv(sim) },
    );

    expect(result.code, result.stderr).toBe(5);
    // The service's message was printed, its quoted parameters redacted.
    expect(result.stderr).toMatch(/The queue-time values .*\*\*\*.* could not be applied/);
    const traced = readText(trace);
    expect(traced).toContain('could not be applied');
    expect(
      revealingIn(
        "a service error (400) that quotes the build's queue-time parameters",
        result.code,
        { stdout: result.stdout, stderr: result.stderr, trace: traced },
      ),
    ).toEqual([]);
  });
});

describe('usage errors that quote an option holding a secret', () => {
  const secret = (index: number): string => REVEALING[index]?.secret ?? '';
  const LONG_TOKEN = REVEALING.at(-1)?.secret ?? '';
  const CASES: readonly {
    readonly what: string;
    readonly args: (sim: RunningSimulator) => readonly string[];
    readonly env?: Record<string, string>;
    readonly code: number;
    /** What stderr must say: the message about the option, with the value redacted. */
    readonly says: RegExp;
  }[] = [
    {
      what: 'the token in --timeout',
      args: () => [...P, '--timeout', TOKEN],
      code: 2,
      says: /--timeout must be a duration .*; got "\*\*\*"/,
    },
    {
      what: 'the token in --run-id',
      args: () => ['watch', '--run-id', TOKEN],
      code: 2,
      says: /--run-id must be a positive whole number; got "\*\*\*"/,
    },
    {
      what: 'a 130-character token in --poll-interval, cut short in the message',
      args: () => [...P, '--poll-interval', LONG_TOKEN],
      env: { aztm_pat: LONG_TOKEN },
      code: 2,
      says: /--poll-interval must be a duration .*; got "\*\*\*\.\.\."/,
    },
    {
      what: 'the token in --pipeline (no such pipeline)',
      args: () => ['pipeline', '--pipeline', TOKEN],
      code: 2,
      says: /--pipeline "\*\*\*" matches no pipeline/,
    },
    {
      what: "the token in the organization URL's query",
      args: (sim) => [...P, '--organization', `${sim.organizationUrl}?token=${TOKEN}`],
      code: 2,
      says: /must not have a query or fragment/,
    },
    {
      what: 'a secret variable with a tab in --timeout',
      args: () => [...P, '--variables', VARIABLES_JSON, '--timeout', secret(11)],
      code: 2,
      says: /--timeout must be a duration .*; got "\*\*\*"/,
    },
    {
      what: 'a secret variable with ##[ in broken --template-parameters',
      args: () => [...P, '--variables', VARIABLES_JSON, '--template-parameters', secret(7)],
      code: 2,
      says: /--template-parameters is not valid JSON .*: \*\*\*/,
    },
    {
      what: 'the token given twice, differently',
      args: () => [...P, '--pat', TOKEN, '--pat', `${TOKEN}-other`],
      code: 2,
      says: /--pat is given twice, with two different values/,
    },
    {
      what: 'aztm_pat and AZTM_PAT disagreeing',
      args: () => P,
      env: { AZTM_PAT: `${TOKEN}-other` },
      code: 2,
      says: /^aztm: (aztm_pat and AZTM_PAT|AZTM_PAT and aztm_pat) disagree \(two different values\)/,
    },
  ];

  it.each(CASES)('$what', async ({ what, args, env, code, says }) => {
    const sim = await startFormsSimulator();
    const result = await runInProcess(args(sim), secretEnv(sim, env));

    expect(result.code, result.stderr).toBe(code);
    expect(result.stderr).toMatch(says);
    expect(
      revealingIn(`a usage error: ${what}`, result.code, {
        stdout: result.stdout,
        stderr: result.stderr,
      }),
    ).toEqual([]);
    expect(createRequests(sim)).toEqual([]);
  });

  it('the flow command too (a part of the bundle of its own): the token in --timeout', async () => {
    const sim = await startFormsSimulator();
    const file = scratchFile('flow.yaml');
    writeFileSync(file, 'project: DevOps\nsteps:\n  - id: a\n    pipeline: { pipelineId: 43 }\n');
    const result = await runCli(['flow', 'run', file, '--timeout', TOKEN], {
      env: secretEnv(sim),
    });

    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/--timeout must be a duration .*; got "\*\*\*"/);
    expect(
      revealingIn('a usage error of the flow command: the token in --timeout', result.code, {
        stdout: result.stdout,
        stderr: result.stderr,
      }),
    ).toEqual([]);
  });
});

describe('a flow run', () => {
  it("an organization's own token and the flow file's secret variables: not in stdout, stderr, --trace, --summary or --state", async () => {
    const sim = await startFormsSimulator();
    const file = scratchFile('flow.yaml');
    const [trace, summary, state] = ['trace.jsonl', 'summary.md', 'state.json'].map(scratchFile);
    writeFileSync(
      file,
      `organization: ${sim.organizationUrl}
project: DevOps
steps:
  - id: forms
    pipeline: { pipeline: forms, variables: ${JSON.stringify(SECRET_VARIABLES)} }
`,
    );
    const result = await runCli(
      [
        'flow',
        'run',
        file,
        '--trace',
        trace ?? '',
        '--summary',
        summary ?? '',
        '--state',
        state ?? '',
      ],
      // Its own token, with a trailing space; no command token.
      { env: secretEnv(sim, { aztm_pat: '', aztm_pat_contoso: `${TOKEN} ` }) },
    );

    expect(result.code, result.stderr).toBe(1);
    const outputs = {
      stdout: result.stdout,
      stderr: result.stderr,
      trace: readText(trace ?? ''),
      summary: readText(summary ?? ''),
      state: readText(state ?? ''),
    };
    expect(outputs.summary).toContain('***');
    expect(
      revealingIn(
        "a flow run: an organization's own token with a trailing space, the flow file's secret variables; --trace, --summary, --state",
        result.code,
        outputs,
      ),
    ).toEqual([]);
    expect(createRequests(sim)[0]?.body).toMatchObject({ variables: SECRET_VARIABLES });
  });
});
