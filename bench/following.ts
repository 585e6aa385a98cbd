/**
 * Following cost: `aztm pipeline` at the default poll interval (10 s, docs/design/cli-contract.md)
 * queues a run and follows it to its end. Several followers run at once, each against its own
 * simulator (so each log holds one process's requests), their runs of slightly different lengths so
 * that the runs end at different moments of the poll cycle.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunningSimulator } from '../src/simulator/index.ts';
import { cliEnv, runCliProcess } from './cli-process.ts';
import { section, type Row } from './markdown.ts';
import { BENCH_PROJECT, isCreate, runFinishTime, startBenchSimulator } from './sim.ts';
import { median } from './stats.ts';

const POLL_INTERVAL_S = 10;
const MAX_PER_MINUTE = 12;

export interface FollowerFigures {
  readonly runSeconds: number;
  /** Requests after the create, until the process exited. */
  readonly requestsAfterCreate: number;
  /** Polls seen (reads of the build) and the requests from the first poll to the last one. */
  readonly polls: number;
  readonly requestsBetweenPolls: number;
  readonly firstToLastPollMs: number;
  /** From the run's end in the simulator to the process's exit. */
  readonly exitDelayMs: number;
  readonly operations: readonly string[];
}

export interface FollowingFigures {
  readonly followers: readonly FollowerFigures[];
}

export async function measureFollowing(runSeconds: readonly number[]): Promise<FollowingFigures> {
  const followers = await Promise.all(runSeconds.map((seconds) => follower(seconds)));
  return { followers };
}

async function follower(seconds: number): Promise<FollowerFigures> {
  const sim = await startBenchSimulator([{ id: 1, seconds }]);
  try {
    const run = await runCliProcess(
      ['pipeline', '--pipeline-id', '1'],
      cliEnv({
        aztm_organization: sim.organizationUrl,
        aztm_project: BENCH_PROJECT,
        aztm_pat: sim.token.value,
      }),
    );
    if (run.code !== 0) throw new Error(`aztm pipeline exited ${run.code}:\n${run.stderr}`);
    return await figuresOf(sim, seconds, run.exitedAt);
  } finally {
    await sim.close();
  }
}

async function figuresOf(
  sim: RunningSimulator,
  seconds: number,
  exitedAt: number,
): Promise<FollowerFigures> {
  const log = sim.state.requests;
  const createIndex = log.findIndex(isCreate);
  const after = log.slice(createIndex + 1);
  const id = [...sim.state.builds.keys()][0];
  if (createIndex < 0 || id === undefined) throw new Error('no run was queued');
  // A poll starts with a read of the build (build-tracker.ts), then its timeline.
  const pollRead = new RegExp(`/_apis/build/builds/${id}(\\?|$)`);
  const polls = after.filter((entry) => entry.method === 'GET' && pollRead.test(entry.url));
  const first = polls[0];
  const last = polls.at(-1);
  const between =
    first && last ? after.filter((e) => e.time >= first.time && e.time < last.time).length : 0;
  const operations = new Map<string, number>();
  for (const entry of after) {
    const name = `${entry.method} ${entry.operation ?? entry.url.split('?')[0] ?? ''}`;
    operations.set(name, (operations.get(name) ?? 0) + 1);
  }
  return {
    runSeconds: seconds,
    requestsAfterCreate: after.length,
    polls: polls.length,
    requestsBetweenPolls: between,
    firstToLastPollMs: first && last ? last.time - first.time : 0,
    exitDelayMs: exitedAt - (await runFinishTime(sim, id)),
    operations: [...operations].map(([name, count]) => `${count}× ${name}`),
  };
}

export function followingSection(figures: FollowingFigures): string {
  const { followers } = figures;
  // Over a long follow, the requests per minute tend to those of the steady cycle: the requests
  // from the first poll to the last, over the time between them.
  const perMinute = followers.map(
    (f) => (f.requestsBetweenPolls * 60_000) / Math.max(1, f.firstToLastPollMs),
  );
  const worstPerMinute = Math.max(...perMinute);
  const wholePerMinute = followers.map(
    (f) => (f.requestsAfterCreate * 60) / (f.runSeconds + f.exitDelayMs / 1000),
  );
  const delays = followers.map((f) => f.exitDelayMs);
  const worstDelay = Math.max(...delays);
  const delayTarget = (POLL_INTERVAL_S + 1) * 1000;
  const rows: Row[] = [
    {
      figure: 'requests per followed run per minute (steady cycle), worst follower',
      value: `${worstPerMinute.toFixed(1)} (each: ${perMinute.map((v) => v.toFixed(1)).join(', ')})`,
      target: `at most ${MAX_PER_MINUTE}`,
      ok: worstPerMinute <= MAX_PER_MINUTE,
    },
    {
      figure: 'requests per minute over the whole follow, end included',
      value: wholePerMinute.map((v) => v.toFixed(1)).join(', '),
    },
    {
      figure: 'delay from the run’s end to aztm’s exit: median / worst',
      value: `${(median(delays) / 1000).toFixed(2)} s / ${(worstDelay / 1000).toFixed(2)} s`,
      target: `at most the poll interval + 1 s (${POLL_INTERVAL_S + 1} s)`,
      ok: worstDelay <= delayTarget,
    },
  ];
  const detail = followers.map(
    (f) =>
      `- run of ${f.runSeconds} s: ${f.polls} polls, ${f.requestsAfterCreate} requests after the create (${f.operations.join(', ')}), exit ${(f.exitDelayMs / 1000).toFixed(2)} s after the run ended`,
  );
  return section(
    '3. Following cost',
    [
      `${followers.length} \`aztm pipeline --pipeline-id 1\` processes at once, at the default poll interval (${POLL_INTERVAL_S} s), each queueing a run (3 stages of 2 jobs of 2 tasks) on its own simulator and following it to its end; the runs last ${followers.map((f) => f.runSeconds).join(', ')} s so that they end at different moments of the poll cycle.`,
      'Method: requests per minute of the steady cycle are the requests from the first poll to the last one over the time between them (what a run followed for hours costs); the whole-follow figure also counts the first and the last poll and what is read at the end. The run’s end is its `finishTime` in the simulator; the exit is when the benchmark sees the process exit; both on this machine’s clock.',
    ],
    rows,
    [...detail, ...notes(worstPerMinute, worstDelay, delayTarget)],
  );
}

function notes(worstPerMinute: number, worstDelayMs: number, delayTargetMs: number): string[] {
  const out: string[] = [];
  if (worstPerMinute > MAX_PER_MINUTE) {
    out.push(
      '',
      `**Over the request target** by ${(worstPerMinute - MAX_PER_MINUTE).toFixed(1)} a minute: a poll (src/follow/build-tracker.ts \`read\`) costs more than the build and its timeline; the operations above say which.`,
    );
  }
  if (worstDelayMs > delayTargetMs) {
    out.push(
      '',
      `**Late exit** by ${((worstDelayMs - delayTargetMs) / 1000).toFixed(2)} s over the poll interval + 1 s: what aztm does after it sees the end (src/follow/follow.ts \`#finish\`: the failure details, the report) or a busy machine delays it.`,
    );
  }
  return out;
}

/** measureFollowing in a process of its own (following-process.ts). */
export async function measureFollowingApart(
  runSeconds: readonly number[],
): Promise<FollowingFigures> {
  const entry = fileURLToPath(new URL('./following-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...runSeconds.map(String)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`the following measurement failed (exit ${code})`);
  return JSON.parse(out) as FollowingFigures;
}
