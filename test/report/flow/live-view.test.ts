import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlowReporter } from '../../../src/report/flow/flow-reporter.ts';
import { renderFlowView } from '../../../src/report/flow/live-view.ts';
import type { Flow, FlowStep } from '../../../src/flow/model.ts';
import { parseFlow } from '../../../src/flow/parse.ts';
import type { StepResult } from '../../../src/flow/scheduler.ts';
import {
  StepRecords,
  waitingRecord,
  type EndedRecord,
  type FlowRun,
} from '../../../src/flow/step-record.ts';
import type { FlowViewState } from '../../../src/report/flow/live-view.ts';
import { Redactor } from '../../../src/redact.ts';
import { MemoryStream, RUN_URL, at, failures, stage, testFailure, triggered } from '../fixtures.ts';

const ESC = '\u001b';
const HIDE_CURSOR = `${ESC}[?25l`;
const SHOW_CURSOR = `${ESC}[?25h`;

/** The text without ANSI sequences: what a person sees. */
function visible(text: string): string {
  return text.replaceAll(new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g'), '');
}

function flowOf(lines: readonly string[]): Flow {
  return parseFlow(['project: DevOps', 'steps:', ...lines].join('\n'), 'deploy.yaml');
}

const FLOW = flowOf([
  '  - { id: scan, pipeline: { pipelineId: 42 } }',
  '  - { id: deploy, dependsOn: scan, pipeline: { pipelineId: 43 } }',
]);

function stepOf(flow: Flow, id: string): FlowStep {
  const step = flow.steps.find((candidate) => candidate.id === id);
  if (!step) throw new Error(id);
  return step;
}

function record(step: FlowStep, result: StepResult, from: string, to: string): EndedRecord {
  return {
    ...waitingRecord(step),
    phase: 'ended',
    result,
    url: RUN_URL,
    startedAt: Date.parse(at(from)),
    finishedAt: Date.parse(at(to)),
  };
}

function terminal(options: { color?: boolean; rows?: number; flow?: Flow; secret?: string } = {}) {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const redactor = new Redactor();
  if (options.secret) redactor.add(options.secret);
  const reporter = new FlowReporter({
    mode: 'tty',
    json: false,
    color: options.color ?? false,
    columns: 120,
    rows: options.rows ?? 30,
    stdout,
    stderr,
    redactor,
    flow: options.flow ?? FLOW,
    title: 'deploy.yaml',
    summaryPath: null,
    // Fake timers move Date too: the view's clock and its timers agree.
    now: () => new Date(),
  });
  // The records runFlow keeps, telling the reporter every change.
  const records = new StepRecords((options.flow ?? FLOW).steps, reporter.onStep);
  return { reporter, records, stdout, stderr };
}

/** Records fed as runFlow feeds them, read as the live view reads them. */
function board(
  flow: Flow,
  clock: () => number,
): { records: StepRecords; view: () => FlowViewState } {
  const latest = new Map(flow.steps.map((step) => [step.id, waitingRecord(step)]));
  let startedAt: number | null = null;
  const records = new StepRecords(
    flow.steps,
    (change) => {
      startedAt ??= clock();
      latest.set(change.record.step.id, change.record);
    },
    clock,
  );
  return { records, view: () => ({ steps: [...latest.values()], startedAt }) };
}

/** The last frame drawn: what follows the last clear. */
function lastFrame(text: string): string[] {
  const frames = text.split(`${ESC}[0J`);
  return visible(frames.at(-1) ?? '')
    .split('\n')
    .slice(0, -1);
}

describe('flow run: the live view on a terminal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(at('07:31:00')));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows one line per step with its state, elapsed time, stage and link', () => {
    const { reporter, records, stderr } = terminal();
    const scan = stepOf(FLOW, 'scan');
    records.onScheduler({ type: 'started', step: scan });
    expect(stderr.text.startsWith(HIDE_CURSOR)).toBe(true);
    vi.setSystemTime(new Date(at('07:31:02')));
    records.onRun(scan, triggered('07:31:02'));
    vi.setSystemTime(new Date(at('07:31:05')));
    records.onRun(scan, stage('07:31:05', 'Build', 'running', { startedAt: at('07:31:05') }));
    vi.advanceTimersByTime(300);
    expect(lastFrame(stderr.text)).toEqual([
      'flow deploy.yaml · 1 running, 1 waiting · 5s',
      `  ● scan    running  5s  Build: running  ${RUN_URL}`,
      '  ○ deploy  waiting',
    ]);
    // The run's link is also kept above the view, whole, in the scrollback.
    expect(visible(stderr.text)).toContain(`07:31:02 step scan: running — ${RUN_URL}\n`);
    reporter.close();
  });

  it('redraws in place: up over the previous view, cleared, then the new one', () => {
    const { reporter, records, stderr } = terminal();
    records.onScheduler({ type: 'started', step: stepOf(FLOW, 'scan') });
    vi.advanceTimersByTime(300);
    const before = stderr.text.length;
    records.onRun(stepOf(FLOW, 'scan'), triggered('07:31:00'));
    const redraw = stderr.text.slice(before);
    // Three lines on screen: header and two steps.
    expect(redraw.startsWith(`${ESC}[3A${ESC}[0J`)).toBe(true);
    reporter.close();
  });

  it('redraws at most four times a second however fast events come, and every second', () => {
    const { reporter, records, stderr } = terminal();
    const scan = stepOf(FLOW, 'scan');
    records.onScheduler({ type: 'started', step: scan });
    const writes = vi.spyOn(stderr, 'write');
    records.onRun(scan, triggered('07:31:00'));
    records.onRun(scan, stage('07:31:00', 'Build', 'queued'));
    records.onRun(scan, stage('07:31:00', 'Build', 'running'));
    expect(writes).toHaveBeenCalledTimes(0);
    vi.advanceTimersByTime(249);
    expect(writes).toHaveBeenCalledTimes(0);
    vi.advanceTimersByTime(1);
    expect(writes).toHaveBeenCalledTimes(1);
    // Nothing happens: the elapsed times still move on, once a second.
    vi.advanceTimersByTime(1000);
    expect(writes).toHaveBeenCalledTimes(2);
    expect(lastFrame(stderr.text)[1]).toMatch(/^ {2}● scan {4}running {2}1s/);
    reporter.close();
  });

  it('keeps a failed step’s detail above the view and shows its final duration', () => {
    const { reporter, records, stderr } = terminal();
    const scan = stepOf(FLOW, 'scan');
    records.onScheduler({ type: 'started', step: scan });
    records.onRun(scan, triggered('07:31:00'));
    vi.setSystemTime(new Date(at('07:32:45')));
    records.onRun(scan, failures('07:32:45', [testFailure]));
    records.onScheduler({
      type: 'finished',
      record: record(scan, 'failed', '07:31:00', '07:32:45'),
    });
    vi.advanceTimersByTime(5000);
    const text = visible(stderr.text);
    expect(text).toContain(
      '07:32:45 step scan › Build › Compile › Run tests: failed\n' +
        '           - 3 tests failed\n',
    );
    expect(text).toMatch(/^\d\d:\d\d:\d\d step scan: failed \(1m 45s\)$/m);
    expect(lastFrame(stderr.text)[1]).toBe(`  ✗ scan    failed  1m 45s  ${RUN_URL}`);
    reporter.close();
  });

  it('at the end gives way to the summary table, with the cursor back', async () => {
    const { reporter, records, stdout, stderr } = terminal();
    const scan = stepOf(FLOW, 'scan');
    records.onScheduler({ type: 'started', step: scan });
    vi.advanceTimersByTime(300);
    const run: FlowRun = {
      result: 'succeeded',
      interrupted: false,
      steps: [
        record(scan, 'succeeded', '07:31:00', '07:31:20'),
        record(stepOf(FLOW, 'deploy'), 'succeeded', '07:31:20', '07:31:30'),
      ],
    };
    await reporter.finish(run);
    const end = stderr.text.slice(stderr.text.lastIndexOf(`${ESC}[0J`));
    expect(end).toBe(`${ESC}[0J${SHOW_CURSOR}`);
    expect(stdout.lines.at(-1)).toBe('flow succeeded');
    expect(stdout.lines[0]).toMatch(/^STEP +RESULT +DURATION +URL$/);
    const writes = stderr.text.length;
    vi.advanceTimersByTime(5000);
    expect(stderr.text.length).toBe(writes);
  });

  it('interrupted before the end: the last view stays on screen, with the cursor back', () => {
    const { reporter, records, stderr } = terminal();
    records.onScheduler({ type: 'started', step: stepOf(FLOW, 'scan') });
    vi.advanceTimersByTime(300);
    reporter.close();
    expect(stderr.text.endsWith(`  ○ deploy  waiting\n${SHOW_CURSOR}`)).toBe(true);
  });

  it('colours states only when told to (NO_COLOR)', () => {
    const plain = terminal({ color: false });
    const coloured = terminal({ color: true });
    for (const { reporter, records } of [plain, coloured]) {
      records.onScheduler({ type: 'started', step: stepOf(FLOW, 'scan') });
      reporter.close();
    }
    // Only cursor movement, never a colour.
    const cursorOnly = new RegExp(`${ESC}\\[(\\?25[lh]|\\d*A|0J)`, 'g');
    expect(plain.stderr.text.replace(cursorOnly, '')).not.toContain(ESC);
    expect(coloured.stderr.text).toContain(`${ESC}[36mstarting${ESC}[39m`);
  });

  it('never shows a secret, even cut at the end of a line', () => {
    const secret = 'hunter2-very-secret-value';
    const { reporter, records, stderr } = terminal({ secret });
    const scan = stepOf(FLOW, 'scan');
    records.onScheduler({ type: 'started', step: scan });
    records.onRun(scan, stage('07:31:00', `Deploy with ${secret}`, 'running'));
    vi.advanceTimersByTime(300);
    reporter.close();
    expect(stderr.text).not.toContain(secret.slice(0, 12));
    expect(visible(stderr.text)).toContain('Deploy with ***: running');
  });
});

