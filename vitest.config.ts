import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Files run in parallel, each in its own fork, so a hung server dies with its fork. Two at
    // once: vitest's default (one fewer than the cores) would run them one by one on two cores,
    // and most files wait on the network and the simulator's clock rather than on the CPU.
    pool: 'forks',
    maxWorkers: 2,
  },
});
