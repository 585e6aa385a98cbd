/**
 * Every adapter agrees with the table of inputs (src/inputs/table.ts) on every input: its names,
 * the commands (kinds) it applies to, and whether it is secret. The command line's options and
 * --help, the flow file's schema and parser, the tasks' task.json and src/task/inputs.ts, and the
 * README's option table: a row that drifts in any one of them fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import flowSchema from '../../schemas/flow.schema.json' with { type: 'json' };
import { findCommand } from '../../src/cli/commands.ts';
import { commandHelp } from '../../src/cli/help.ts';
import { environmentName } from '../../src/cli/options.ts';
import { parseFlow } from '../../src/flow/parse.ts';
import { requestKeys } from '../../src/flow/request.ts';
import { buildRequest, pipelineRequest, releaseRequest } from '../../src/inputs/requests.ts';
import {
  INPUT_KINDS,
  INPUTS,
  inputRow,
  inputsOf,
  RULES,
  type InputKind,
  type InputRow,
  type RequestKind,
} from '../../src/inputs/table.ts';
import { FLOW_TASK_INPUTS, TASK_COMMANDS, TRIGGER_TASK_INPUTS } from '../../src/task/inputs.ts';
import { inputVariable, TaskInputs } from '../../src/task/read-inputs.ts';
import type { TargetRequest } from '../../src/target.ts';

const REQUEST_KINDS: readonly RequestKind[] = ['pipeline', 'build', 'release'];
const sorted = (names: Iterable<string>): string[] => [...names].sort();

describe('the command line: options and --help', () => {
  it.each(INPUT_KINDS)('aztm %s has exactly the options of its rows', (kind) => {
    const options = findCommand(kind)?.options ?? [];
    const rows = inputsOf(kind);
    expect(sorted(options.map((option) => option.name))).toEqual(sorted(rows.map((r) => r.flag)));
    for (const input of rows) {
      const option = options.find((candidate) => candidate.name === input.flag);
      expect(option?.type, input.flag).toBe(input.type);
      expect(option?.secret === true, `${input.flag} secret`).toBe(input.secret === true);
      expect(option && environmentName(option), input.flag).toBe(input.env[0]);
    }
  });

  it.each(INPUT_KINDS)(
    'aztm %s --help lists each row with its variable, and nothing else',
    (kind) => {
      const command = findCommand(kind);
      if (!command) throw new Error(`no command ${kind}`);
      const lines = commandHelp(command)
        .split('\n')
        .filter((line) => line.startsWith('  --'));
      const flags = lines.map((line) => /^ {2}--([\w-]+)/.exec(line)?.[1] ?? '');
      expect(sorted(flags)).toEqual(sorted([...inputsOf(kind).map((r) => r.flag), 'help']));
      for (const input of inputsOf(kind)) {
        const line = lines.find((candidate) => candidate.startsWith(`  --${input.flag} `));
        expect(line, input.flag).toContain(`[${input.env[0] ?? ''}]`);
      }
    },
  );
});

/** The README's option table: option, variable, commands. */
function readmeRows(): { flag: string; variable: string; kinds: InputKind[] }[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const lines = readme.split('\n');
  const header = lines.findIndex((line) => /^\| option +\| variable +\| commands +\|/.test(line));
  const end = lines.findIndex((line, index) => index > header && !line.startsWith('|'));
  return lines.slice(header + 2, end).map((line) => {
    const [option = '', variable = '', commands = ''] = line
      .split(/(?<!\\)\|/)
      .slice(1)
      .map((cell) => cell.trim());
    const kinds =
      commands === 'all'
        ? [...INPUT_KINDS]
        : [...new Set(commands.split(', ').map((word) => word.split(' ')[0] as InputKind))];
    return {
      flag: /^`--([\w-]+)/.exec(option)?.[1] ?? option,
      variable: variable.replace(/`/g, ''),
      kinds,
    };
  });
}

