import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('aztm demo', () => {
  it('serves the built-in scenario and shows runs and a release followed to their end', async () => {
    const result = await runCli(['demo', '--speed', '600']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(
      /aztm demo: a local Azure DevOps serves the built-in scenario at http:\/\/127\.0\.0\.1:\d+\/contoso/,
    );
    expect(out).toMatch(/GET {2}DevOps\/_apis\/pipelines -> \d+ pipelines/);
    // deploy-gateway succeeds, Please Fail fails: the demo tells each run's own result.
    expect(out).toMatch(/run \d+ of "deploy-gateway"[\s\S]*?result: succeeded/);
    expect(out).toMatch(/run \d+ of "Please Fail"[\s\S]*?result: failed/);
    expect(out).toMatch(/Release-1 of "Scan Pre Prod"[\s\S]*?stage \w+: succeeded/);
  });
});