describe('flow run: the live view of a flow taller than the terminal', () => {
  const many = flowOf(
    Array.from(
      { length: 500 },
      (_, index) => `  - { id: s${index + 1}, pipeline: { pipelineId: 42 } }`,
    ),
  );
  const now = Date.parse(at('07:40:00'));

  it('shows the running and failed steps in file order and counts the others', () => {
    let clock = now - 60_000;
    const { records, view } = board(many, () => clock);
    const started = (id: string): void =>
      records.onScheduler({ type: 'started', step: stepOf(many, id) });
    for (let index = 1; index <= 300; index += 1) {
      const step = stepOf(many, `s${index}`);
      started(step.id);
      const result = index === 7 || index === 250 ? 'failed' : 'succeeded';
      records.onScheduler({
        type: 'finished',
        record: record(step, result, '07:38:00', '07:39:00'),
      });
    }
    for (const id of ['s400', 's301']) {
      started(id);
      records.onRun(stepOf(many, id), triggered('07:39:00'));
    }
    clock = now;
    const lines = renderFlowView(view(), {
      now,
      columns: 80,
      rows: 24,
      color: false,
      redact: (text) => text,
      title: 'many.yaml',
    });
    expect(lines.length).toBeLessThanOrEqual(22);
    expect(lines[0]).toBe(
      'flow many.yaml · 298 succeeded, 2 failed, 2 running, 198 waiting · 1m 00s',
    );
    expect(lines.slice(1).map((line) => line.replace(/ {2}https:.*$/, ''))).toEqual([
      '  ✗ s7    failed  1m 00s',
      '  ✗ s250  failed  1m 00s',
      '  ● s301  running  1m 00s',
      '  ● s400  running  1m 00s',
      '  … 496 more: 298 succeeded, 198 waiting',
    ]);
  });

  it('when even the running steps do not fit, shows as many as fit and counts the rest', () => {
    const { records, view } = board(many, () => now);
    for (const step of many.steps.slice(0, 100)) {
      records.onScheduler({ type: 'started', step });
    }
    const lines = renderFlowView(view(), {
      now,
      columns: 80,
      rows: 12,
      color: false,
      redact: (text) => text,
      title: 'many.yaml',
    });
    expect(lines).toHaveLength(10);
    expect(lines[1]).toMatch(/^ {2}◌ s1 +starting/);
    expect(lines[8]).toMatch(/^ {2}◌ s8 +starting/);
    expect(lines[9]).toBe('  … 492 more: 92 starting, 400 waiting');
  });
});
