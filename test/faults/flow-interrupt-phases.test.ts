/**
 * A flow of ten steps running at once, interrupted at every phase under the fault that makes
 * that phase hard: every run the flow started is canceled, or named with its URL, and aztm exits
 * 3 within the agent's grace (docs/design/azure-devops.md §10.2), all the steps' cancels sharing
 * one deadline.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli, type RunningCli } from '../helpers/cli-wait.ts';
import { e2eEnv } from '../helpers/e2e.ts';
import { adminRuns } from '../helpers/e2e-runs.ts';
import {
  arrival,
  expectCleanStop,
  faultMet,
  followingPhases,
  interruptAt,
  interruptRows,
  phaseCases,
  SIGNALS,
  signalsLabelled,
  type Phase,
} from './interrupt-helpers.ts';

const STEPS = 10;
/** deploy-production (46) waits on its Production approval for ever: every step keeps running. */
const CREATE = /\/DevOps\/_apis\/pipelines\/46\/runs$/;
const FLOW = [
  'project: DevOps',
  'steps:',
  ...Array.from(
    { length: STEPS },
    (_, i) => `  - { id: step${i + 1}, pipeline: { pipelineId: 46 } }`,
  ),
  '',
].join('\n');
const file = join(mkdtempSync(join(tmpdir(), 'aztm-flow-interrupt-phases-')), 'flow.yaml');
writeFileSync(file, FLOW);

/** Waits until every step said `step stepN: running — URL`. */
async function allRunning(cli: RunningCli): Promise<void> {
  for (let step = 1; step <= STEPS; step++) {
    await cli.waitFor('stderr', new RegExp(`step step${step}: running — http`));
  }
}

/**
 * What every run the flow started ends as: its cancel requested, or named on stderr; or no run
 * was started at all; or the creates were still unanswered when the time ran out.
 */
type Left = 'canceled' | 'named' | 'nothing' | 'unanswered';

/** Every read stalls: the flow is still resolving its steps when the signal comes. */
const PLANNING: Phase<Left> = {
  what: 'while resolving the steps (the reads stall)',
  left: 'nothing',
  before: { kind: 'slow', method: 'GET', count: 'unlimited', delay: '60s' },
  reach: (sim) => faultMet(sim),
};
const FOLLOWING = followingPhases(allRunning);
/**
 * The creates' answers come 1 s late: the signal arrives while they are in flight, and the
 * second signal (the deadline) waits until they have come, as for one run (interrupt-phases).
 */
const SLOW_CREATES: Phase<Left> = {
  what: 'while the creates wait for a slow answer',
  left: 'canceled',
  before: { kind: 'slow', method: 'POST', path: CREATE.source, count: 'unlimited', delay: '1s' },
  reach: (sim) => arrival(sim, 'POST', CREATE, STEPS),
  thenMs: 3_000,
};

/**
 * The creates' answers come a minute late: when the time to cancel runs out, each step says that
 * its run may have been created, and where to look.
 */
const UNANSWERED_CREATES: Phase<Left> = {
  what: 'while the creates wait past the time to cancel',
  left: 'unanswered',
  before: { kind: 'slow', method: 'POST', path: CREATE.source, count: 'unlimited', delay: '60s' },
  reach: (sim) => arrival(sim, 'POST', CREATE, STEPS),
};

/** What each ending means, for the tests' names. */
const SAYS = {
  canceled: 'every run is canceled',
  named: 'every run is named with its URL',
  nothing: 'nothing was triggered',
  unanswered: "each step names the pipeline's runs page",
} as const;

const record = interruptRows(import.meta.url, {
  section: 'A flow interrupted at every phase',
  expected: `exit 3 within 7.5 s; each of the ${STEPS} runs canceled, or named with its URL; no stack trace`,
});

/**
 * Every signal while following, healthy or in an outage; SIGTERM alone for the other phases, so
 * that the file stays near a minute (a phase that waits for the deadline takes its 6 s); the
 * agent's SIGINT then SIGTERM for the creates its short deadline leaves unanswered.
 */
const CASES = [
  ...phaseCases([FOLLOWING.healthy, FOLLOWING.outage], SIGNALS, SAYS),
  ...phaseCases(
    [PLANNING, SLOW_CREATES, FOLLOWING.throttled, FOLLOWING.slowCancel],
    signalsLabelled('SIGTERM'),
    SAYS,
  ),
  ...phaseCases([UNANSWERED_CREATES], signalsLabelled('SIGINT then SIGTERM'), SAYS),
];

describe('a flow of ten running steps, interrupted at every phase', () => {
  it.each(CASES)('%s %s: %s, exit 3', async (_label, _what, _left, phase, signals) => {
    const { sim, stopped } = await interruptAt(phase, signals, (started) =>
      spawnCli(['flow', 'run', file], { env: e2eEnv(started) }),
    );
    const runs = await adminRuns(sim);
    const canceled = runs.filter((run) => run.cancelRequestedAt !== null);
    const named = runs.filter((run) =>
      new RegExp(`may still be running: \\S+buildId=${run.id}\\b`).test(stopped.stderr),
    );
    const pages = stopped.stderr.match(/may have been created; check \S+definitionId=46/g) ?? [];
    record(
      `${phase.what} (${STEPS} steps)`,
      signals,
      stopped,
      `${runs.length} runs: ${canceled.length} canceled, ${named.length} named` +
        (pages.length > 0 ? `; ${pages.length} creates unanswered, the runs page named` : ''),
    );
    expectCleanStop(stopped);
    // Nothing is left unsaid: each run is either asked to cancel or named with its URL.
    expect(runs.filter((run) => !canceled.includes(run) && !named.includes(run))).toEqual([]);
    if (phase.left === 'unanswered') {
      // The simulator carries the creates out only after their delay.
      expect(runs).toEqual([]);
      expect(pages).toHaveLength(STEPS);
      return;
    }
    if (phase.left === 'nothing') {
      expect(runs).toEqual([]);
      expect(stopped.stderr).toMatch(/nothing was triggered/);
      return;
    }
    expect(runs).toHaveLength(STEPS);
    expect(phase.left === 'canceled' ? canceled : named).toHaveLength(STEPS);
  });
});
