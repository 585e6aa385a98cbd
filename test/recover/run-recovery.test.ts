/**
 * A pipeline run or build whose create got no usable answer: aztm looks for the run it queued (by
 * the rules of run-match.ts) and returns it, or stops, naming each candidate; it sends the create
 * again only when every look found no new run of its identity. The lookup's waits are recorded,
 * never slept.
 */
import { describe, expect, it } from 'vitest';
import { AzureDevOpsError } from '../../src/azdo/errors.ts';
import { InterruptedError } from '../../src/interrupted.ts';
import { LostCreateError } from '../../src/recover/lost-create.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { addFault, requestsTo } from '../azdo/client-helpers.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';
import {
  aztmPosts,
  BUILDS,
  pipelineRequest,
  PROJECT,
  queueRunAside,
  RUNS,
  triggerWithRecovery,
  type Triggered,
} from './recovery-harness.ts';

const JOB_TOKEN = (sim: TestSimulator): string =>
  `Bearer ${sim.state.scenario.tokens.find((token) => token.name === 'job')?.value ?? ''}`;

function lostCreate(triggered: Triggered): LostCreateError {
  const { outcome } = triggered;
  if (outcome.kind !== 'error' || !(outcome.error instanceof LostCreateError)) {
    throw new Error(`expected a LostCreateError, got ${JSON.stringify(outcome)}`);
  }
  return outcome.error;
}

function handleId(triggered: Triggered): number {
  if (triggered.outcome.kind !== 'handle') throw triggered.outcome.error;
  return triggered.outcome.handle.id;
}

/**
 * A fetch that, when a POST gets no answer, has another client queue a run first: at the first
 * such POST, or at the `at`-th.
 */
function withRunQueuedAside(
  sim: TestSimulator,
  aside: Parameters<typeof queueRunAside>[1] = {},
  at = 1,
): typeof fetch {
  let lost = 0;
  return async (input, init) => {
    try {
      return await fetch(input, init);
    } catch (error) {
      if (init?.method === 'POST' && ++lost === at) await queueRunAside(sim, aside);
      throw error;
    }
  };
}

describe('the answer to the create was lost after the service acted', () => {
  it('pipeline: the run aztm queued is found at once and returned, with a notice', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(sim, pipelineRequest('main'));

    const [build] = [...sim.state.builds.values()];
    expect(handleId(triggered)).toBe(build?.id);
    expect(triggered.outcome).toMatchObject({
      handle: { kind: 'pipeline', url: expect.stringContaining(`buildId=${build?.id}`) },
    });
    expect(triggered.notices).toEqual([
      expect.stringMatching(
        new RegExp(
          `^the create request got no answer \\(.+\\): found pipeline run ${build?.id} that aztm created \\(queued by Ada Admin at .+\\); the request was not sent again$`,
        ),
      ),
    ]);
    expect(triggered.waits).toEqual([]);
    expect(aztmPosts(sim, RUNS)).toHaveLength(1);
    expect(sim.state.builds.size).toBe(1);
  });

  it('classic build: the same, through the Build API', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: BUILDS.source });
    const triggered = await triggerWithRecovery(sim, {
      kind: 'build',
      project: PROJECT,
      definition: { id: 7 },
      variables: {},
    });

    const [build] = [...sim.state.builds.values()];
    expect(handleId(triggered)).toBe(build?.id);
    expect(triggered.notices[0]).toMatch(new RegExp(`found build ${build?.id} that aztm created`));
    expect(aztmPosts(sim, BUILDS)).toHaveLength(1);
    expect(sim.state.builds.size).toBe(1);
  });

  it('a run queued meanwhile by another identity is not mistaken for ours', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(sim, pipelineRequest('main'), {
      fetch: withRunQueuedAside(sim, { authorization: JOB_TOKEN(sim) }),
    });

    const [ours, theirs] = [...sim.state.builds.values()];
    expect(theirs).toBeDefined();
    expect(handleId(triggered)).toBe(ours?.id);
    expect(aztmPosts(sim, RUNS)).toHaveLength(1);
  });

  it('a run queued meanwhile by the same identity on another branch is not ours either', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(sim, pipelineRequest('main'), {
      fetch: withRunQueuedAside(sim, { branch: 'refs/heads/release/1.0' }),
    });

    const [ours] = [...sim.state.builds.values()];
    expect(sim.state.builds.size).toBe(2);
    expect(handleId(triggered)).toBe(ours?.id);
  });

  it('runs that existed before the create are never taken for the new one', async () => {
    const sim = await startTestSimulator(defaultScenario());
    await queueRunAside(sim, { branch: 'refs/heads/main' });
    await queueRunAside(sim, { branch: 'refs/heads/main' });
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(sim, pipelineRequest('main'));

    const newest = Math.max(...sim.state.builds.keys());
    expect(handleId(triggered)).toBe(newest);
    expect(sim.state.builds.size).toBe(3);
  });
});

