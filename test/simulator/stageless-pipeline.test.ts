/**
 * A YAML pipeline without `stages:` (scenario `stages: []`) runs in one implicit stage whose
 * Stage record is named and identified `__default` (docs/design/azure-devops.md §13 row 5;
 * azure-devops-docs docs/service-hooks/events.md samples).
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/simulator/scenario/load.ts';
import { startTestSimulator } from '../helpers/simulator.ts';
import { API, bodyOf, call, type WireTimeline } from './build-fixtures.ts';

const SCENARIO = [
  'tokens:',
  '  - name: admin',
  `    pat: ${'a'.repeat(52)}`,
  'projects:',
  '  - name: Infrastructure',
  '    pipelines:',
  '      - id: 5',
  '        name: no-stages',
  '        run:',
  '          stages: []',
  '          jobs:',
  '            - name: build',
  '              tasks:',
  '                - { name: Compile, duration: 5s }',
  '',
].join('\n');

describe('a YAML pipeline without stages', () => {
  it('resolves `stages: []` to the one implicit stage __default', () => {
    const scenario = parseScenario(SCENARIO, 'scenario.yaml');
    const stages = scenario.projects[0]?.pipelines[0]?.runs[0]?.stages;
    expect(stages?.map((stage) => [stage.name, stage.displayName, stage.jobs.length])).toEqual([
      ['__default', '__default', 1],
    ]);
  });

  it('has one Stage record __default with its Phase, Job and Task under it', async () => {
    const sim = await startTestSimulator(parseScenario(SCENARIO, 'scenario.yaml'));
    const run = await call(sim, `Infrastructure/_apis/pipelines/5/runs?${API}`, {
      method: 'POST',
      json: {},
    });
    expect(run.status).toBe(200);
    sim.manualClock.advance(60_000);
    const timeline = bodyOf<WireTimeline>(
      await call(
        sim,
        `Infrastructure/_apis/build/builds/${(run.body as { id: number }).id}/timeline?${API}`,
      ),
    );
    const stages = timeline.records.filter((record) => record.type === 'Stage');
    expect(stages).toHaveLength(1);
    expect(stages[0]).toMatchObject({ name: '__default', identifier: '__default' });
    const byId = new Map(timeline.records.map((record) => [record.id, record]));
    const phase = timeline.records.find((record) => record.type === 'Phase');
    const job = timeline.records.find((record) => record.type === 'Job');
    const taskRecord = timeline.records.find((record) => record.name === 'Compile');
    expect(phase?.parentId).toBe(stages[0]?.id);
    expect(job?.parentId).toBe(phase?.id);
    expect(taskRecord?.parentId).toBe(job?.id);
    expect(byId.get(taskRecord?.parentId ?? '')?.type).toBe('Job');
  });
});
