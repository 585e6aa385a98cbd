/**
 * Recorded real answers (test/fixtures/real/) through the product's client and the follow core,
 * asserting what a user sees. The answers reach the client through its `fetch`, so the transport
 * and the decoders are on the path, as they are against the real service.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAzureDevOpsClient } from '../../src/azdo/client.ts';
import { readAnswer } from '../../src/azdo/decode/read.ts';
import { release as releaseReader, releaseEnvironment } from '../../src/azdo/decode/releases.ts';
import { errorFromAnswer } from '../../src/azdo/errors.ts';
import type { FollowEvent } from '../../src/follow/events.ts';
import { follow } from '../../src/follow/follow.ts';
import { environmentStageState } from '../../src/follow/release-stage.ts';
import { snapshotOfRelease } from '../../src/follow/release-snapshot.ts';
import type { Handle } from '../../src/target.ts';
import { CORPUS_DIR, corpusAnswers } from '../fixtures/real/corpus.ts';
import { fakeTime } from '../azdo/client-helpers.ts';

const ORG = 'https://dev.azure.com/test';
const POLL_MS = 10_000;

function corpusText(file: string): string {
  return readFileSync(join(CORPUS_DIR, file), 'utf8');
}

function corpusJson(file: string): Record<string, unknown> {
  return JSON.parse(corpusText(file).replace(/^\uFEFF/, '')) as Record<string, unknown>;
}

/**
 * A `fetch` that answers each path pattern with its recorded bodies in turn, the last one again
 * once they run out (a poll may ask once more); every request is logged.
 */
function scriptedFetch(script: readonly { path: RegExp; bodies: readonly string[] }[]): {
  fetch: typeof fetch;
  log: string[];
} {
  const served = new Map<RegExp, number>();
  const log: string[] = [];
  const fetchFake = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    log.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
    const entry = script.find((item) => item.path.test(url.pathname));
    if (!entry) return Promise.resolve(new Response('', { status: 404 }));
    const index = served.get(entry.path) ?? 0;
    served.set(entry.path, index + 1);
    const body = entry.bodies[Math.min(index, entry.bodies.length - 1)] ?? '';
    return Promise.resolve(
      new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }),
    );
  };
  return { fetch: fetchFake, log };
}

describe('a run followed through recorded real answers', () => {
  it('ends with the build result at the poll that sees it completed, though every timeline read after the first answered records: null', async () => {
    const running = corpusText('build/vsteam-build-2272-inprogress.json');
    const succeeded = corpusText('build/vsteam-build-568-succeeded.json');
    const { fetch, log } = scriptedFetch([
      {
        path: /\/builds\/\d+\/timeline$/i,
        bodies: [
          corpusText('timeline/vsteam-build822-full.json'),
          corpusText('timeline/vsteam-records-null.json'),
        ],
      },
      { path: /\/builds\/\d+$/i, bodies: [running, running, running, running, succeeded] },
    ]);
    const time = fakeTime();
    const client = createAzureDevOpsClient({
      organizationUrl: ORG,
      credential: { scheme: 'bearer', secret: 'replay-token' },
      fetch,
      retry: time.retry,
    });
    const handle: Handle = {
      kind: 'pipeline',
      project: 'Demo',
      id: 822,
      url: `${ORG}/Demo/_build/results?buildId=822`,
      definitionName: 'PeopleTracker',
    };
    const events: FollowEvent[] = [];
    let polls = 1;
    const outcome = await follow(client, handle, {
      pollIntervalMs: POLL_MS,
      now: time.retry.now,
      sleep: async (ms) => {
        polls += 1;
        if (polls > 20) throw new Error('still following after 20 polls');
        await time.retry.sleep(ms);
      },
      onEvent: (event) => events.push(event),
    });

    expect(outcome.result).toBe('succeeded');
    // The fifth build read is the first that says completed: no poll more.
    expect(polls).toBe(5);
    expect(log.filter((line) => /timeline\?changeId=27$/.test(line))).toHaveLength(4);
    const notices = events.flatMap((event) => (event.type === 'notice' ? [event.message] : []));
    expect(notices.filter((message) => /lost contact|cannot read/i.test(message))).toEqual([]);
  });
});

