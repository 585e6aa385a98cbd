/**
 * A benchmark simulator in a process of its own (bench/remote-sim.ts starts it): the times in its
 * request log are then not delayed by the work of the benchmark process, where the other
 * measurements run side by side. Prints one JSON line with its URL and token, serves until
 * SIGTERM.
 */
import { startBenchSimulator, type BenchPipeline } from './sim.ts';

const pipelines = JSON.parse(process.argv[2] ?? '[]') as BenchPipeline[];
const sim = await startBenchSimulator(pipelines);
process.stdout.write(
  `${JSON.stringify({ rootUrl: sim.rootUrl, organizationUrl: sim.organizationUrl, token: sim.token.value })}\n`,
);
process.once('SIGTERM', () => {
  void sim.close().then(() => process.exit(0));
});
