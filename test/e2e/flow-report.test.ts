import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli-wait.ts';
import { createRequests, e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { printed, withLeakyPipeline } from '../helpers/e2e-runs.ts';
import { runAztm } from '../helpers/run-in-process.ts';

const SEED_FLOW = fileURLToPath(new URL('../../examples/seed-flow.yaml', import.meta.url));

/** The seed flow's known outcome (examples/seed-flow.yaml against the built-in scenario). */
const SEED_RESULTS = [
  ['scan', 'succeeded'],
  ['scan2', 'succeeded'],
  ['should-run', 'succeeded'],
  ['please-fail', 'failed'],
  ['shouldnt-be-triggered', 'skipped'],
] as const;

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'aztm-flow-report-'));
}

/** `[step id, result]` of each row of the report's steps table. */
function tableResults(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split(' | ');
      return [cells[0]?.replace(/^\| `|`$/g, '') ?? '', cells[2] ?? ''];
    });
}

/** Node id to class, from the report's Mermaid `class a,b result` lines. */
function nodeClasses(markdown: string): Record<string, string> {
  const classes: Record<string, string> = {};
  for (const line of markdown.split('\n')) {
    const match = /^ {2}class (\S+) (\w+)$/.exec(line);
    for (const node of match?.[1]?.split(',') ?? []) classes[node] = match?.[2] ?? '';
  }
  return classes;
}