describe('release 178 as recorded (19 stages, PascalCase operationStatus)', () => {
  const raw = corpusJson('release/vsteam-release-178-expand-environments.json');
  const decoded = readAnswer(releaseReader, raw);

  it('maps every stage as recorded, in rank order, and succeeds', () => {
    const recorded = (raw.environments as { name: string; rank: number; status: string }[])
      .slice()
      .sort((a, b) => a.rank - b.rank)
      .map((env) => ({ name: env.name, state: env.status }));
    const snapshot = snapshotOfRelease(decoded.value, {
      url: 'https://dev.azure.com/test/_release?releaseId=178',
      caller: null,
      stagesToDeploy: null,
    });
    expect(recorded).toHaveLength(19);
    expect(snapshot.stages.map((stage) => ({ name: stage.name, state: stage.state }))).toEqual(
      recorded,
    );
    expect(snapshot).toMatchObject({ status: 'completed', result: 'succeeded' });
    expect(decoded.unrecognized).toEqual([]);
  });

  // A recorded stage, its last attempt's operationStatus set to each PascalCase word the service
  // writes (§13 row 2) while the stage is open.
  const recordedStage = corpusJson('release-environment/vsteam-release-178-environment-first.json');
  const openWith = (operationStatus: string, status = 'inProgress'): unknown => {
    const steps = (recordedStage.deploySteps as Record<string, unknown>[]).map((step) => ({
      ...step,
      operationStatus,
    }));
    return { ...recordedStage, status, deploySteps: steps, preDeployApprovals: [] };
  };

  it.each([
    ['Pending', 'waitingForApproval'],
    ['ManualInterventionPending', 'waitingForApproval'],
    ['EvaluatingGates', 'waitingForChecks'],
    ['Cancelling', 'cancelling'],
    ['QueuedForAgent', 'queued'],
    ['PhaseInProgress', 'running'],
  ])('an open stage whose attempt says %s is %s', (operation, state) => {
    const env = readAnswer(releaseEnvironment, openWith(operation));
    expect(env.unrecognized).toEqual([]);
    expect(environmentStageState(env.value)).toBe(state);
  });

  it('a stage rejected with operationStatus Rejected and no approval listed is rejected, not failed', () => {
    const env = readAnswer(releaseEnvironment, openWith('Rejected', 'rejected'));
    expect(environmentStageState(env.value)).toBe('rejected');
  });
});

describe('recorded error answers', () => {
  const byFile = new Map(corpusAnswers().map((answer) => [answer.file, answer]));
  const errorOf = (file: string) => {
    const answer = byFile.get(file);
    if (!answer) throw new Error(`no corpus file ${file}`);
    const request = { method: 'GET', url: `${ORG}/_apis/projects` };
    return errorFromAnswer(request, answer.status, answer.body, answer.headers);
  };

  it('a 503 whose body starts with a byte-order mark shows the service message TF24668', () => {
    const error = errorOf('http/cli-503-tf24668-bom.json');
    expect(error.kind).toBe('server');
    expect(error.typeKey).toBe('VssServiceException');
    expect(error.message).toMatch(/^TF24668: The following team project collection is stopped/);
  });

  it('a text/plain 404 still shows the message of its x-tfs-serviceerror header', () => {
    const answer = byFile.get('http/cli-404-text-plain-controller.json');
    const header = answer?.headers.get('x-tfs-serviceerror') ?? '';
    expect(header).not.toBe('');
    const error = errorOf('http/cli-404-text-plain-controller.json');
    expect(error.kind).toBe('notFound');
    expect(error.message).toBe(decodeURIComponent(header.replace(/\+/g, ' ')));
  });

  it('a 401 with an empty body is a sign-in failure', () => {
    expect(errorOf('http/cli-401-empty-body.json').kind).toBe('signIn');
  });

  it('a 400 carries the service typeKey', () => {
    const error = errorOf('http/cli-400-typekey-teamfield.json');
    expect(error.kind).toBe('validation');
    expect(error.typeKey).not.toBeNull();
  });
});
