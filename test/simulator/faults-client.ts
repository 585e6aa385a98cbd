/**
 * What the fault tests share: a plain HTTP client (node:http, no retries, no parsing) and
 * simulators with faults, built through the same reader the scenario file and admin API use.
 */
import { request as httpRequest } from 'node:http';
import type { FaultSpec } from '../../src/simulator/scenario/model.ts';
import { parseFaultSpec } from '../../src/simulator/scenario/faults.ts';
import { pipeline, project, scenario } from '../helpers/scenario-builder.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';

export type PlainAnswer =
  | { status: number; headers: Record<string, string | string[] | undefined>; text: string }
  | { error: string };

/** A plain HTTP client's view of one request: status, headers and body, or the socket error. */
export async function plainRequest(
  sim: TestSimulator,
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<PlainAnswer> {
  const url = new URL(`${sim.organizationUrl}/${path}`);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve) => {
    const req = httpRequest(
      url,
      {
        method,
        headers: {
          authorization: `Basic ${Buffer.from(`:${sim.token.value}`).toString('base64')}`,
          'content-type': 'application/json',
          ...(payload ? { 'content-length': Buffer.byteLength(payload) } : {}),
          ...extraHeaders,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message }),
    );
    req.end(payload);
  });
}

export function fault(input: Record<string, unknown>): FaultSpec {
  const parsed = parseFaultSpec(input);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

export const RUN_PATH = 'Infrastructure/_apis/pipelines/1/runs?api-version=7.1';
export const READ_PATH = 'Infrastructure/_apis/pipelines/1?api-version=7.1';

export async function simulatorWith(faults: FaultSpec[], seed = 1): Promise<TestSimulator> {
  return startTestSimulator(
    scenario({
      seed,
      projects: [project({ pipelines: [pipeline({ id: 1, name: 'app' })] })],
      faults,
    }),
  );
}

/**
 * An answer's JSON as a client must read it: error bodies start with a UTF-8 byte-order mark
 * (docs/design/azure-devops.md §13 row 6), which JSON.parse refuses.
 */
export function parseAnswer(text: string): unknown {
  return JSON.parse(text.replace(/^\uFEFF/, ''));
}