describe('aztm cannot tell: it stops, names each candidate, and sends nothing again', () => {
  it('another run of the same identity, branch and pipeline queued meanwhile: several candidates', async () => {
    const sim = await startTestSimulator(defaultScenario());
    // One run from before: it is known, and it sets the window (its queue time less 2 minutes).
    await queueRunAside(sim, { branch: 'refs/heads/main' });
    const before = [...sim.state.builds.keys()];
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(sim, pipelineRequest('main'), {
      fetch: withRunQueuedAside(sim, { branch: 'refs/heads/main' }),
    });

    const error = lostCreate(triggered);
    const ids = [...sim.state.builds.keys()]
      .filter((id) => !before.includes(id))
      .sort((a, b) => b - a);
    expect(error.candidates.map((candidate) => candidate.id)).toEqual(ids);
    const urls = ids.map((id) => `http://\\S+/_build/results\\?buildId=${id}`).join(', ');
    expect(error.message).toMatch(
      new RegExp(
        `^the create request got no answer \\(.+\\) and aztm cannot tell whether it created a pipeline run of "infra\\\\deploy-gateway": 2 new runs queued by Ada Admin since 2026-01-01T08:58:00.000Z could each be it: ${urls}\\. aztm did not send the request again; check http://.+/DevOps/_build\\?definitionId=42 before you trigger it again$`,
      ),
    );
    expect(error).toBeInstanceOf(AzureDevOpsError);
    expect(error).toMatchObject({ kind: 'network', outcomeUnknown: true, sends: 1 });
    // Several candidates cannot become one: no wait.
    expect(triggered.waits).toEqual([]);
    expect(triggered.notices).toEqual([]);
    expect(aztmPosts(sim, RUNS)).toHaveLength(1);
  });

  it('lost before the service acted, while the same identity queued the pipeline with other template parameters: that run is named, never taken', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetBeforeHandling', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(
      sim,
      pipelineRequest('main', { templateParameters: { env: 'staging' } }),
      {
        fetch: withRunQueuedAside(sim, {
          branch: 'refs/heads/main',
          templateParameters: { env: 'prod' },
        }),
      },
    );

    const error = lostCreate(triggered);
    const [theirs] = [...sim.state.builds.keys()];
    expect(sim.state.builds.size).toBe(1);
    expect(error.candidates).toEqual([
      {
        id: theirs,
        url: expect.stringMatching(new RegExp(`/_build/results\\?buildId=${theirs}$`)),
        note: 'template parameter env has another value',
      },
    ]);
    expect(error.message).toMatch(
      /: 1 new run queued by Ada Admin was found in 4 looks over 10 s, none shown with what aztm asked for, yet its own may be among them: http:\/\/\S+\?buildId=\d+ \(template parameter env has another value\)\. aztm did not send the request again;/,
    );
    // Ours may have been listed late: every look was made before giving up, and none sent again.
    expect(triggered.waits).toEqual([1_000, 3_000, 6_000]);
    expect(aztmPosts(sim, RUNS)).toHaveLength(1);
  });

  it('stages to skip: the run found cannot be compared, so it is named, not taken', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(
      sim,
      pipelineRequest('main', { stagesToSkip: ['Deploy'] }),
    );

    const error = lostCreate(triggered);
    const [ours] = [...sim.state.builds.keys()];
    expect(error.candidates).toMatchObject([
      { id: ours, note: 'cannot be compared: the stages a run was asked to skip are not shown' },
    ]);
    expect(error.message).toMatch(/1 new run queued by Ada Admin could be it: /);
    expect(aztmPosts(sim, RUNS)).toHaveLength(1);
  });

  it('the runs could not be listed before the create: a new run cannot be told from an old one', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'htmlBody', method: 'GET', path: BUILDS.source, count: 1 });
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(sim, pipelineRequest());

    const error = lostCreate(triggered);
    expect(error.message).toMatch(
      /: its recent runs could not be listed before the request was sent \(Azure DevOps answered GET .+ with an HTML page where JSON was expected\), so a new run cannot be told from an older one\./,
    );
    expect(aztmPosts(sim, RUNS)).toHaveLength(1);
    expect(sim.state.builds.size).toBe(1);
  });
});

