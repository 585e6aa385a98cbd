import { execFileSync } from 'node:child_process';
import { clearReliabilityRows, writeReliabilityDoc } from './faults/reliability-table.ts';
import { clearCapturedRuns, findPrintedSecrets } from './helpers/output-capture.ts';

/**
 * Before any test: build the CLI once (the end-to-end tests run it as a process) and forget the
 * output of earlier runs. After all tests: write docs/reliability.md from the fault suite's rows,
 * and check every byte the CLI printed in them, and every `--trace` file it wrote, for the tokens
 * and secret values it was given; one found fails the whole run.
 */
export default function setup(): () => void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  clearCapturedRuns();
  clearReliabilityRows();
  return () => {
    if (writeReliabilityDoc()) process.stdout.write('docs/reliability.md written from this run\n');
    const { problems, runs, bytes } = findPrintedSecrets();
    if (problems.length > 0) {
      // vitest reports an error thrown here but keeps its exit code: set it ourselves.
      process.exitCode = 1;
      throw new Error(`secrets were printed by the CLI:\n${problems.join('\n')}`);
    }
    process.stdout.write(
      `no secret in the output and traces of ${runs} CLI runs (${bytes} bytes checked)\n`,
    );
  };
}
