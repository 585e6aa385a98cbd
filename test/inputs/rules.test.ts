/**
 * The rules between inputs (src/inputs/table.ts RULES), each accepted once and refused in the
 * words of every adapter: the command line's flags, the flow file's keys at their line, the
 * task's inputs.
 */
import { describe, expect, it } from 'vitest';
import { FlowError } from '../../src/flow/errors.ts';
import { parseFlow } from '../../src/flow/parse.ts';
import {
  checkRules,
  CLI_NAMING,
  InputError,
  pipelineRequest,
  releaseRequest,
  targetRequest,
} from '../../src/inputs/requests.ts';
import { RULES } from '../../src/inputs/table.ts';
import { TASK_NAMING } from '../../src/task/inputs.ts';

function refusal(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('accepted');
}

function flowStep(kind: string, mapping: Record<string, unknown>): string {
  return JSON.stringify({ project: 'P', steps: [{ id: 's', [kind]: mapping }] }, null, 2);
}

const CASES = [
  {
    kind: 'pipeline',
    one: { pipelineId: '7' },
    two: { pipelineId: '7', pipeline: 'deploy' },
    cli: {
      tooMany: 'give the pipeline once: --pipeline-id and --pipeline were both given',
      missing:
        'the pipeline is missing: give --pipeline-id or --pipeline (or their aztm_* variables)',
    },
    flow: {
      tooMany: 'steps[0].pipeline: give only one of "pipelineId" and "pipeline"',
      missing: 'steps[0].pipeline: needs "pipelineId" or "pipeline"',
    },
    task: {
      tooMany: 'give only one of the task inputs pipelineId and pipeline',
      missing: 'task input pipelineId or pipeline is needed for command pipeline',
    },
  },
  {
    kind: 'build',
    one: { definition: 'ci' },
    two: { definitionId: '8', definition: 'ci' },
    cli: {
      tooMany: 'give the build definition once: --definition-id and --definition were both given',
      missing:
        'the build definition is missing: give --definition-id or --definition (or their aztm_* variables)',
    },
    flow: {
      tooMany: 'steps[0].build: give only one of "definitionId" and "definition"',
      missing: 'steps[0].build: needs "definitionId" or "definition"',
    },
    task: {
      tooMany: 'give only one of the task inputs definitionId and definition',
      missing: 'task input definitionId or definition is needed for command build',
    },
  },
  {
    kind: 'release',
    one: { releaseId: '13' },
    // The same definition twice: refused all the same (the stricter rule, README).
    two: { releaseId: '13', definitionId: '13' },
    cli: {
      tooMany: 'give the release definition once: --release-id and --definition-id were both given',
      missing:
        'the release definition is missing: give --release-id or --definition-id or --definition (or their aztm_* variables)',
    },
    flow: {
      tooMany: 'steps[0].release: give only one of "releaseId" and "definitionId"',
      missing: 'steps[0].release: needs "releaseId" or "definitionId" or "definition"',
    },
    task: {
      // The task has no releaseId input.
      two: { definitionId: '13', definition: 'Scan Pre Prod' },
      tooMany: 'give only one of the task inputs definitionId and definition',
      missing: 'task input definitionId or definition is needed for command release',
    },
  },
  {
    kind: 'watch',
    one: { runId: '5' },
    two: { runId: '5', release: '6' },
    cli: {
      tooMany: 'give the run or release once: --run-id and --release were both given',
      missing:
        'the run or release is missing: give --run-id or --release (or their aztm_* variables)',
    },
    flow: null,
    task: {
      tooMany: 'give only one of the task inputs runId and release',
      missing: 'task input runId or release is needed for command watch',
    },
  },
] as const;

describe('the rules between inputs', () => {
  it('has a case here for every rule', () => {
    expect(RULES.map((rule) => rule.kind)).toEqual(CASES.map((c) => c.kind));
  });

  it.each(CASES)('$kind: one of them is accepted, by every adapter', ({ kind, one }) => {
    expect(() => checkRules(kind, one, CLI_NAMING)).not.toThrow();
    expect(() => checkRules(kind, one, TASK_NAMING)).not.toThrow();
    if (kind !== 'watch') {
      const parsed = parseFlow(flowStep(kind, one), 'f.yaml');
      expect(parsed.steps[0]?.request.kind).toBe(kind);
      expect(targetRequest(kind, one, 'P', CLI_NAMING)).toEqual(parsed.steps[0]?.request);
    }
  });

  it.each(CASES)('$kind: two refused, in the words of each adapter', ({ kind, two, cli, task }) => {
    const fromCli = refusal(() => checkRules(kind, two, CLI_NAMING));
    expect(fromCli).toBeInstanceOf(InputError);
    expect(fromCli.message).toBe(cli.tooMany);
    const taskTwo = 'two' in task ? task.two : two;
    expect(refusal(() => checkRules(kind, taskTwo, TASK_NAMING)).message).toBe(task.tooMany);
  });

  it.each(CASES)('$kind: none refused, in the words of each adapter', ({ kind, cli, task }) => {
    expect(refusal(() => checkRules(kind, {}, CLI_NAMING)).message).toBe(cli.missing);
    expect(refusal(() => checkRules(kind, {}, TASK_NAMING)).message).toBe(task.missing);
  });

  it.each(CASES.filter((c) => c.flow !== null))(
    '$kind: a flow step is refused at the line of the key',
    ({ kind, two, flow }) => {
      const both = refusal(() => parseFlow(flowStep(kind, two), 'f.yaml'));
      expect(both).toBeInstanceOf(FlowError);
      expect(both.message).toContain(flow?.tooMany);
      // The second key given, on its own line (the mapping starts at line 7).
      expect(both.message).toMatch(/^f\.yaml:8:/);
      const none = refusal(() => parseFlow(flowStep(kind, {}), 'f.yaml'));
      expect(none.message).toContain(flow?.missing);
    },
  );

  it('--release-id and --definition-id naming the same definition: refused on the command line too', () => {
    expect(
      refusal(() => releaseRequest({ 'release-id': '13', 'definition-id': '13' }, 'P')).message,
    ).toBe('give the release definition once: --release-id and --definition-id were both given');
    expect(releaseRequest({ 'definition-id': '13' }, 'P').definition).toEqual({ id: 13 });
  });

  it('a name of spaces only counts as no name, in both adapters', () => {
    expect(refusal(() => pipelineRequest({ pipeline: '  ' }, 'P')).message).toBe(
      CASES[0].cli.missing,
    );
    expect(
      refusal(() => parseFlow(flowStep('pipeline', { pipeline: '  ' }), 'f.yaml')).message,
    ).toContain(CASES[0].flow.missing);
  });
});
