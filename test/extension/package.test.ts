import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.ts';
import {
  FLOW_TASK_INPUTS,
  TASK_COMMANDS,
  TRIGGER_TASK_INPUTS,
  type TaskInput,
} from '../../src/task/inputs.ts';
import type { TaskJson } from '../task/agent-run.ts';
import { packageExtension, type PackagedExtension } from './packaged.ts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const [major = 0, minor = 0, patch = 0] = pkg.version.split(/[.-]/).map(Number);

/** What only the simulator holds: its sign-in page and its name for itself. */
const SIMULATOR_MARKERS = ['Azure DevOps Services | Sign In', 'aztm simulator'];
const MAX_BUNDLE = 1024 * 1024;

const TASKS = [
  {
    name: 'TriggerAndMonitor',
    inputs: TRIGGER_TASK_INPUTS,
    outputs: ['runId', 'runUrl', 'result'],
  },
  { name: 'RunFlow', inputs: FLOW_TASK_INPUTS, outputs: ['result'] },
] as const;

let extension: PackagedExtension;
beforeAll(async () => {
  extension = await packageExtension();
}, 60_000);
afterAll(() => extension.remove());

async function text(path: string): Promise<string> {
  const file = extension.zip.file(path);
  if (!file) throw new Error(`the .vsix has no ${path}`);
  return file.async('string');
}

async function taskJson(name: string): Promise<TaskJson> {
  return JSON.parse(await text(`${name}/task.json`)) as TaskJson;
}

/** The commands a visibleRule shows an input for: `command = a || command = b`, `command != c`. */
function visibleFor(rule: string | undefined): readonly string[] {
  if (rule === undefined) return TASK_COMMANDS;
  const equal = [...rule.matchAll(/command = (\w+)/g)].map((match) => match[1]);
  const notEqual = [...rule.matchAll(/command != (\w+)/g)].map((match) => match[1]);
  if (equal.length > 0) return equal as string[];
  if (notEqual.length > 0) return TASK_COMMANDS.filter((command) => !notEqual.includes(command));
  return TASK_COMMANDS;
}

describe('npm run package: the .vsix', () => {
  it('carries the package version and contributes both tasks', async () => {
    expect(await text('extension.vsixmanifest')).toMatch(
      new RegExp(`<Identity [^>]*Id="devops-flow-manager"[^>]*Version="${pkg.version}"`),
    );
    const manifest = JSON.parse(await text('extension.vsomanifest')) as {
      contributions: { type: string; properties: { name: string } }[];
    };
    expect(
      manifest.contributions
        .filter((contribution) => contribution.type === 'ms.vss-distributed-task.task')
        .map((contribution) => contribution.properties.name),
    ).toEqual(TASKS.map((task) => task.name));
  });

  it.each(TASKS)(
    '$name: one bundle under 1 MB, task.json and the icon; no simulator',
    async ({ name }) => {
      const files = Object.keys(extension.zip.files)
        .filter((path) => path.startsWith(`${name}/`) && !extension.zip.files[path]?.dir)
        .sort();
      expect(files).toEqual([`${name}/icon.png`, `${name}/index.js`, `${name}/task.json`]);
      const bundle = await text(`${name}/index.js`);
      expect(Buffer.byteLength(bundle)).toBeLessThan(MAX_BUNDLE);
      for (const marker of SIMULATOR_MARKERS) expect(bundle).not.toContain(marker);
      // The markers do find the simulator where it lives (the CLI holds it compressed).
      const simulator = ['src/simulator/http/auth.ts', 'src/cli/commands/simulate.ts']
        .map((file) => readFileSync(file, 'utf8'))
        .join('\n');
      for (const marker of SIMULATOR_MARKERS) expect(simulator).toContain(marker);
    },
  );

  it.each(TASKS)(
    '$name: runs on Node20_1 and Node24, versioned from package.json',
    async ({ name }) => {
      const task = await taskJson(name);
      expect(task.name).toBe(name);
      expect(task.execution).toEqual({
        Node20_1: { target: 'index.js', argumentFormat: '' },
        Node24: { target: 'index.js', argumentFormat: '' },
      });
      expect(task.version).toEqual({ Major: 1, Minor: major * 1000 + minor, Patch: patch });
    },
  );

  it.each(TASKS)(
    '$name: declares exactly the inputs the code reads, and the outputs it sets',
    async ({ name, inputs, outputs }) => {
      const task = await taskJson(name);
      expect(task.inputs.map((input) => input.name).sort()).toEqual(
        inputs.map((input) => input.name).sort(),
      );
      for (const input of inputs) {
        const declared = task.inputs.find((candidate) => candidate.name === input.name);
        expect(declared?.type === 'boolean', `${input.name} is a switch`).toBe(
          input.type === 'boolean',
        );
      }
      expect(task.outputVariables?.map((output) => output.name)).toEqual(outputs);
    },
  );

  it('the task code reads inputs only through the declared lists', () => {
    const declared = new Set(
      [...TRIGGER_TASK_INPUTS, ...FLOW_TASK_INPUTS].map((input) => input.name),
    );
    const sources = readdirSync('src/task').map((name) => ({
      name,
      text: readFileSync(join('src/task', name), 'utf8'),
    }));
    // Only the reader turns a name into an INPUT_ variable (a string starting with it) ...
    expect(
      sources.filter((source) => /['"`]INPUT_/.test(source.text)).map((source) => source.name),
    ).toEqual(['read-inputs.ts']);
    // ... and every name the entries ask it for is declared.
    const asked = sources.flatMap((source) =>
      [...source.text.matchAll(/\.text\('(\w+)'\)/g)].map((match) => match[1] ?? ''),
    );
    expect(asked.length).toBeGreaterThan(0);
    for (const name of asked) expect(declared, name).toContain(name);
  });

  it('TriggerAndMonitor: the editor shows each input for the commands that read it', async () => {
    const task = await taskJson('TriggerAndMonitor');
    for (const input of TRIGGER_TASK_INPUTS) {
      const declared = task.inputs.find((candidate) => candidate.name === input.name);
      expect(visibleFor(declared?.visibleRule), input.name).toEqual(input.commands);
    }
  });

  it.each(
    [
      ...TRIGGER_TASK_INPUTS.flatMap((input) =>
        input.commands.map((command) => ({ input, command }) as const),
      ),
      ...FLOW_TASK_INPUTS.map((input) => ({ input, command: 'flow' }) as const),
    ].filter(({ input }) => input.option !== null),
  )(
    'input $input.name is the CLI option of aztm $command, of the same type',
    ({ input, command }: { input: TaskInput; command: string }) => {
      const options = COMMANDS.find((candidate) => candidate.name === command)?.options ?? [];
      const option = options.find((candidate) => candidate.name === input.option);
      expect(option, `aztm ${command} --${input.option}`).toBeDefined();
      expect(option?.type).toBe(input.type);
    },
  );
});
