/**
 * What test/faults/bad-answers.test.ts checks and records of each CLI run: no stack trace, how
 * many creates, the lost/back notices, and a stable summary (no ids, ports or times) for
 * docs/reliability.md.
 */
import { expect } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import type { Scenario } from '../../src/simulator/scenario/model.ts';
import type { CliResult } from '../helpers/cli.ts';
import { createRequests } from '../helpers/e2e.ts';
import { fault } from './fault-run.ts';

/** A stack trace's frame lines: never printed for anything but a bug. */
export const STACK_TRACE = /\n\s+at /;
export const LOST = /lost contact with Azure DevOps/g;
export const BACK = /back in contact with Azure DevOps/g;

/** The built-in scenario with these faults injected from the start. */
export function withFaults(...faults: Record<string, unknown>[]): Scenario {
  return { ...defaultScenario(), faults: faults.map(fault) };
}

export const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

/** What every run must show: no stack trace anywhere, and exactly `creates` create requests. */
export function expectTidy(sim: RunningSimulator, result: CliResult, creates: number): void {
  expect(result.stderr).not.toMatch(STACK_TRACE);
  expect(result.stdout).not.toMatch(STACK_TRACE);
  expect(createRequests(sim)).toHaveLength(creates);
}

/** A DELETE or POST to the admin API; fails the test unless it answers 2xx. */
export async function adminCall(
  sim: RunningSimulator,
  method: 'DELETE' | 'POST',
  path: string,
): Promise<void> {
  const answer = await fetch(`${sim.rootUrl}/_sim/${path}`, { method });
  expect(answer.ok, `${method} /_sim/${path}: ${answer.status}`).toBe(true);
}

/**
 * The observed column: exit code, creates, notices, and the first `aztm:` line with the run's id
 * and every URL left out, so that the document changes only when behaviour does.
 */
export function observed(sim: RunningSimulator, result: CliResult, id?: string): string {
  const creates = createRequests(sim).length;
  const parts = [
    `exit ${String(result.code)}`,
    `${creates} create${creates === 1 ? '' : 's'}`,
    `lost/back notices: ${count(result.stderr, LOST)}/${count(result.stderr, BACK)}`,
    'no stack trace',
  ];
  const unknown = count(result.stderr, /a value aztm does not know/g);
  if (unknown > 0) parts.push(`unknown-value warnings: ${unknown}`);
  const refused = count(result.stderr, /warning: Azure DevOps refused to show/g);
  if (refused > 0) parts.push(`refused warnings: ${refused}`);
  const said = /^aztm: (.*)$/m.exec(result.stderr)?.[1];
  if (said) {
    let text = said.replace(/https?:\/\/[^\s)]+/g, '<url>');
    if (id) text = text.replaceAll(id, 'N');
    parts.push(`"${text}"`);
  }
  return parts.join('; ');
}
