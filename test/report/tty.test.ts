import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FollowEvent } from '../../src/follow/events.ts';
import { Redactor } from '../../src/redact.ts';
import { createReporter, type Reporter } from '../../src/report/index.ts';
import {
  MemoryStream,
  RUN_URL,
  approvalThenInterrupt,
  at,
  pipelineFailure,
  pipelineSuccess,
  stage,
  triggered,
} from './fixtures.ts';

const ESC = '\u001b';
const HIDE_CURSOR = `${ESC}[?25l`;
const SHOW_CURSOR = `${ESC}[?25h`;

/** The text without ANSI sequences: what a person sees. */
function visible(text: string): string {
  return text.replaceAll(new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g'), '');
}

interface Terminal {
  readonly reporter: Reporter;
  readonly stdout: MemoryStream;
  readonly stderr: MemoryStream;
}

function terminal(
  options: { columns?: number; color?: boolean; json?: boolean; redactor?: Redactor } = {},
): Terminal {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const reporter = createReporter({
    mode: 'tty',
    json: options.json ?? false,
    stdout,
    stderr,
    redactor: options.redactor ?? new Redactor(),
    color: options.color ?? false,
    allowPartial: false,
    columns: options.columns ?? 100,
    // Fake timers move Date too: the view's clock and its timers agree.
    now: () => new Date(),
  });
  return { reporter, stdout, stderr };
}

/** Plays events at their own times, letting the fake clock run between them. */
function play(reporter: Reporter, events: readonly FollowEvent[]): void {
  for (const event of events) {
    if ('at' in event) vi.setSystemTime(new Date(event.at));
    reporter.onEvent(event);
    vi.advanceTimersByTime(150);
  }
}

describe('tty reporter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(at('07:31:00')));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('hides the cursor and keeps the run URL above the live view', () => {
    const { reporter, stderr } = terminal();
    play(reporter, [triggered('07:31:02')]);
    expect(stderr.text.startsWith(HIDE_CURSOR)).toBe(true);
    expect(visible(stderr.text).split('\n').slice(0, 2)).toEqual([
      `07:31:02 triggered pipeline run 1000 of infra\\deploy-gateway: ${RUN_URL}`,
      'pipeline run 1000 of infra\\deploy-gateway · 0.0s',
    ]);
    reporter.close();
  });

  it('redraws in place: up over the previous view, cleared, then the new view', () => {
    const { reporter, stderr } = terminal();
    play(reporter, pipelineSuccess.slice(0, 3));
    const before = stderr.text.length;
    play(reporter, [
      stage('07:32:20', 'Build', 'succeeded', {
        startedAt: at('07:31:10'),
        finishedAt: at('07:32:20'),
      }),
    ]);
    const redraw = stderr.text.slice(before);
    expect(redraw.startsWith(`${ESC}[2A${ESC}[0J`)).toBe(true);
    expect(visible(redraw)).toBe(
      'pipeline run 1000 of infra\\deploy-gateway · running · 1m 18s\n' +
        '  ✓ Build  succeeded  1m 10s\n',
    );
    reporter.close();
  });

  it('shows who can approve a waiting stage, and where', () => {
    const { reporter, stderr } = terminal({ columns: 200 });
    play(reporter, approvalThenInterrupt.slice(0, 4));
    expect(visible(stderr.text)).toContain(
      '  ◷ Production  waiting for approval\n' +
        '    waiting for approval by Release Managers ("Check the dashboard first") — ' +
        `${RUN_URL}&view=approvals\n`,
    );
    reporter.close();
  });

  it('redraws at most every 100 ms however fast events come', () => {
    const { reporter, stderr } = terminal();
    play(reporter, [triggered('07:31:02')]);
    const writes = vi.spyOn(stderr, 'write');
    reporter.onEvent(stage('07:31:03', 'Build', 'queued'));
    expect(writes).toHaveBeenCalledTimes(1);
    reporter.onEvent(stage('07:31:03', 'Build', 'running'));
    reporter.onEvent(stage('07:31:03', 'Test', 'queued'));
    expect(writes).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(100);
    expect(writes).toHaveBeenCalledTimes(2);
    expect(visible(String(writes.mock.calls[1]?.[0]))).toContain(
      '  ● Build  running\n  ○ Test   queued\n',
    );
    reporter.close();
  });

  it('ticks every second so that elapsed times move on', () => {
    const { reporter, stderr } = terminal();
    play(reporter, pipelineSuccess.slice(0, 3));
    vi.advanceTimersByTime(5000);
    expect(visible(stderr.text).split('\n').slice(-3, -1)).toEqual([
      'pipeline run 1000 of infra\\deploy-gateway · running · 13s',
      '  ● Build  running  5s',
    ]);
    reporter.close();
  });

  it('cuts view lines to the width of the terminal, so that they never wrap', () => {
    const { reporter, stderr } = terminal({ columns: 40, color: true });
    play(reporter, approvalThenInterrupt.slice(0, 4));
    const view = visible(stderr.text.slice(stderr.text.lastIndexOf(`${ESC}[0J`)));
    for (const line of view.split('\n')) expect(Array.from(line).length).toBeLessThanOrEqual(39);
    expect(view).toContain('pipeline run 1000 of infra\\deploy-gate…\n');
    reporter.close();
  });

  it('redacts before cutting a line, so that no part of a secret shows', () => {
    const redactor = new Redactor();
    redactor.add('hunter2-deploy-key');
    const { reporter, stderr } = terminal({ columns: 21, redactor });
    play(reporter, [
      triggered('07:31:02'),
      stage('07:31:03', 'Deploy hunter2-deploy-key', 'running'),
    ]);
    expect(visible(stderr.text)).toContain('  ● Deploy ***  run…\n');
    expect(stderr.text).not.toContain('hunt');
    reporter.close();
  });

  it('replaces the view with the failure detail and summary at the end', () => {
    const { reporter, stdout, stderr } = terminal();
    play(reporter, pipelineFailure);
    const end = stderr.text.slice(stderr.text.lastIndexOf(`${ESC}[0J`) + 4);
    expect(end).toBe(
      SHOW_CURSOR +
        [
          '07:32:45 Build › Compile › Run tests: failed',
          '           - 3 tests failed',
          '           - Bash exited with code 1.',
          '           last 2 log lines:',
          '             FAIL src/gateway.test.ts',
          '             ##\u200Bvso[task.complete result=Succeeded]done',
          '07:32:45 finished: failed after 1m 43s',
          '         Build   failed   1m 31s',
          '         Deploy  skipped  (Build failed)',
          '',
        ].join('\n'),
    );
    expect(stdout.lines).toEqual([
      `failed: pipeline run 1000 (infra\\deploy-gateway) after 1m 43s ${RUN_URL}`,
    ]);
    reporter.close();
  });

  it('keeps failed jobs above the view as they happen', () => {
    const { reporter, stderr } = terminal();
    play(reporter, pipelineFailure.slice(0, 3));
    expect(visible(stderr.text)).toContain('07:32:40 job Build › Compile: failed after 1m 28s\n');
    reporter.close();
  });

  it('colours only when asked', () => {
    const plain = terminal({ color: false });
    play(plain.reporter, pipelineSuccess);
    expect(plain.stderr.text).not.toMatch(new RegExp(`${ESC}\\[\\d+m`));
    const coloured = terminal({ color: true });
    play(coloured.reporter, pipelineSuccess);
    expect(coloured.stderr.text).toContain(`${ESC}[32m`);
  });

  it('clears its timers on close, leaving the last view and the cursor shown', () => {
    const { reporter, stderr } = terminal();
    play(reporter, pipelineSuccess.slice(0, 3));
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    reporter.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(stderr.text.endsWith(SHOW_CURSOR)).toBe(true);
    expect(visible(stderr.text)).toContain('  ● Build  running');
    const length = stderr.text.length;
    vi.advanceTimersByTime(5000);
    expect(stderr.text).toHaveLength(length);
  });

  it('clears its timers when the run finishes', () => {
    const { reporter } = terminal();
    play(reporter, pipelineSuccess);
    expect(vi.getTimerCount()).toBe(0);
    reporter.close();
  });
});

describe('tty reporter timer', () => {
  it('does not keep the process alive', () => {
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
    const { reporter } = terminal();
    // The redraw timer starts with the first event.
    reporter.onEvent(triggered(at('10:00:00')));
    const timer = setIntervalSpy.mock.results[0]?.value as NodeJS.Timeout;
    expect(setIntervalSpy).toHaveBeenCalledTimes(1);
    expect(timer.hasRef()).toBe(false);
    reporter.close();
    setIntervalSpy.mockRestore();
  });
});
