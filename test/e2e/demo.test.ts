import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('aztm demo', () => {
  it('runs a pipeline, a failing pipeline and a release against the built-in simulator', async () => {
    const result = await runCli(['demo', '--speed', '600']);
    expect(result.code).toBe(0);
    const out = result.stdout;
    const err = result.stderr;
    expect(out).toMatch(
      /aztm demo: a local Azure DevOps serves the built-in scenario at http:\/\/127\.0\.0\.1:\d+\/contoso/,
    );
    // Each run's own result, on stdout, as the trigger commands print it.
    expect(out).toMatch(/^succeeded: pipeline run \d+ \(infra\\deploy-gateway\)/m);
    expect(out).toMatch(/^failed: pipeline run \d+ \(Please Fail\)/m);
    expect(out).toMatch(/^succeeded: release \d+ \(Scan Pre Prod\)/m);
    // The failing run's failure detail: its task, its issue and its log lines.
    expect(err).toMatch(/Build › Job › Run script: failed/);
    expect(err).toContain("Bash exited with code '1'.");
    // Then the seed's example flow, through `aztm flow run`, with the seed's outcome.
    expect(out).toContain('$ aztm flow run examples/seed-flow.yaml');
    const table = out.slice(out.indexOf('$ aztm flow run'));
    expect(
      [...table.matchAll(/^([a-z0-9-]+)\s+(succeeded|failed|skipped)\s+\S+\s+\S+$/gm)].map((m) => [
        m[1],
        m[2],
      ]),
    ).toEqual([
      ['scan', 'succeeded'],
      ['scan2', 'succeeded'],
      ['should-run', 'succeeded'],
      ['please-fail', 'failed'],
      ['shouldnt-be-triggered', 'skipped'],
    ]);
    expect(out).toContain("The flow failed as the seed's example should");
  });
});