describe("the README's option table", () => {
  const rows = readmeRows();

  it('has one line for each row of the table, with its variable and commands', () => {
    expect(sorted(rows.map((row) => row.flag))).toEqual(sorted(INPUTS.map((r) => r.flag)));
    for (const input of INPUTS) {
      const row = rows.find((candidate) => candidate.flag === input.flag);
      expect(row?.variable, input.flag).toBe(input.env.join(', '));
      expect(sorted(row?.kinds ?? []), input.flag).toEqual(sorted(input.kinds));
    }
  });

  it('names the secret inputs, and only those, in its Secrets list', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Secrets'));
    const list = section.slice(
      section.indexOf('\n- '),
      section.indexOf('\n\n', section.indexOf('\n- ')),
    );
    const named = new Set([...list.matchAll(/`--([\w-]+)`/g)].map((match) => match[1] ?? ''));
    expect(sorted(named)).toEqual(sorted(INPUTS.filter((r) => r.secret).map((r) => r.flag)));
  });
});

interface SchemaObject {
  readonly properties: Record<string, unknown>;
}
const definitions = flowSchema.definitions as unknown as Record<string, SchemaObject>;
/** The step's own keys, which are no input of a command. */
const STEP_OWN_KEYS = ['id', 'displayName', 'dependsOn', 'condition', 'continueOnError'];

describe('the flow file: schema and parser', () => {
  it.each(REQUEST_KINDS)("a step's %s mapping has exactly the flow keys of its rows", (kind) => {
    expect(sorted(Object.keys(definitions[kind]?.properties ?? {}))).toEqual(
      sorted(requestKeys(kind).map((input) => input.flow?.key ?? '')),
    );
  });

  it('a step has its own keys, its kinds, and the step keys of the rows', () => {
    const stepKeys = INPUTS.filter((input) => input.flow?.at === 'step');
    expect(sorted(Object.keys(definitions.step?.properties ?? {}))).toEqual(
      sorted([...STEP_OWN_KEYS, ...REQUEST_KINDS, ...stepKeys.map((r) => r.flow?.key ?? '')]),
    );
    for (const input of stepKeys) expect(input.kinds, input.id).toContain('flow');
  });

  it('no token has a flow key: tokens never live in a flow file', () => {
    for (const input of INPUTS.filter((r) => r.secret && !r.json)) {
      expect(input.flow, input.id).toBeUndefined();
    }
  });
});

/** A value for each input of a request, as a flow file holds it. */
const SAMPLES: Record<string, unknown> = {
  pipelineId: 42,
  pipeline: 'tools\\deploy',
  releaseId: 13,
  definitionId: 14,
  definition: 'Scan Pre Prod',
  branch: 'release/1',
  commit: 'abc123',
  templateParameters: { env: 'prod', count: 2 },
  stagesToSkip: ['Lint', 'Docs'],
  artifacts: { app: '1204', web: { id: '7', name: '20261126.4' } },
  description: 'Nightly scan',
  stages: ['Dev', 'Prod'],
  variables: { tier: 'pre', key: { value: 's3cr3t', isSecret: true } },
};

/** The same value as the command line and the task take it: text. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.join(',');
  return JSON.stringify(value);
}

const BUILDERS = { pipeline: pipelineRequest, build: buildRequest, release: releaseRequest };

/** Each request input of `kind` alone (with the first input of its rule when it is none of it). */
function cases(kind: RequestKind): { input: InputRow; given: Record<string, unknown> }[] {
  const rule = RULES.find((candidate) => candidate.kind === kind);
  // One the task has too (the task has no releaseId).
  const selector = rule?.exactlyOne.find((id) => inputRow(id).task) ?? '';
  return requestKeys(kind).map((input) => ({
    input,
    given: rule?.exactlyOne.includes(input.id)
      ? { [input.id]: SAMPLES[input.id] }
      : { [selector]: SAMPLES[selector], [input.id]: SAMPLES[input.id] },
  }));
}

function fromCommandLine(kind: RequestKind, given: Record<string, unknown>): TargetRequest {
  const values = Object.fromEntries(
    Object.entries(given).map(([id, value]) => [inputRow(id).flag, asText(value)]),
  );
  return BUILDERS[kind](values, 'P');
}

function fromFlow(kind: RequestKind, given: Record<string, unknown>): TargetRequest {
  const mapping = Object.fromEntries(
    Object.entries(given).map(([id, value]) => [inputRow(id).flow?.key ?? id, value]),
  );
  const flow = parseFlow(
    JSON.stringify({ project: 'P', steps: [{ id: 's', [kind]: mapping }] }),
    'f.yaml',
  );
  return flow.steps[0]?.request as TargetRequest;
}

