/**
 * `--json`: one result object, the last line of stdout (docs/design/cli-contract.md, "The --json
 * result"). Logging commands of agent mode may come before it on stdout: the agent must read them
 * there.
 */
import type { FollowEvent } from '../follow/events.ts';
import type { Outcome, Result, StageOutcome, Stopped } from '../outcome.ts';
import type { TextSink } from '../redact.ts';
import type { Reporter } from './reporter.ts';
import { neutraliseJson } from './safe-text.ts';

interface JsonResult {
  readonly kind: Outcome['handle']['kind'];
  readonly id: number;
  readonly url: string;
  readonly result: Result;
  readonly stages: readonly StageOutcome[];
  readonly startedAt: string;
  readonly finishedAt: string;
  /**
   * After the contract's keys, when aztm stopped following before the run ended: whether it was
   * canceled, and its status when last read (`canceled: false`: it may still be running).
   */
  readonly stopped?: Stopped;
}

/** The result object, its keys in the contract's order, then `stopped` when set. */
function jsonResult(outcome: Outcome): JsonResult {
  return {
    kind: outcome.handle.kind,
    id: outcome.handle.id,
    url: outcome.handle.url,
    result: outcome.result,
    stages: outcome.stages.map((stage) => ({ name: stage.name, result: stage.result })),
    startedAt: outcome.startedAt,
    finishedAt: outcome.finishedAt,
    ...(outcome.stopped ? { stopped: outcome.stopped } : {}),
  };
}

export class JsonReporter implements Reporter {
  readonly #stdout: TextSink;

  constructor(stdout: TextSink) {
    this.#stdout = stdout;
  }

  onEvent(event: FollowEvent): void {
    if (event.type !== 'finished') return;
    // One line: JSON.stringify escapes newlines inside strings, and the agent cannot take a
    // stage name for a command (`neutraliseJson`).
    this.#stdout.write(`${neutraliseJson(JSON.stringify(jsonResult(event.outcome)))}\n`);
  }

  close(): void {
    // Nothing held.
  }
}
