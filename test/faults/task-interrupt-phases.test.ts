/**
 * The TriggerAndMonitor@1 task canceled by the agent (SIGINT, then SIGTERM, then kill:
 * docs/design/azure-devops.md §10.2) at every phase, under the fault that makes that phase hard: it
 * says `task.complete result=Canceled` and exits 0 (the agent reads any other exit as a broken
 * task, §10.1) before the agent's SIGTERM, with its run canceled, or named with its URL, and no
 * stack trace.
 */
import { describe, expect, it } from 'vitest';
import type { RunningCli } from '../helpers/cli-wait.ts';
import { adminRuns, printed } from '../helpers/e2e-runs.ts';
import { completions, loggingCommands, startTask } from '../task/agent-run.ts';
import { packagedTask } from '../task/packaged-task.ts';
import {
  arrival,
  expectCleanStop,
  followingPhases,
  interruptAt,
  interruptRows,
  phaseCases,
  SIGNALS,
  signalsLabelled,
  type Phase,
} from './interrupt-helpers.ts';

const taskDir = packagedTask('TriggerAndMonitor');

/** deploy-production (46) waits on its Production approval for ever. */
const CREATE = /\/DevOps\/_apis\/pipelines\/46\/runs$/;

/** How the run ends up: its cancel requested, or named in the step's log. */
type Left = 'canceled' | 'named';

const triggered = (task: RunningCli) => task.waitFor('stderr', /triggered pipeline run \d+/);

const FOLLOWING = followingPhases(triggered);
/** As for the CLI (interrupt-phases): the second signal waits until the answer has come. */
const SLOW_CREATE: Phase<Left> = {
  what: 'while the create waits for a slow answer',
  left: 'canceled',
  before: { kind: 'slow', method: 'POST', path: CREATE.source, delay: '2s' },
  reach: (sim) => arrival(sim, 'POST', CREATE),
  thenMs: 3_000,
};

const SAYS = { canceled: 'the run is canceled', named: 'the run is named with its URL' } as const;

const record = interruptRows(import.meta.url, {
  section: 'TriggerAndMonitor@1 canceled at every phase',
  expected:
    'task.complete Canceled, exit 0 within 7.5 s; the run canceled, or named with its URL; no stack trace',
});

/**
 * Every signal for the phases that end at once; where the cancel cannot get through, SIGTERM
 * alone waits the whole 6 s for the deadline and SIGINT then SIGTERM brings it forward (SIGINT
 * alone would wait as long as SIGTERM: left out to keep the file lean).
 */
const CASES = [
  ...phaseCases([FOLLOWING.healthy, FOLLOWING.outage, SLOW_CREATE], SIGNALS, SAYS),
  ...phaseCases(
    [FOLLOWING.throttled, FOLLOWING.slowCancel],
    signalsLabelled('SIGTERM', 'SIGINT then SIGTERM'),
    SAYS,
  ),
];

describe('TriggerAndMonitor@1 canceled by the agent at every phase', () => {
  it.each(CASES)(
    '%s %s: completes Canceled, exits 0, and %s',
    async (_label, _what, _left, phase, signals) => {
      const { sim, stopped } = await interruptAt(phase, signals, (started) =>
        startTask(taskDir(), started, {
          inputs: { command: 'pipeline', pipelineId: '46', pollInterval: '0.1s' },
        }),
      );
      const [run] = await adminRuns(sim);
      const canceled = run !== undefined && run.cancelRequestedAt !== null;
      const named = new RegExp(`may still be running: \\S+buildId=${run?.id ?? 'none'}\\b`).test(
        printed(stopped),
      );
      const completed = completions(loggingCommands(stopped.stdout));
      const left = canceled ? 'canceled' : named ? 'named' : 'left unsaid';
      record(phase.what, signals, stopped, `completed ${completed.join(', ') || 'never'}; ${left}`);
      expectCleanStop(stopped, 0);
      expect(stopped.stdout).not.toMatch(/unexpected error|\n\s+at \S+ \(/);
      expect(completed).toEqual(['Canceled']);
      expect(phase.left === 'canceled' ? canceled : named).toBe(true);
    },
  );
});
