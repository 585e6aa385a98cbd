/**
 * Runs the following-cost measurement in a process of its own, so that the other measurements
 * running beside it (the scale flows, whose simulators live in the benchmark's process) cannot
 * delay the moment it sees a follower exit. Prints the figures as one JSON line on stdout.
 *
 * Usage: node --import tsx bench/following-process.ts RUN_SECONDS...
 */
import { measureFollowing } from './following.ts';

const runSeconds = process.argv.slice(2).map(Number);
if (runSeconds.length === 0 || runSeconds.some((value) => !(value > 0))) {
  throw new Error('usage: following-process.ts RUN_SECONDS...');
}
process.stdout.write(`${JSON.stringify(await measureFollowing(runSeconds))}\n`);
