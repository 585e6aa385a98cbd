/** The words reporters use for handles, states, results and times: one vocabulary everywhere. */
import type { FollowEvent } from '../follow/events.ts';
import { isFinalState } from '../follow/results.ts';
import type { StageState, StepState } from '../follow/snapshot.ts';
import { formatDuration } from '../duration.ts';
import type { Result, StageResult } from '../outcome.ts';
import type { Handle } from '../target.ts';

const KIND_NOUN: Readonly<Record<Handle['kind'], string>> = {
  pipeline: 'pipeline run',
  build: 'build',
  release: 'release',
};

/** `pipeline run 1000 of infra\deploy-gateway`, `release 57 (Release-12) of gateway`. */
export function describeHandle(handle: Handle): string {
  const number = handle.number ? ` (${handle.number})` : '';
  return `${KIND_NOUN[handle.kind]} ${handle.id}${number} of ${handle.definitionName}`;
}

/** `pipeline run 1000 (infra\deploy-gateway)`, for the result line. */
export function shortHandle(handle: Handle): string {
  return `${KIND_NOUN[handle.kind]} ${handle.id} (${handle.definitionName})`;
}

/** `pipeline run 1000`, or `the run` before anything was triggered. */
export function handleNoun(handle: Handle | undefined): string {
  return handle ? `${KIND_NOUN[handle.kind]} ${handle.id}` : 'the run';
}

/** Any state or result a reporter names. */
export type AnyState = StageState | StepState | Result;

const STATE_WORDS: Readonly<Record<AnyState, string>> = {
  notStarted: 'not started',
  queued: 'queued',
  waitingForApproval: 'waiting for approval',
  waitingForChecks: 'waiting for checks',
  scheduled: 'scheduled',
  running: 'running',
  cancelling: 'cancelling',
  pending: 'waiting',
  succeeded: 'succeeded',
  partiallySucceeded: 'partially succeeded',
  failed: 'failed',
  canceled: 'canceled',
  interrupted: 'interrupted, not canceled',
  timedOut: 'timed out',
  skipped: 'skipped',
  notDeployed: 'not deployed',
  rejected: 'rejected',
  notRun: 'not run',
};

export function stateWord(state: AnyState): string {
  return STATE_WORDS[state];
}

/** Whether a stage, job or task state is final (the follow core decides what is). */
export function isFinal(state: StageState | StepState): state is StageResult {
  return state !== 'pending' && isFinalState(state);
}

/** Results that make the work fail (what gets a job line, an error issue, a red mark). */
export function isFailure(state: AnyState): boolean {
  return state === 'failed' || state === 'timedOut' || state === 'rejected';
}

/** When an event happened: its own time, or the clock's for the one event without (`resolved`). */
export function eventTime(event: FollowEvent, now: () => Date): string {
  return 'at' in event ? event.at : now().toISOString();
}

/** `07:31:02`: the UTC time of day of an ISO time, for line prefixes. */
export function clockTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '--:--:--' : new Date(time).toISOString().slice(11, 19);
}

/** `2024-05-01 22:00 UTC`: when a scheduled stage will start. */
export function calendarTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const text = new Date(time).toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 16)} UTC`;
}

/** `2m 05s` between two ISO times, or undefined when either is missing or unreadable. */
export function durationBetween(from?: string, to?: string): string | undefined {
  if (from === undefined || to === undefined) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isNaN(ms) ? undefined : formatDuration(ms);
}

/**
 * ` in 2m 05s` for an end that was the goal, ` after 2m 05s` for one that was not; empty for
 * skipped or not deployed stages, which took no time, and when the duration is unknown.
 */
export function took(state: AnyState, duration: string | undefined): string {
  if (duration === undefined || state === 'skipped' || state === 'notDeployed') return '';
  return state === 'succeeded' || state === 'partiallySucceeded'
    ? ` in ${duration}`
    : ` after ${duration}`;
}