function fromTask(kind: RequestKind, given: Record<string, unknown>): TargetRequest {
  const env = Object.fromEntries(
    Object.entries(given).map(([id, value]) => [
      inputVariable(inputRow(id).task?.input ?? ''),
      asText(value),
    ]),
  );
  return BUILDERS[kind](new TaskInputs(TRIGGER_TASK_INPUTS, env).optionValues(kind), 'P');
}

describe('one value, one request: command line, flow file and task build the same', () => {
  it('every request input has a sample', () => {
    for (const kind of REQUEST_KINDS) {
      for (const input of requestKeys(kind)) expect(SAMPLES, input.id).toHaveProperty(input.id);
    }
  });

  it.each(REQUEST_KINDS.flatMap((kind) => cases(kind).map((c) => ({ kind, ...c }))))(
    '$kind: $input.id',
    ({ kind, input, given }) => {
      const cli = fromCommandLine(kind, given);
      // The input made a difference: the request is not the one without it.
      const without = { ...given };
      delete without[input.id];
      if (Object.keys(without).length > 0) expect(cli).not.toEqual(fromCommandLine(kind, without));
      expect(fromFlow(kind, given)).toEqual(cli);
      if (input.task) expect(fromTask(kind, given)).toEqual(cli);
    },
  );
});

/** The commands a visibleRule shows an input for: `command = a || command = b`, `command != c`. */
function visibleFor(rule: string | undefined): readonly string[] {
  const equal = [...(rule ?? '').matchAll(/command = (\w+)/g)].map((match) => match[1] ?? '');
  const notEqual = [...(rule ?? '').matchAll(/command != (\w+)/g)].map((match) => match[1]);
  if (equal.length > 0) return equal;
  return TASK_COMMANDS.filter((command) => !notEqual.includes(command));
}

interface TaskJsonInput {
  readonly name: string;
  readonly type: string;
  readonly visibleRule?: string;
}
function taskJsonInputs(task: string): readonly TaskJsonInput[] {
  const path = new URL(`../../extension/${task}/task.json`, import.meta.url);
  return (JSON.parse(readFileSync(path, 'utf8')) as { inputs: TaskJsonInput[] }).inputs;
}

describe('the tasks: task.json and src/task/inputs.ts', () => {
  const trigger = taskJsonInputs('TriggerAndMonitor');
  const flow = taskJsonInputs('RunFlow');
  const taskKinds = (input: InputRow): string[] =>
    TASK_COMMANDS.filter((command) => input.kinds.includes(command));

  it.each(INPUTS.filter((input) => input.task))('$id', (input) => {
    const name = input.task?.input ?? '';
    const inTrigger = taskKinds(input).length > 0;
    const declared = trigger.find((candidate) => candidate.name === name);
    expect(declared !== undefined, `TriggerAndMonitor has ${name}`).toBe(inTrigger);
    if (declared) {
      expect(declared.type === 'boolean', `${name} is a switch`).toBe(input.type === 'boolean');
      expect(visibleFor(declared.visibleRule), `${name} shown for`).toEqual(taskKinds(input));
      const read = TRIGGER_TASK_INPUTS.find((candidate) => candidate.name === name);
      expect(read).toMatchObject({ option: input.flag, type: input.type });
      expect(read?.commands).toEqual(taskKinds(input));
    }
    const inFlow = flow.find((candidate) => candidate.name === name);
    expect(inFlow !== undefined, `RunFlow has ${name}`).toBe(input.task?.runFlow === true);
    if (inFlow) {
      expect(inFlow.type === 'boolean', `${name} is a switch`).toBe(input.type === 'boolean');
      expect(FLOW_TASK_INPUTS.find((c) => c.name === name)?.option).toBe(input.flag);
    }
  });

  it("every other input of task.json is the task's own, no CLI option", () => {
    const fromTable = new Set(INPUTS.flatMap((input) => input.task?.input ?? []));
    for (const [declared, read] of [
      [trigger, TRIGGER_TASK_INPUTS],
      [flow, FLOW_TASK_INPUTS],
    ] as const) {
      expect(sorted(declared.map((input) => input.name))).toEqual(sorted(read.map((i) => i.name)));
      for (const input of read.filter((candidate) => !fromTable.has(candidate.name))) {
        expect(input.option, input.name).toBeNull();
      }
    }
  });
});