describe('the create is sent again only when the looks show nothing was made', () => {
  it('reset before the service acted: nothing found after every look, sent again, one run', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetBeforeHandling', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(sim, pipelineRequest());

    expect(sim.state.builds.size).toBe(1);
    expect(handleId(triggered)).toBe([...sim.state.builds.keys()][0]);
    expect(triggered.waits).toEqual([1_000, 3_000, 6_000]);
    expect(triggered.notices).toEqual([
      expect.stringMatching(
        /^the create request got no answer \(.+\) and no new run queued by Ada Admin was found in 4 looks over 10 s: aztm takes it that no pipeline run was created and sends the request again \(2 of at most 3\)$/,
      ),
    ]);
    expect(aztmPosts(sim, RUNS).map((entry) => entry.status)).toEqual([null, 200]);
  });

  it('interrupted while looking: the looks end, nothing is sent again, and it is not "nothing was triggered"', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetBeforeHandling', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(sim, pipelineRequest(), {}, { interruptAtWait: 2 });

    const { outcome } = triggered;
    expect(outcome.kind === 'error' && outcome.error).toBeInstanceOf(InterruptedError);
    expect(outcome).toMatchObject({
      error: {
        phase: 'create',
        message: expect.stringMatching(
          /^interrupted after the create request got no answer \(.+\) and no new run queued by Ada Admin was found in 4 looks over 10 s; aztm did not send the request again: a pipeline run of "infra\\deploy-gateway" may have been created; check http:\/\/\S+\/_build\?definitionId=42$/,
        ),
      },
    });
    expect(aztmPosts(sim, RUNS)).toHaveLength(1);
  });

  it('every send lost before the service acted: three sends, each looked for, then exit', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, {
      kind: 'resetBeforeHandling',
      method: 'POST',
      path: RUNS.source,
      count: 'unlimited',
    });
    const triggered = await triggerWithRecovery(sim, pipelineRequest());

    const error = lostCreate(triggered);
    expect(error.sends).toBe(3);
    expect(error.message).toMatch(
      /: no new run queued by Ada Admin was found in 4 looks over 10 s\. aztm sent the request 3 times and will not send it again; check /,
    );
    expect(triggered.waits).toEqual([
      1_000, 3_000, 6_000, 1_000, 3_000, 6_000, 1_000, 3_000, 6_000,
    ]);
    expect(triggered.notices).toHaveLength(2);
    expect(aztmPosts(sim, RUNS)).toHaveLength(3);
    expect(sim.state.builds.size).toBe(0);
  });

  it('the first send made a run after all, found with the second: both named, no third', async () => {
    // The first send's run is listed only after the looks gave up on it (a service slower than
    // aztm's waits); the second send's answer is lost too: both runs are aztm's in full.
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetBeforeHandling', method: 'POST', path: RUNS.source });
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(sim, pipelineRequest('main'), {
      fetch: withRunQueuedAside(sim, { branch: 'refs/heads/main' }, 2),
    });

    const error = lostCreate(triggered);
    expect(error.sends).toBe(2);
    expect(error.candidates).toHaveLength(2);
    expect(error.message).toMatch(/2 new runs queued by Ada Admin could each be it: /);
    expect(aztmPosts(sim, RUNS)).toHaveLength(2);
  });

  it.each([
    ['500', { kind: 'serverError', status: 500 }],
    ['503 with Retry-After', { kind: 'serverError', status: 503, retryAfter: 0 }],
    ['429 with Retry-After', { kind: 'throttle', retryAfter: 0 }],
  ])(
    '%s before the service acted: aztm cannot tell who answered, looks first, then sends again',
    async (_label, fault) => {
      const sim = await startTestSimulator(defaultScenario());
      addFault(sim, { ...fault, method: 'POST', path: RUNS.source });
      const triggered = await triggerWithRecovery(sim, pipelineRequest());

      expect(handleId(triggered)).toBe([...sim.state.builds.keys()][0]);
      expect(sim.state.builds.size).toBe(1);
      expect(triggered.waits).toEqual([1_000, 3_000, 6_000]);
      expect(triggered.notices).toEqual([
        expect.stringMatching(/^the create request got HTTP (500|503|429) and no new run /),
      ]);
      expect(aztmPosts(sim, RUNS)).toHaveLength(2);
    },
  );

  it.each([429, 500, 502, 503, 504])(
    'a gateway answered %i after the service acted: the run it made is found, not sent again',
    async (status) => {
      const sim = await startTestSimulator(defaultScenario());
      addFault(sim, {
        kind: 'answerAfterCommit',
        status,
        retryAfter: 0,
        method: 'POST',
        path: RUNS.source,
      });
      const triggered = await triggerWithRecovery(sim, pipelineRequest('main'));

      const [build] = [...sim.state.builds.values()];
      expect(handleId(triggered)).toBe(build?.id);
      expect(triggered.notices).toEqual([
        expect.stringMatching(
          new RegExp(
            `^the create request got HTTP ${status}: found pipeline run ${build?.id} that aztm created \\(queued by Ada Admin at .+, with what aztm asked for\\); the request was not sent again$`,
          ),
        ),
      ]);
      expect(triggered.waits).toEqual([]);
      expect(aztmPosts(sim, RUNS)).toHaveLength(1);
    },
  );

  it('a refusal (400) is the service’s: not looked for, not sent again', async () => {
    const sim = await startTestSimulator(defaultScenario());
    const triggered = await triggerWithRecovery(
      sim,
      pipelineRequest('main', { templateParameters: { env: 'nowhere' } }),
    );

    expect(triggered.outcome).toMatchObject({
      kind: 'error',
      error: { kind: 'validation', status: 400, outcomeUnknown: false },
    });
    expect(aztmPosts(sim, RUNS)).toHaveLength(1);
    expect(triggered.waits).toEqual([]);
    expect(requestsTo(sim, 'GET', /connectionData$/)).toEqual([]);
  });
});