describe('aztm flow run: what it shows', () => {
  it('the plain log narrates each step and names the failing task and its error line', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['flow', 'run', SEED_FLOW], { env: e2eEnv(sim) });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^\d\d:\d\d:\d\d step please-fail: starting$/m);
    expect(result.stderr).toMatch(/^\d\d:\d\d:\d\d step scan › stage Scan: succeeded in \S+/m);
    expect(result.stderr).toMatch(/^\d\d:\d\d:\d\d step please-fail › stage Build: failed/m);
    // The failure detail, before the step's end: the failing task, its issue and its log.
    const detail = result.stderr.indexOf('step please-fail › Build › Job › Run script: failed\n');
    const end = result.stderr.search(/step please-fail: failed \(/);
    expect(detail).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(detail);
    expect(result.stderr.slice(detail, end)).toMatch(/^ +- Bash exited with code '1'\.$/m);
    expect(result.stderr.slice(detail, end)).toMatch(/^ +exit\(1\)$/m);
    // No logging commands outside Azure Pipelines.
    expect(printed(result)).not.toMatch(/##vso\[|##\[group\]/);
  });

  it('--progress live: the live view, redrawn in place, then the failure detail and the table', async () => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['flow', 'run', SEED_FLOW, '--progress', 'live'], {
      env: e2eEnv(sim),
    });

    expect(result.code).toBe(1);
    const esc = '\u001b';
    expect(result.stderr.startsWith(`${esc}[?25l`)).toBe(true);
    // The first frame is drawn at once: the first step starting, the others waiting.
    expect(result.stderr).toMatch(
      /flow seed-flow\.yaml · 1 starting, 4 waiting · \S+\n {2}◌ scan +starting +\S+\n {2}○ scan2 +waiting\n/,
    );
    expect(result.stderr).toContain(`${esc}[0J`);
    // The cursor comes back; the detail and the ends are kept in the scrollback.
    expect(result.stderr).toContain(`${esc}[?25h`);
    expect(result.stderr).toContain('step please-fail › Build › Job › Run script: failed\n');
    expect(result.stderr).toMatch(/step shouldnt-be-triggered: skipped/);
    expect(result.stdout).toMatch(/^please-fail +failed +\S+ +http\S+$/m);
  });

  it('--summary FILE writes the Markdown report with every step’s result and the graph', async () => {
    const sim = await startE2ESimulator();
    const dir = freshDir();
    const file = join(dir, 'report.md');
    const result = await runAztm(['flow', 'run', SEED_FLOW, '--summary', file], {
      env: e2eEnv(sim),
    });

    expect(result.code).toBe(1);
    const markdown = readFileSync(file, 'utf8');
    expect(markdown.split('\n')[0]).toBe('# aztm flow seed-flow.yaml: failed');
    expect(tableResults(markdown)).toEqual(SEED_RESULTS.map(([id, res]) => [id, res]));
    expect(markdown).toMatch(
      /^\| `please-fail` \| please-fail \| failed \| \S+ \| \[pipeline run \d+\]\(http\S+buildId=\d+\) \|$/m,
    );
    expect(markdown).toContain("- Bash exited with code '1'.");
    expect(nodeClasses(markdown)).toEqual({
      scan: 'succeeded',
      scan2: 'succeeded',
      should_run: 'succeeded',
      please_fail: 'failed',
      shouldnt_be_triggered: 'skipped',
    });
    expect(markdown).toContain('```mermaid\ngraph TD\n');
    // Written whole: no temporary file left beside it, and nothing about it in the output.
    expect(readdirSync(dir)).toEqual(['report.md']);
    expect(printed(result)).not.toContain('uploadsummary');
  });

  it('inside Azure Pipelines: masks first, logs the failing step as an error, uploads the summary', async () => {
    const sim = await startE2ESimulator();
    const dir = freshDir();
    const result = await runAztm(['flow', 'run', SEED_FLOW, '--json'], {
      env: e2eEnv(sim, { TF_BUILD: 'True', aztm_summary: join(dir, 'summary.md') }),
    });

    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`##vso[task.setsecret]${sim.token.value}`);
    expect(lines).toContain(
      "##vso[task.logissue type=error]step please-fail › Build › Job › Run script failed: Bash exited with code '1'.",
    );
    expect(lines.filter((line) => line.startsWith('##vso[task.logissue type=error]'))).toHaveLength(
      1,
    );
    expect(lines).toContain('##vso[task.setvariable variable=result;isOutput=true]failed');
    expect(lines).toContain(`##vso[task.uploadsummary]${join(dir, 'summary.md')}`);
    // The task's progress: the share of steps ended, in order.
    expect(lines.filter((line) => line.startsWith('##vso[task.setprogress'))).toEqual(
      [1, 2, 3, 4, 5].map(
        (done) => `##vso[task.setprogress value=${done * 20};]${done} of 5 steps done`,
      ),
    );
    // The flow object stays the last line of stdout, after every command.
    const json = JSON.parse(lines.at(-2) ?? '') as { kind: string; result: string };
    expect(json).toMatchObject({ kind: 'flow', result: 'failed' });
    expect(lines.at(-1)).toBe('');
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('::: mermaid\ngraph TD\n');
    // The failure detail folds into a group of the log.
    const group = result.stderr.slice(
      result.stderr.indexOf('##[group]step please-fail › Build › Job › Run script: failed\n'),
    );
    expect(group.slice(0, group.indexOf('##[endgroup]'))).toContain("- Bash exited with code '1'.");
    expect(result.stdout.split(sim.token.value)).toHaveLength(2);
  });

  it('inside Azure Pipelines: a tolerated failure is a warning and the flow succeeds with issues', async () => {
    const sim = await startE2ESimulator();
    const flow = join(freshDir(), 'tolerated.yaml');
    writeFileSync(
      flow,
      [
        'project: DevOps',
        'steps:',
        "  - { id: should-run, pipeline: { pipeline: 'Should Run' } }",
        "  - { id: please-fail, pipeline: { pipeline: 'Please Fail' }, continueOnError: true }",
        '',
      ].join('\n'),
    );
    const result = await runAztm(['flow', 'run', flow], { env: e2eEnv(sim, { TF_BUILD: 'True' }) });

    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toContain(
      "##vso[task.logissue type=warning]step please-fail › Build › Job › Run script failed: Bash exited with code '1'.",
    );
    expect(lines.some((line) => line.startsWith('##vso[task.logissue type=error]'))).toBe(false);
    expect(lines).toContain('##vso[task.setvariable variable=result;isOutput=true]succeeded');
    expect(lines).toContain(
      '##vso[task.complete result=SucceededWithIssues;]flow succeeded with issues',
    );
  });

  it('a report that could not be written is refused before the flow starts (exit 2), not lost after it', async () => {
    const sim = await startE2ESimulator();
    const file = join(freshDir(), 'no-such-dir', 'report.md');
    const result = await runAztm(['flow', 'run', SEED_FLOW, '--summary', file], {
      env: e2eEnv(sim),
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`aztm: --summary ${file}: its folder `);
    expect(createRequests(sim)).toEqual([]);
  });

  it('an interrupted flow still writes its report, with the steps it stopped', async () => {
    const sim = await startE2ESimulator();
    const dir = freshDir();
    const flow = join(dir, 'approval.yaml');
    writeFileSync(
      flow,
      [
        'project: DevOps',
        'steps:',
        '  - { id: production, pipeline: { pipelineId: 46 } }',
        '  - { id: after, dependsOn: production, pipeline: { pipelineId: 43 } }',
        '',
      ].join('\n'),
    );
    const file = join(dir, 'interrupted.md');
    const cli = spawnCli(['flow', 'run', flow, '--summary', file], { env: e2eEnv(sim) });
    await cli.waitFor('stderr', /step production › stage Production: waiting for approval/);
    cli.child.kill('SIGINT');
    const result = await cli.exited;

    expect(result.code).toBe(3);
    const markdown = readFileSync(file, 'utf8');
    expect(markdown.split('\n')[0]).toBe('# aztm flow approval.yaml: canceled');
    expect(tableResults(markdown)).toEqual([
      ['production', 'canceled'],
      ['after', 'not run'],
    ]);
    expect(nodeClasses(markdown)).toEqual({ production: 'canceled', after: 'notRun' });
  });

  it('inside Azure Pipelines: a step waiting for an approval is a warning with who and where', async () => {
    const sim = await startE2ESimulator();
    const flow = join(freshDir(), 'approval.yaml');
    writeFileSync(
      flow,
      [
        'project: DevOps',
        'steps:',
        '  - { id: production, pipeline: { pipelineId: 46 } }',
        '',
      ].join('\n'),
    );
    const cli = spawnCli(['flow', 'run', flow], { env: e2eEnv(sim, { TF_BUILD: 'True' }) });
    await cli.waitFor(
      'stdout',
      /^##vso\[task\.logissue type=warning\]step production › stage Production is waiting for approval by Release Managers \("Check the staging dashboards before approving\."\): http\S+$/m,
    );
    cli.child.kill('SIGINT');
    const result = await cli.exited;

    expect(result.code).toBe(3);
    expect(result.stdout.match(/type=warning\]step production › stage Production/g)).toHaveLength(
      1,
    );
    expect(result.stdout).toContain('##vso[task.logissue type=error]step production canceled');
    expect(result.stdout).toContain(
      '##vso[task.setvariable variable=result;isOutput=true]canceled',
    );
  });

  it('the report is redacted like the output: a secret in a failing log never reaches it', async () => {
    const secret = 'pa55-w0rd-of-the-flow';
    const scenario = withLeakyPipeline(`using ${secret}`);
    const sim = await startE2ESimulator({ scenario });
    const dir = freshDir();
    const flow = join(dir, 'leaky.yaml');
    writeFileSync(
      flow,
      [
        'project: DevOps',
        'steps:',
        '  - id: leaky',
        '    pipeline:',
        '      pipelineId: 62',
        `      variables: { password: { value: "${secret}", isSecret: true } }`,
        '',
      ].join('\n'),
    );
    const file = join(dir, 'leaky.md');
    const result = await runAztm(['flow', 'run', flow, '--summary', file], { env: e2eEnv(sim) });

    expect(result.code).toBe(1);
    const markdown = readFileSync(file, 'utf8');
    expect(markdown).toContain('using ***');
    expect(markdown).not.toContain(secret);
    expect(printed(result)).not.toContain(secret);
    expect(result.stderr).toMatch(/^ +using \*\*\*$/m);
  });
});
