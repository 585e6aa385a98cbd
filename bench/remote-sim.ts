/**
 * Starts bench/sim-process.ts and talks to it: its organization URL and token, and at the end its
 * request log through the simulator's admin API (`GET /_sim/requests`).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { LoggedRequest } from '../src/simulator/state.ts';
import type { BenchPipeline } from './sim.ts';

export interface RemoteSimulator {
  readonly organizationUrl: string;
  readonly token: string;
  requests(): Promise<LoggedRequest[]>;
  close(): Promise<void>;
}

export async function startRemoteSimulator(
  pipelines: readonly BenchPipeline[],
): Promise<RemoteSimulator> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('./sim-process.ts', import.meta.url).pathname,
      JSON.stringify(pipelines),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`the benchmark simulator exited (${code})`)));
  });
  const started = JSON.parse(first) as { rootUrl: string; organizationUrl: string; token: string };
  return {
    organizationUrl: started.organizationUrl,
    token: started.token,
    async requests() {
      const answer = await fetch(`${started.rootUrl}/_sim/requests`);
      return ((await answer.json()) as { value: LoggedRequest[] }).value;
    },
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
