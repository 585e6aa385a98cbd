// Loaded with `node --import` before the CLI, never bundled into it: when the process exits, writes
// its resource usage (peak RSS, CPU time) to the file named by BENCH_USAGE_FILE, so the benchmark
// can read what the CLI process cost without changing the CLI. It also notes the heap in use just
// after each full garbage collection: what is live, as opposed to what the process has reserved.
import { writeFileSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  let liveHeapMaxBytes = 0;
  let majorCollections = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      majorCollections++;
      liveHeapMaxBytes = Math.max(liveHeapMaxBytes, process.memoryUsage().heapUsed);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ usage, liveHeapMaxBytes, majorCollections }));
  });
}
