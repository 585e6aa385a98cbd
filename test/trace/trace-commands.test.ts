import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.ts';
import { connect, type Exchange } from '../../src/index.ts';
import { e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { captureTraceFile } from '../helpers/output-capture.ts';
import { runInProcess } from '../helpers/run-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'aztm-trace-commands-'));

/** `METHOD /path?query` of every request, sorted. */
const calls = (entries: readonly { method: string; url: string }[]): string[] =>
  entries.map((entry) => `${entry.method} ${entry.url.replace(/^https?:\/\/[^/]+/, '')}`).sort();

describe('--trace on every command that talks to Azure DevOps', () => {
  const talking = COMMANDS.filter((command) =>
    command.options.some((option) => option.name === 'organization'),
  );

  it('is an option of pipeline, build, release, watch and flow', () => {
    expect(talking.map((command) => command.name)).toEqual([
      'pipeline',
      'build',
      'release',
      'watch',
      'flow',
    ]);
    for (const command of talking) {
      expect(command.options.map((option) => option.name)).toContain('trace');
    }
  });

  it('flow plan traces every read it makes, the file named by aztm_trace in any letter case', async () => {
    const sim = await startE2ESimulator();
    const flow = join(dir, 'flow.yaml');
    writeFileSync(
      flow,
      'project: DevOps\nsteps:\n  - { id: scan, release: { releaseId: 13 } }\n  - { id: gateway, dependsOn: scan, pipeline: { pipelineId: 42 } }\n',
    );
    const trace = join(dir, 'plan.jsonl');

    const result = await runInProcess(['flow', 'plan', flow], e2eEnv(sim, { AzTm_TrAcE: trace }));

    expect(result.code, result.stderr).toBe(0);
    captureTraceFile('flow plan --trace (in-process)', trace, [sim.token.value]);
    const lines = readFileSync(trace, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { method: string; url: string });
    expect(lines.length).toBeGreaterThan(0);
    expect(calls(lines)).toEqual(calls(sim.state.requests));
  });

  it('connect() of the library tells onExchange every request, the Authorization header as sent', async () => {
    const sim = await startE2ESimulator();
    const exchanges: Exchange[] = [];
    const client = connect({
      organization: sim.organizationUrl,
      pat: sim.token.value,
      onExchange: (exchange) => exchanges.push(exchange),
    });

    await client.builds.getDefinition('DevOps', 42);

    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({ method: 'GET', response: { status: 200 } });
    expect(exchanges[0]?.requestHeaders.Authorization).toMatch(/^Basic /);
  });
});
