/**
 * What the recovery tests share: a target resolved against a test simulator, triggered with the
 * lookup's waits recorded instead of slept, its notices kept, and the create requests aztm itself
 * sent (told from the tests' own requests by the user agent).
 */
import type { AzureDevOpsClientOptions } from '../../src/azdo/client.ts';
import { resolveTarget } from '../../src/resolve/index.ts';
import type { Handle, PipelineRequest, TargetRequest } from '../../src/target.ts';
import { trigger } from '../../src/trigger.ts';
import type { LoggedRequest } from '../../src/simulator/state.ts';
import { clientFor, requestsTo } from '../azdo/client-helpers.ts';
import type { TestSimulator } from '../helpers/simulator.ts';

export const PROJECT = 'DevOps';
export const RUNS = /_apis\/pipelines\/42\/runs$/;
export const BUILDS = /_apis\/build\/builds$/;
export const RELEASES = /_apis\/release\/releases$/;

export interface Triggered {
  /** The handle, or the error the trigger threw. */
  readonly outcome: { kind: 'handle'; handle: Handle } | { kind: 'error'; error: unknown };
  readonly notices: string[];
  /** The lookup's waits, in ms (none is actually waited). */
  readonly waits: number[];
}

/**
 * Resolves and triggers `request`; with `interruptAtWait`, an interrupt (SIGINT) comes during
 * the lookup's wait of that number (1 for the first).
 */
export async function triggerWithRecovery(
  sim: TestSimulator,
  request: TargetRequest,
  overrides: Partial<AzureDevOpsClientOptions> = {},
  options: { readonly interruptAtWait?: number } = {},
): Promise<Triggered> {
  const { client } = clientFor(sim, overrides);
  const target = await resolveTarget(client, request);
  const notices: string[] = [];
  const waits: number[] = [];
  const interrupt = new AbortController();
  const outcome = await trigger(client, target, {
    onNotice: (message) => notices.push(message),
    interrupt: interrupt.signal,
    recovery: {
      sleep: (ms) => {
        waits.push(ms);
        if (waits.length === options.interruptAtWait) interrupt.abort();
        return Promise.resolve();
      },
      newRequestId: () => '00000000-0000-4000-8000-00000000c0de',
    },
  }).then(
    (handle) => ({ kind: 'handle' as const, handle }),
    (error: unknown) => ({ kind: 'error' as const, error }),
  );
  return { outcome, notices, waits };
}

/** The create requests aztm sent (the tests' own requests carry another user agent). */
export function aztmPosts(sim: TestSimulator, path: RegExp): LoggedRequest[] {
  return requestsTo(sim, 'POST', path).filter((entry) =>
    entry.headers['user-agent']?.startsWith('aztm/'),
  );
}

export function pipelineRequest(
  branch?: string,
  changes: Partial<Pick<PipelineRequest, 'templateParameters' | 'stagesToSkip'>> = {},
): TargetRequest {
  return {
    kind: 'pipeline',
    project: PROJECT,
    pipeline: { id: 42 },
    ...(branch ? { branch } : {}),
    variables: {},
    templateParameters: {},
    stagesToSkip: [],
    ...changes,
  };
}

/**
 * Queues a run of pipeline 42 as another client would, with `authorization` if given (else as
 * the identity aztm signs in as) and the branch and template parameters given.
 */
export async function queueRunAside(
  sim: TestSimulator,
  options: {
    authorization?: string;
    branch?: string;
    templateParameters?: Record<string, string>;
  } = {},
): Promise<void> {
  const answer = await sim.api(`${PROJECT}/_apis/pipelines/42/runs?api-version=7.1`, {
    method: 'POST',
    json: {
      ...(options.branch
        ? { resources: { repositories: { self: { refName: options.branch } } } }
        : {}),
      ...(options.templateParameters ? { templateParameters: options.templateParameters } : {}),
    },
    ...(options.authorization ? { headers: { authorization: options.authorization } } : {}),
  });
  if (!answer.ok)
    throw new Error(`queueing a run aside failed: ${answer.status} ${await answer.text()}`);
}
